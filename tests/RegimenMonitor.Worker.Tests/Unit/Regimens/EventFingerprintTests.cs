using RegimenMonitor.Contracts;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Regimens;

namespace RegimenMonitor.Worker.Tests.Unit.Regimens;

/// <summary>What an event says, as the inbox compares a repeated event id (docs/contract.md, "Idempotency").</summary>
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

    /// <summary>
    /// Found by an independent edge probe: a dispense repeated under its id with other directions (ear drops corrected
    /// to "by mouth"), or a stop report repeated with another source, was dropped as a duplicate, though both change
    /// findings (the route; whether the stop ends a dispensed supply).
    /// </summary>
    [Fact]
    public void Other_directions_or_another_source_is_another_event()
    {
        var ear = Sertraline with { DetailsJson = """{"dosageText":"Instill 10 drops into the affected ear","quantity":30}""" };
        var fingerprint = EventFingerprint.Of(ear);

        Assert.Equal(fingerprint, EventFingerprint.Of(ear with { DetailsJson = """{"quantity":30,"dosageText":"Instill 10 drops into the affected ear","pharmacyId":"PH-2"}""" }));
        Assert.NotEqual(fingerprint, EventFingerprint.Of(ear with { DetailsJson = """{"dosageText":"Take 1 by mouth twice daily","quantity":30}""" }));
        Assert.NotEqual(fingerprint, EventFingerprint.Of(Sertraline));
        // an event without them has the fingerprint earlier releases made, and a row such a release stored for one with
        // them still matches its redelivery (an upgrade with old and new workers side by side)
        Assert.Equal(EventFingerprint.Of(Sertraline), EventFingerprint.WithoutDetails(ear));
        Assert.True(EventFingerprint.Matches(EventFingerprint.WithoutDetails(ear), ear));
        Assert.False(EventFingerprint.Matches(fingerprint, ear with { DetailsJson = """{"dosageText":"Take 1 by mouth twice daily"}""" }));

        var stop = Sertraline with { EventType = "supplement-reported", Kind = RegimenItemKind.Supplement, Status = "stopped", DetailsJson = """{"source":"patient"}""" };
        Assert.NotEqual(EventFingerprint.Of(stop), EventFingerprint.Of(stop with { DetailsJson = """{"source":"care-team"}""" }));
        Assert.NotEqual(EventFingerprint.Of(stop), EventFingerprint.Of(stop with { DetailsJson = null }));
    }

    /// <summary>
    /// The fingerprints are stored with the inbox rows: a release that computed them otherwise would refuse a redelivery
    /// across an upgrade as another event. These are the values the releases of 2026-12-06 stored.
    /// </summary>
    [Fact]
    public void Fingerprints_are_those_earlier_releases_stored()
    {
        var statement = Sertraline with
        {
            EventType = "supplement-reported", Kind = RegimenItemKind.Supplement, ItemKey = "S-1", Status = "stopped", Atc = null,
            Ndc = null, ProductText = "St John's wort 300 mg", DaysSupply = null, StoppedAt = Sertraline.EffectiveAt.AddDays(3),
            DetailsJson = """{"source":"care-team"}""",
        };

        Assert.Equal(814434152877450708L, EventFingerprint.Of(Sertraline));
        Assert.Equal(90916967854748105L, EventFingerprint.Of(Sertraline with { DetailsJson = """{"dosageText":"Take 1 by mouth daily"}""" }));
        Assert.Equal(5923446418463776598L, EventFingerprint.Of(statement));
        Assert.Equal(-6382472602755251635L, EventFingerprint.Of(statement with { StartInferred = true, DetailsJson = null }));
    }


    [Fact]
    public void Differing_names_the_fields_and_never_their_values()
    {
        Assert.Empty(EventFingerprint.Differing(Sertraline, Sertraline with { Atc = "n06ab06", DetailsJson = """{"quantity":60}""" }));
        Assert.Equal(["medication.text"], EventFingerprint.Differing(Sertraline, Sertraline with { ProductText = "Prozac 20 mg capsule" }));
        Assert.Equal(["patientId", "daysSupply"], EventFingerprint.Differing(Sertraline, Sertraline with { PatientRef = "PT-2", DaysSupply = 90 }));
        Assert.Equal(["dosageText"], EventFingerprint.Differing(Sertraline, Sertraline with { DetailsJson = """{"dosageText":"Instill in ear"}""" }));

        var statement = Sertraline with { EventType = "supplement-reported", Kind = RegimenItemKind.Supplement, DetailsJson = """{"source":"patient"}""" };
        Assert.Equal(["event type"], EventFingerprint.Differing(Sertraline, statement));
        Assert.Equal(["source"], EventFingerprint.Differing(statement, statement with { DetailsJson = """{"source":"care-team"}""" }));
        Assert.Equal(["stoppedOn"], EventFingerprint.Differing(statement, statement with { StoppedAt = statement.EffectiveAt }));
        Assert.Equal(["startedOn"], EventFingerprint.Differing(statement, statement with { StartInferred = true }));
    }

    /// <summary>
    /// A review: a value the worker makes was named as if an event gave it. A statement stopped without
    /// <c>stoppedOn</c> stops at its <c>reportedAt</c>, so a status change also named <c>stoppedOn</c>; a code-only
    /// dispense's text is made from its NDC, so the NDC written two ways named <c>medication.text</c>.
    /// </summary>
    [Fact]
    public void Differing_names_only_fields_an_event_gives()
    {
        var active = EventMapper.Map(new SupplementReported
        {
            EventId = Guid.NewGuid(), PatientId = "PT-fp", StatementId = "S-1", ReportedAt = Sertraline.EffectiveAt,
            Supplement = new SupplementProduct { Text = "St John's wort 300 mg" }, Status = "active",
        });
        var stopped = EventMapper.Map(new SupplementReported
        {
            EventId = active.EventId, PatientId = "PT-fp", StatementId = "S-1", ReportedAt = Sertraline.EffectiveAt,
            Supplement = new SupplementProduct { Text = "St John's wort 300 mg" }, Status = "stopped",
        });
        Assert.Equal(["status"], EventFingerprint.Differing(active, stopped));
        Assert.Equal(["stoppedOn"], EventFingerprint.Differing(stopped, EventMapper.Map(new SupplementReported
        {
            EventId = active.EventId, PatientId = "PT-fp", StatementId = "S-1", ReportedAt = Sertraline.EffectiveAt,
            Supplement = new SupplementProduct { Text = "St John's wort 300 mg" }, Status = "stopped", StoppedOn = new DateOnly(2026, 10, 30),
        })));

        var dashed = CodeOnly("0049-4960-30");
        Assert.Equal(["medication.ndc"], EventFingerprint.Differing(dashed, CodeOnly("00049496030")));
        Assert.Equal(["medication.ndc"], EventFingerprint.Differing(dashed, CodeOnly("0049-4910-30")));
        // a text on one of them is a field only that one gives
        Assert.Equal(["medication.text"], EventFingerprint.Differing(dashed, dashed with { ProductText = "Zoloft 50 mg tablet", TextFromCode = false }));

        static RegimenChange CodeOnly(string ndc) => EventMapper.Map(new MedicationDispensed
        {
            EventId = Sertraline.EventId, PatientId = "PT-fp", DispenseId = "D-1", DispensedAt = Sertraline.EffectiveAt,
            Medication = new MedicationProduct { Ndc = ndc }, DaysSupply = 30,
        }, 30);
    }
}
