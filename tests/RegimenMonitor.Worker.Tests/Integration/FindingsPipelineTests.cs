using Microsoft.EntityFrameworkCore;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>Every regimen change re-evaluates the whole regimen and stores findings with their state.</summary>
public sealed class FindingsPipelineTests : PipelineTest
{
    private static string Recent(int daysAgo) =>
        DateTimeOffset.UtcNow.AddDays(-daysAgo).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private Task<List<RegimenMonitor.Worker.Infrastructure.Database.FindingRecord>> FindingsAsync() =>
        Worker.QueryAsync(db => db.Findings.AsNoTracking().OrderBy(f => f.Id).ToListAsync());

    [Fact]
    public async Task An_interaction_opens_a_finding_a_refill_keeps_it_and_a_reversal_resolves_it()
    {
        await Broker.PublishAsync(MedicationDispensed.ExchangeName,
            Events.Dispense(Guid.NewGuid(), "PT-f1", "Nardil 15 mg tablet", Recent(20), 30, "D-maoi"), Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName,
            Events.Dispense(Guid.NewGuid(), "PT-f1", "SERTRALINE HCL 100MG TAB", Recent(5), 30, "D-ssri"), Ct);
        await Worker.WaitForProcessedAsync(2, TimeSpan.FromSeconds(30), Ct);

        var opened = Assert.Single(await FindingsAsync());
        Assert.Equal("SER-01", opened.RuleId);
        Assert.Equal("serotonergic-contraindicated", opened.Concern);
        Assert.Equal("contraindicated", opened.Severity);
        Assert.Equal("active", opened.State);
        Assert.Contains("Nardil 15 mg tablet", opened.PayloadJson, StringComparison.Ordinal);

        // a refill of the SSRI: same fingerprint, same episode, same alert id
        await Broker.PublishAsync(MedicationDispensed.ExchangeName,
            Events.Dispense(Guid.NewGuid(), "PT-f1", "Zoloft 100 mg tablet", Recent(1), 30, "D-ssri-2"), Ct);
        await Worker.WaitForProcessedAsync(3, TimeSpan.FromSeconds(30), Ct);
        var afterRefill = Assert.Single(await FindingsAsync());
        Assert.Equal(opened.AlertId, afterRefill.AlertId);
        Assert.Equal("active", afterRefill.State);

        // reversing both SSRI dispenses resolves it
        await Broker.PublishAsync(MedicationDispensed.ExchangeName,
            Events.Dispense(Guid.NewGuid(), "PT-f1", "SERTRALINE HCL 100MG TAB", Recent(5), 30, "D-ssri", "entered-in-error"), Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName,
            Events.Dispense(Guid.NewGuid(), "PT-f1", "Zoloft 100 mg tablet", Recent(1), 30, "D-ssri-2", "cancelled"), Ct);
        await Worker.WaitForProcessedAsync(5, TimeSpan.FromSeconds(30), Ct);
        var resolved = Assert.Single(await FindingsAsync());
        Assert.Equal(opened.AlertId, resolved.AlertId);
        Assert.Equal("resolved", resolved.State);
        Assert.NotNull(resolved.ResolvedAt);
        var patient = await Worker.PatientAsync("PT-f1");
        Assert.All(patient!.Items, i => Assert.Equal(Rules.KnowledgeBase.LoadEmbedded().Version, i.NormalisedWith));
    }

    [Fact]
    public async Task An_unrecognised_product_is_kept_and_marked_but_raises_nothing()
    {
        await Broker.PublishAsync(SupplementReported.ExchangeName,
            Events.Supplement(Guid.NewGuid(), "PT-f2", "Grandma's sleepy tea blend", Recent(3)), Ct);
        await Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(30), Ct);

        var item = Assert.Single((await Worker.PatientAsync("PT-f2"))!.Items);
        Assert.Equal(string.Empty, item.Ingredients);
        Assert.Empty(await FindingsAsync());
    }

    [Fact]
    public async Task Inspect_lists_an_unrecognised_product_once_however_often_it_was_dispensed()
    {
        await Broker.PublishAsync(MedicationDispensed.ExchangeName,
            Events.Dispense(Guid.NewGuid(), "PT-f3", "Xyzzyl 5 mg tablet", Recent(40), 30, "D-x1"), Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName,
            Events.Dispense(Guid.NewGuid(), "PT-f3", "Xyzzyl 5 mg tablet", Recent(10), 30, "D-x2"), Ct);
        await Worker.WaitForProcessedAsync(2, TimeSpan.FromSeconds(30), Ct);

        var view = await Worker.QueryAsync(db => new RegimenMonitor.Worker.Regimens.RegimenReader(db).GetPatientAsync("PT-f3", Ct));

        Assert.Equal(2, view!.Items.Count);
        Assert.Equal(["Xyzzyl 5 mg tablet"], view.Unrecognised);
    }

    [Fact]
    public async Task Inspect_shows_what_the_dispense_said_and_when_its_supply_and_grace_end()
    {
        var dispensedAt = DateTimeOffset.UtcNow.AddDays(-20);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, $$"""
            {"eventId":"{{Guid.NewGuid()}}","patientId":"PT-f4","dispenseId":"D-i1","dispensedAt":"{{dispensedAt:O}}",
             "medication":{"text":"Sertraline 50 mg tablet","rxnorm":"312940"},"daysSupply":30,"quantity":30,
             "dosageText":"1 tablet daily","pharmacyId":"PH-7","prescriptionId":"RX-9"}
            """, Ct);
        await Broker.PublishAsync(SupplementReported.ExchangeName,
            Events.Supplement(Guid.NewGuid(), "PT-f4", "Fish oil 1000 mg", Recent(3)), Ct);
        await Worker.WaitForProcessedAsync(2, TimeSpan.FromSeconds(30), Ct);

        var view = await Worker.QueryAsync(db => new RegimenMonitor.Worker.Regimens.RegimenReader(db).GetPatientAsync("PT-f4", Ct));

        var dispense = Assert.Single(view!.Items, i => i.Kind == "medication");
        Assert.Equal(("1 tablet daily", 30m, "PH-7", "RX-9", "312940"), (dispense.DosageText, dispense.Quantity, dispense.PharmacyId, dispense.PrescriptionId, dispense.Rxnorm));
        Assert.Equal(dispense.StartedAt.AddDays(30), dispense.SuppliedUntil);
        Assert.Equal(dispense.StartedAt.AddDays(36), dispense.CoveredUntil); // 30 days and 20 % grace
        var supplement = Assert.Single(view.Items, i => i.Kind == "supplement");
        Assert.Null(supplement.SuppliedUntil);
        Assert.Null(supplement.CoveredUntil); // reported active, with no stop: nothing ends it
    }

    [Fact]
    public async Task Inspect_shows_no_coverage_for_a_withdrawn_dispense()
    {
        // found by an edge probe: a dispense entered in error showed a coveredUntil, a coverage that never counted
        var dispensedAt = DateTimeOffset.UtcNow.AddDays(-3);
        foreach (var status in new[] { "completed", "entered-in-error" })
        {
            await Broker.PublishAsync(MedicationDispensed.ExchangeName, $$"""
                {"eventId":"{{Guid.NewGuid()}}","patientId":"PT-f6","dispenseId":"D-w1","status":"{{status}}","dispensedAt":"{{dispensedAt:O}}",
                 "medication":{"text":"Ultram 50 mg tablet"},"daysSupply":30}
                """, Ct);
            await Worker.WaitForProcessedAsync(status == "completed" ? 1 : 2, TimeSpan.FromSeconds(30), Ct);
        }

        var view = await Worker.QueryAsync(db => new RegimenMonitor.Worker.Regimens.RegimenReader(db).GetPatientAsync("PT-f6", Ct));

        var dispense = Assert.Single(view!.Items);
        Assert.True(dispense.Withdrawn);
        Assert.Equal(dispense.StartedAt.AddDays(30), dispense.SuppliedUntil); // what the record said
        Assert.Null(dispense.CoveredUntil);
    }

    [Fact]
    public async Task Inspect_shows_a_dispense_covered_until_the_stop_a_care_team_reported()
    {
        var dispensedAt = DateTimeOffset.UtcNow.AddDays(-20);
        var stoppedOn = DateOnly.FromDateTime(DateTimeOffset.UtcNow.AddDays(-5).UtcDateTime);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, $$"""
            {"eventId":"{{Guid.NewGuid()}}","patientId":"PT-f5","dispenseId":"D-s1","dispensedAt":"{{dispensedAt:O}}",
             "medication":{"text":"Sertraline 50 mg tablet"},"daysSupply":90}
            """, Ct);
        await Broker.PublishAsync(SupplementReported.ExchangeName, $$"""
            {"eventId":"{{Guid.NewGuid()}}","patientId":"PT-f5","statementId":"S-s1","status":"stopped","reportedAt":"{{Recent(1):O}}",
             "supplement":{"text":"sertraline"},"stoppedOn":"{{stoppedOn:yyyy-MM-dd}}","source":"care-team"}
            """, Ct);
        await Worker.WaitForProcessedAsync(2, TimeSpan.FromSeconds(30), Ct);

        var view = await Worker.QueryAsync(db => new RegimenMonitor.Worker.Regimens.RegimenReader(db).GetPatientAsync("PT-f5", Ct));

        var dispense = Assert.Single(view!.Items, i => i.Kind == "medication");
        var stop = new DateTimeOffset(stoppedOn.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        Assert.Equal(dispense.StartedAt.AddDays(90), dispense.SuppliedUntil);
        Assert.Equal((stop, stop), (dispense.ReportedStop, dispense.CoveredUntil));
        Assert.Null(Assert.Single(view.Items, i => i.Kind == "supplement").ReportedStop);
    }
    [Fact]
    public async Task A_load_finding_of_more_agents_than_its_fingerprint_column_holds_refuses_no_event()
    {
        // found by an independent edge probe: past some thirty serotonergic agents the SER-17 fingerprint outgrew
        // findings.fingerprint (varchar(400)), and every later event of the patient went to _error (SQLSTATE 22001)
        var agents = Unit.Regimens.RegimenEvaluatorTests.ManySerotonergicAgents;
        foreach (var text in agents)
        {
            await Broker.PublishAsync(SupplementReported.ExchangeName, Events.Supplement(Guid.NewGuid(), "PT-f9", text, Recent(3)), Ct);
        }

        await Worker.WaitForProcessedAsync(agents.Length, TimeSpan.FromSeconds(60), Ct);
        // one more product afterwards, not serotonergic: applied as well
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-f9", "omeprazole 20 mg capsule", Recent(1), 30, "D-ppi"), Ct);
        await Worker.WaitForProcessedAsync(agents.Length + 1, TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(agents.Length + 1, (await Worker.PatientAsync("PT-f9"))!.Items.Count);
        var load = Assert.Single(await FindingsAsync(), f => f.RuleId == "SER-17" && f.State == "active");
        Assert.Contains("…sha256:", load.Fingerprint, StringComparison.Ordinal);
        Assert.InRange(load.Fingerprint.Length, 1, 400);
    }
}
