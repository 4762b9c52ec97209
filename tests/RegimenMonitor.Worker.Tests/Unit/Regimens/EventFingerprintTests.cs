using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Regimens;

namespace RegimenMonitor.Worker.Tests.Unit.Regimens;

/// <summary>What an event says, as the inbox compares a repeated event id (README, "Idempotency").</summary>
public sealed class EventFingerprintTests
{
    private static readonly RegimenChange Sertraline = EventMapper.Map(new MedicationDispensed
    {
        EventId = Guid.NewGuid(),
        PatientId = "PT-fp",
        DispenseId = "D-1",
        DispensedAt = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.FromHours(-5)),
        Medication = new MedicationProduct { Text = "Zoloft 50 mg tablet", Atc = "N06AB06", Ndc = "0049-4960-30" },
        DaysSupply = 30,
        Quantity = 30,
    }, 30);

    [Fact]
    public void The_same_facts_written_otherwise_are_the_same_event()
    {
        var fingerprint = EventFingerprint.Of(Sertraline);

        Assert.Equal(fingerprint, EventFingerprint.Of(Sertraline with { Atc = "n06ab06" })); // ATC in any letter case
        Assert.Equal(fingerprint, EventFingerprint.Of(Sertraline with { Ndc = "00049496030" })); // the 11-digit NDC of 4-4-2
        Assert.Equal(fingerprint, EventFingerprint.Of(Sertraline with { EffectiveAt = Sertraline.EffectiveAt.ToOffset(TimeSpan.Zero) }));
        Assert.Equal(fingerprint, EventFingerprint.Of(Sertraline with { DetailsJson = """{"quantity":60}""" })); // details do not count
    }

    [Fact]
    public void Another_patient_item_status_product_or_supply_is_another_event()
    {
        var fingerprint = EventFingerprint.Of(Sertraline);

        Assert.NotEqual(fingerprint, EventFingerprint.Of(Sertraline with { PatientRef = "PT-other" }));
        Assert.NotEqual(fingerprint, EventFingerprint.Of(Sertraline with { ItemKey = "D-2" }));
        Assert.NotEqual(fingerprint, EventFingerprint.Of(Sertraline with { Status = "entered-in-error", Withdraws = true }));
        Assert.NotEqual(fingerprint, EventFingerprint.Of(Sertraline with { ProductText = "Zoloft 100 mg tablet" }));
        Assert.NotEqual(fingerprint, EventFingerprint.Of(Sertraline with { Ndc = "00049-4910-30" }));
        Assert.NotEqual(fingerprint, EventFingerprint.Of(Sertraline with { DaysSupply = 90 }));
    }
}
