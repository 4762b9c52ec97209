using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Regimens;

namespace RegimenMonitor.Worker.Tests.Unit.Regimens;

/// <summary>
/// A code field (status, source) whose value is none of the contract's codes: the codes, and the one meant when the
/// value is close to it, as a misspelt type gets (found by a newcomer probe, L4); the value given is never shown.
/// </summary>
public sealed class CodeValueTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("canceled", "status must be one of completed, entered-in-error, cancelled, declined; did you mean \"cancelled\"?")]
    [InlineData("Completed", "status must be one of completed, entered-in-error, cancelled, declined; did you mean \"completed\"?")]
    [InlineData("entered in error", "status must be one of completed, entered-in-error, cancelled, declined; did you mean \"entered-in-error\"?")]
    [InlineData("on-hold", "status must be one of completed, entered-in-error, cancelled, declined")]
    public void A_dispense_status_close_to_a_code_gets_it_suggested(string status, string expected)
    {
        var refused = Assert.Throws<InvalidEventException>(() => EventMapper.Map(new MedicationDispensed
        {
            EventId = Guid.NewGuid(), PatientId = "PT-code", DispenseId = "RX1", DispensedAt = At, Status = status,
            Medication = new MedicationProduct { Text = "Zoloft 50 mg tablet" }, DaysSupply = 30,
        }, 30));

        Assert.Equal(expected, Assert.Single(refused.Failures));
    }

    [Theory]
    [InlineData("stoped", null, "status must be one of active, stopped, entered-in-error; did you mean \"stopped\"?")]
    [InlineData("paused", null, "status must be one of active, stopped, entered-in-error")]
    [InlineData("active", "pharmasist", "source must be one of patient, care-team, pharmacist; did you mean \"pharmacist\"?")]
    [InlineData("active", "care team", "source must be one of patient, care-team, pharmacist; did you mean \"care-team\"?")]
    [InlineData("active", "physician", "source must be one of patient, care-team, pharmacist")]
    public void A_statement_status_or_source_close_to_a_code_gets_it_suggested(string status, string? source, string expected)
    {
        var refused = Assert.Throws<InvalidEventException>(() => EventMapper.Map(new SupplementReported
        {
            EventId = Guid.NewGuid(), PatientId = "PT-code", StatementId = "S-1", ReportedAt = At, Status = status, Source = source,
            Supplement = new SupplementProduct { Text = "St John's wort" },
        }));

        Assert.Equal(expected, Assert.Single(refused.Failures));
    }

    [Theory]
    // found by an independent edge probe: a zero-padded RxCUI was kept as sent and mapped to nothing, so sertraline sent
    // as "0312938" beside St John's wort raised no SER-09; refusing it (the probe's fix) lost every event of such a feed,
    // its stops included (found by a review): the zeros are dropped
    [InlineData("0312938", "312938")]
    [InlineData("0000312938", "312938")]
    [InlineData("000000000312938", "312938")]
    [InlineData(" 0312938 ", "312938")]
    [InlineData("312938", "312938")]
    public void A_zero_padded_rxnorm_code_is_read_without_its_zeros(string code, string read)
    {
        var change = EventMapper.Map(new MedicationDispensed
        {
            EventId = Guid.NewGuid(), PatientId = "PT-code", DispenseId = "RX1", DispensedAt = At,
            Medication = new MedicationProduct { Text = "Zoloft 50 mg tablet", Rxnorm = code }, DaysSupply = 30,
        }, 30);

        Assert.Equal(read, change.Rxnorm);
        Assert.Equal(read, Terminology.TerminologyFiles.CanonicalRxNorm(code));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("0000000")]
    [InlineData("00000000312938x")]
    [InlineData("12345678901")]
    public void An_rxnorm_code_of_zeros_or_more_than_ten_digits_is_refused_naming_the_field(string code)
    {
        var refused = Assert.Throws<InvalidEventException>(() => EventMapper.Map(new MedicationDispensed
        {
            EventId = Guid.NewGuid(), PatientId = "PT-code", DispenseId = "RX1", DispensedAt = At,
            Medication = new MedicationProduct { Rxnorm = code }, DaysSupply = 30,
        }, 30));

        Assert.Equal("medication.rxnorm must be an RxNorm concept id: up to 10 digits (leading zeros aside), not zero, e.g. \"312938\"", Assert.Single(refused.Failures));
    }
}
