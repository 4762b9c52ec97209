using System.Text.Json;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Fhir;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Regimens;
using RegimenMonitor.Worker.Tests.Fhir;

namespace RegimenMonitor.Worker.Tests.Unit.Fhir;

/// <summary>
/// The FHIR R4 specification's own examples, consumed unchanged (one is refused: its NDC is no NDC), and compared with
/// their native equivalents.
/// </summary>
public sealed class FhirExamplesTests
{
    private static readonly DateTimeOffset ReceivedAt = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    public static TheoryData<string, string> Examples => new()
    {
        { "medicationdispense0301.json", "not-on-hand" }, // in-progress
        { "medicationdispense0302.json", "not-on-hand" }, // in-progress (whenHandedOver present but not completed)
        { "medicationdispense0303.json", "not-on-hand" }, // on-hold
        { "medicationdispense0304.json", "on-hand" },
        { "medicationdispense0305.json", "withdrawn" },   // entered-in-error
        { "medicationdispense0306.json", "not-on-hand" },
        { "medicationdispense0307.json", "on-hand" },
        { "medicationdispense0308.json", "refused" },     // its NDC "2501-813-16" has nine digits, in no NDC segmentation
        { "medicationdispense0309.json", "withdrawn" },   // entered-in-error, whenHandedOver a date only
        { "medicationdispense0310.json", "not-on-hand" },
        { "medicationdispense0311.json", "on-hand" },
        { "medicationdispense0312.json", "not-on-hand" }, // on-hold
        { "medicationdispense0313.json", "on-hand" },     // stopped after handover
        { "medicationdispense0314.json", "on-hand" },
        { "medicationdispense0315.json", "not-on-hand" },
        { "medicationdispense0316.json", "not-on-hand" },
        { "medicationdispense0317.json", "on-hand" },     // stopped after handover
        { "medicationdispense0318.json", "not-on-hand" },
        { "medicationdispense0319.json", "on-hand" },
        { "medicationdispense0320.json", "on-hand" },
        { "medicationdispense0321.json", "not-on-hand" },
        { "medicationdispense0322.json", "on-hand" },
        { "medicationdispense0324.json", "on-hand" },
        { "medicationdispense0325.json", "not-on-hand" },
        { "medicationdispense0326.json", "not-on-hand" },
        { "medicationdispense0327.json", "on-hand" },
        { "medicationdispense0328.json", "not-on-hand" },
        { "medicationdispense0329.json", "on-hand" },
        { "medicationdispense0330.json", "not-on-hand" },
        { "medicationdispense0331.json", "not-on-hand" },
        { "medicationstatementexample1.json", "on-hand" },
        { "medicationstatementexample2.json", "on-hand" },
        { "medicationstatementexample3.json", "on-hand" },
        { "medicationstatementexample4.json", "on-hand" },
        { "medicationstatementexample5.json", "withdrawn" },
        { "medicationstatementexample6.json", "on-hand" },
        { "medicationstatementexample7.json", "on-hand" },    // no timestamp at all: reported when received
    };

    [Fact]
    public void Every_example_file_is_in_the_table()
    {
        Assert.Equal(FhirTestResources.ExampleFiles().Order(), Examples.Select(row => row.Data.Item1).Order());
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void A_specification_example_is_consumed_unchanged(string file, string expected)
    {
        if (expected == "refused")
        {
            // the edge's rule for an NDC (4-4-2, 5-3-2, 5-4-1 or 11 digits; a product 4-4, 5-3, 5-4): padding a code that
            // has none of those forms could name another product, so the publisher hears of it, naming the coding
            var refused = Assert.Throws<InvalidEventException>(() => FhirEventMapper.Map(FhirTestResources.Example(file), ReceivedAt, 30));
            Assert.Contains("coding.where(system='http://hl7.org/fhir/sid/ndc').code must be an NDC", refused.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("2501", refused.Message, StringComparison.Ordinal);
            return;
        }

        var mapping = FhirEventMapper.Map(FhirTestResources.Example(file), ReceivedAt, 30);

        if (expected == "not-on-hand")
        {
            Assert.Empty(mapping.Changes);
            Assert.Equal(1, mapping.NotOnHand);
            return;
        }

        var change = Assert.Single(mapping.Changes);
        Assert.Equal(expected == "withdrawn", change.Withdraws);
        Assert.Equal("pat1", change.PatientRef);
        Assert.False(string.IsNullOrWhiteSpace(change.ProductText));
        Assert.NotEqual(Guid.Empty, change.EventId);
    }

    [Fact]
    public void A_spec_dispense_with_a_coded_medication_is_the_same_change_as_its_native_event()
    {
        var fhir = Assert.Single(FhirEventMapper.Map(FhirTestResources.Example("medicationdispense0307.json"), ReceivedAt, 30).Changes);
        var native = EventMapper.Map(Native<MedicationDispensed>($$"""
            {"eventId": "{{fhir.EventId}}", "patientId": "pat1", "dispenseId": "MedicationDispense/meddisp0307", "status": "completed",
             "dispensedAt": "2015-01-15T16:20:00Z", "medication": {"text": "Myleran 2mg tablet, film coated", "ndc": "76388-713-25"},
             "daysSupply": 30, "quantity": 90, "dosageText": "Take 3 tablets (6mg) once daily",
             "pharmacyId": "Practitioner/f006", "prescriptionId": "MedicationRequest/medrx0306"}
            """), 30);

        Assert.Equal(native, fhir);
    }

    [Fact]
    public void A_spec_dispense_of_a_contained_medication_is_the_same_change_as_its_native_event()
    {
        var fhir = Assert.Single(FhirEventMapper.Map(FhirTestResources.Example("medicationdispense0304.json"), ReceivedAt, 30).Changes);
        // the example's coded route (its SNOMED CT display) follows the dosage text, as "(route: …)"
        var native = EventMapper.Map(Native<MedicationDispensed>($$"""
            {"eventId": "{{fhir.EventId}}", "patientId": "pat1", "dispenseId": "MedicationDispense/meddisp0304",
             "dispensedAt": "2015-06-26T07:13:00+05:00",
             "medication": {"text": "Zosyn (piperacillin/tazobactam) 4.5gm injection", "ndc": "0206-8862-02"},
             "daysSupply": 1, "quantity": 250, "dosageText": "4.5 grams in D5W 250 ml. IV every 6 hours. Infuse over 30 min at 8L/min (route: IV intravascular route that begins within a vein))",
             "pharmacyId": "Practitioner/f006", "prescriptionId": "MedicationRequest/medrx0319"}
            """), 30);

        Assert.Equal(native, fhir);
    }

    [Fact]
    public void A_spec_statement_is_the_same_change_as_its_native_supplement_report()
    {
        var fhir = Assert.Single(FhirEventMapper.Map(FhirTestResources.Example("medicationstatementexample1.json"), ReceivedAt, 30).Changes);
        var native = EventMapper.Map(Native<SupplementReported>($$"""
            {"eventId": "{{fhir.EventId}}", "patientId": "pat1", "statementId": "http://www.bmc.nl/portal/medstatements|12345689", "status": "active",
             "reportedAt": "2015-02-22T00:00:00Z", "supplement": {"text": "Tylenol PM"}, "startedOn": "2015-01-23", "source": "patient"}
            """));

        // the native supplement contract has no NDC or RxNorm; from FHIR they are kept (the normaliser uses RxNorm)
        Assert.Equal(native with { Ndc = "50580-506-02" }, fhir);
    }

    [Fact]
    public void A_spec_withdrawal_keeps_the_fhir_status_and_withdraws_like_the_native_one()
    {
        var fhir = Assert.Single(FhirEventMapper.Map(FhirTestResources.Example("medicationdispense0309.json"), ReceivedAt, 30).Changes);

        Assert.True(fhir.Withdraws);
        Assert.Equal("entered-in-error", fhir.Status);
        // whenHandedOver is the date 2016-01-15: midnight UTC
        Assert.Equal(new DateTimeOffset(2016, 1, 15, 0, 0, 0, TimeSpan.Zero), fhir.EffectiveAt);
    }

    [Fact]
    public void A_stopped_spec_dispense_that_was_handed_over_counts_with_its_fhir_status()
    {
        var fhir = Assert.Single(FhirEventMapper.Map(FhirTestResources.Example("medicationdispense0313.json"), ReceivedAt, 30).Changes);

        Assert.False(fhir.Withdraws);
        Assert.Equal("stopped", fhir.Status);
        Assert.Equal(1, fhir.DaysSupply);
    }

    private static T Native<T>(string json) => JsonSerializer.Deserialize<T>(json, WireJson.Options)!;
}
