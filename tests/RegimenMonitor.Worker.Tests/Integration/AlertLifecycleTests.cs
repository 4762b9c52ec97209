using System.Text.Json;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Sweep;
using RegimenMonitor.Worker.Tests.Infrastructure;

using static RegimenMonitor.Worker.Tests.Infrastructure.AlertTestSupport;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// The lifecycle a care team reads, message by message, on the real broker and database: an alert leaves
/// <c>active</c> only with a true reason in its body (a product ended and how, a withdrawal, folded into another
/// alert, a rule-set change), and a severity change keeps the alert id.
/// </summary>
public sealed class AlertLifecycleTests : AlertTest
{
    private const string Queue = "care-team-all";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_pair_a_third_agent_a_stop_and_a_reversal_each_send_the_true_state_with_its_reason()
    {
        var worker = await StartWorkerAsync();
        await Broker.DeclareQueueAsync(Queue, RegimenAlertRaised.ExchangeName, "#", Ct);
        var now = Clock.GetUtcNow();
        var tramadolAt = DaysAgo(now, 3);
        await Publish(Dispense("PT-l1", "Zoloft 50 mg tablet", DaysAgo(now, 10), 30, "D-ser", "RX-100", "PH-7"));
        await Publish(Supplement("PT-l1", "Grandma's bitter tonic", DaysAgo(now, 9), "S-tonic"));
        await worker.WaitForProcessedAsync(2, Wait, Ct); // two queues: the tonic is known before the pair is evaluated
        await Publish(Dispense("PT-l1", "Ultram 50 mg tablet", tramadolAt, 30, "D-tra", "RX-200", "PH-7"));

        // 1. the pair: SER-08 opened
        var pair = await NextAsync();
        Assert.Equal(("active", "opened", "SER-08", "major"), (Str(pair, "status"), Str(pair, "transition"), Str(pair, "ruleId"), Str(pair, "severity")));
        var pairId = pair.GetProperty("alertId").GetGuid();
        Assert.Equal(DateTimeOffset.Parse(tramadolAt, System.Globalization.CultureInfo.InvariantCulture), pair.GetProperty("since").GetDateTimeOffset());
        var tramadol = pair.GetProperty("involves").EnumerateArray().Single(i => Str(i, "ingredient") == "tramadol");
        Assert.Equal(("D-tra", "RX-200", "PH-7"), (Str(tramadol, "itemId"), Str(tramadol, "prescriptionId"), Str(tramadol, "pharmacyId")));
        Assert.Equal(["Grandma's bitter tonic"], pair.GetProperty("unchecked").EnumerateArray().Select(e => e.GetString()).ToList());

        // 2. a third agent: the load rule SER-17 opens and SER-08 is superseded by it, never an all-clear
        await Publish(Supplement("PT-l1", "St. John's Wort 300 mg", DaysAgo(now, 1), "S-sjw"));
        var two = await NextAsync(2);
        var load = two.Single(m => Str(m, "ruleId") == "SER-17");
        var folded = two.Single(m => Str(m, "ruleId") == "SER-08");
        var loadId = load.GetProperty("alertId").GetGuid();
        Assert.Equal(("active", "opened"), (Str(load, "status"), Str(load, "transition")));
        Assert.Contains(pairId, load.GetProperty("supersedes").EnumerateArray().Select(e => e.GetGuid()));
        Assert.Equal(pairId, folded.GetProperty("alertId").GetGuid());
        Assert.Equal(("superseded", "superseded", "superseded"), (Str(folded, "status"), Str(folded, "transition"), Str(folded.GetProperty("resolution"), "reason")));
        Assert.Equal(loadId, folded.GetProperty("supersededBy").GetGuid());
        Assert.Contains(loadId.ToString(), Str(folded, "recommendation"), StringComparison.Ordinal);
        Assert.DoesNotContain("no action", Str(folded, "recommendation"), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("no longer present", Str(folded, "detail"), StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("Still active", Str(folded, "detail"), StringComparison.Ordinal);

        // 3. the third agent stops: SER-17 resolved, naming the product and how it ended; SER-08 active again, same id
        var stoppedOn = now.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        await Publish(Supplement("PT-l1", "St. John's Wort 300 mg", DaysAgo(now, 0), "S-sjw", "stopped", stoppedOn));
        two = await NextAsync(2);
        var loadEnded = two.Single(m => Str(m, "ruleId") == "SER-17");
        var reinstated = two.Single(m => Str(m, "ruleId") == "SER-08");
        Assert.Equal(loadId, loadEnded.GetProperty("alertId").GetGuid());
        Assert.Equal(("resolved", "combination-ended"), (Str(loadEnded, "status"), Str(loadEnded.GetProperty("resolution"), "reason")));
        var endedSjw = Assert.Single(loadEnded.GetProperty("resolution").GetProperty("ended").EnumerateArray());
        Assert.Equal(("st john's wort", "stopped", "S-sjw"), (Str(endedSjw, "ingredient"), Str(endedSjw, "how"), Str(endedSjw, "itemId")));
        Assert.Equal(stoppedOn, endedSjw.GetProperty("endedAt").GetDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains("St. John's Wort 300 mg (st john's wort) was stopped on " + stoppedOn, Str(loadEnded, "detail"), StringComparison.Ordinal);
        Assert.Equal(pairId, reinstated.GetProperty("alertId").GetGuid());
        Assert.Equal(("active", "reinstated", "major"), (Str(reinstated, "status"), Str(reinstated, "transition"), Str(reinstated, "severity")));

        // 4. the tramadol dispense is reversed: SER-08 resolved as withdrawn, naming the dispense and its status
        await Publish(Dispense("PT-l1", "Ultram 50 mg tablet", tramadolAt, 30, "D-tra", "RX-200", "PH-7", "entered-in-error"));
        var withdrawn = Assert.Single(await NextAsync(1));
        Assert.Equal(pairId, withdrawn.GetProperty("alertId").GetGuid());
        Assert.Equal(("resolved", "resolved", "dispense-withdrawn"), (Str(withdrawn, "status"), Str(withdrawn, "transition"), Str(withdrawn.GetProperty("resolution"), "reason")));
        var endedTramadol = Assert.Single(withdrawn.GetProperty("resolution").GetProperty("ended").EnumerateArray());
        Assert.Equal(("tramadol", "withdrawn", "entered-in-error", "D-tra"), (Str(endedTramadol, "ingredient"), Str(endedTramadol, "how"), Str(endedTramadol, "status"), Str(endedTramadol, "itemId")));
        Assert.Contains("was withdrawn (entered-in-error)", Str(withdrawn, "detail"), StringComparison.Ordinal);
        Assert.Empty(await Broker.GetAsync(Queue, 10, Ct));
    }

    [Fact]
    public async Task A_supply_that_runs_out_resolves_with_the_product_and_date_and_a_severity_step_keeps_the_alert_id()
    {
        var worker = await StartWorkerAsync(new Dictionary<string, string?> { ["Alerts:EscalateAfter"] = "3650.00:00:00" });
        await Broker.DeclareQueueAsync(Queue, RegimenAlertRaised.ExchangeName, "#", Ct);
        var now = Clock.GetUtcNow();
        var tramadolAt = now.AddDays(-3);
        await Publish(Dispense("PT-l2", "Zoloft 50 mg tablet", DaysAgo(now, 10), 90, "D-ser"));
        await Publish(Dispense("PT-l2", "Ultram 50 mg tablet", DaysAgo(now, 3), 5, "D-tra"));
        await Publish(Dispense("PT-l2", "Omeprazole 20 mg capsule", DaysAgo(now, 100), 400, "D-ppi"));
        var opened = await NextAsync(2);
        var pair = opened.Single(m => Str(m, "ruleId") == "SER-08");
        var depletion = opened.Single(m => Str(m, "ruleId") == "DEP-01");
        Assert.Equal("info", Str(depletion, "severity"));

        // 10 days on, the 5-day tramadol supply (plus 1 day of grace) has run out
        Clock.Advance(TimeSpan.FromDays(10));
        await TriggerJobAsync(worker, RegimenSweepJob.Name);
        var ended = Assert.Single(await WaitForAlertsAfterClockJumpAsync(worker, Queue, 1, Wait)).Json().RootElement;
        Assert.Equal(pair.GetProperty("alertId").GetGuid(), ended.GetProperty("alertId").GetGuid());
        Assert.True(ended.TryGetProperty("resolution", out _), ended.GetRawText());
        Assert.Equal(("resolved", "combination-ended"), (Str(ended, "status"), Str(ended.GetProperty("resolution"), "reason")));
        var product = Assert.Single(ended.GetProperty("resolution").GetProperty("ended").EnumerateArray());
        Assert.Equal(("tramadol", "supply-ran-out"), (Str(product, "ingredient"), Str(product, "how")));
        Assert.Equal(tramadolAt.AddDays(6).UtcDateTime.Date, product.GetProperty("endedAt").GetDateTimeOffset().UtcDateTime.Date);
        Assert.Contains("the supply of Ultram 50 mg tablet (tramadol) ran out on", Str(ended, "detail"), StringComparison.Ordinal);

        // past a year of the PPI: DEP-01 moves from info to moderate under the same alert id
        Clock.Advance(TimeSpan.FromDays(260));
        await TriggerJobAsync(worker, RegimenSweepJob.Name);
        var raised = Assert.Single(await WaitForAlertsAfterClockJumpAsync(worker, Queue, 1, Wait)).Json().RootElement;
        Assert.Equal(depletion.GetProperty("alertId").GetGuid(), raised.GetProperty("alertId").GetGuid());
        Assert.Equal(("active", "severity-raised", "moderate", "info"),
            (Str(raised, "status"), Str(raised, "transition"), Str(raised, "severity"), Str(raised, "previousSeverity")));
    }

    [Fact]
    public async Task A_finding_the_new_rule_set_no_longer_raises_resolves_saying_the_rule_set_changed()
    {
        var worker = await StartWorkerAsync();
        await Broker.DeclareQueueAsync(Queue, RegimenAlertRaised.ExchangeName, "#", Ct);
        var now = Clock.GetUtcNow();
        await Publish(Dispense("PT-l3", "Zoloft 50 mg tablet", DaysAgo(now, 10), 30, "D-ser"));
        await Publish(Dispense("PT-l3", "Ultram 50 mg tablet", DaysAgo(now, 3), 30, "D-tra"));
        var pair = Assert.Single(await NextAsync(1));

        // as if an older rule set had raised it under a rule the current one no longer has, for products still taken
        await worker.QueryAsync(async db =>
        {
            var finding = db.Findings.Single(f => f.AlertId == pair.GetProperty("alertId").GetGuid());
            finding.Fingerprint = "SER-99|sertraline,tramadol|";
            finding.RuleId = "SER-99";
            finding.RuleSetVersion = "2025.01.1";
            return await db.SaveChangesAsync(Ct);
        });
        await Publish(Dispense("PT-l3", "Synthroid 75 mcg tablet", DaysAgo(now, 1), 30, "D-thy"));
        var messages = await NextAsync(2);
        var resolved = messages.Single(m => Str(m, "status") == "resolved");
        Assert.Equal(pair.GetProperty("alertId").GetGuid(), resolved.GetProperty("alertId").GetGuid());
        Assert.Equal(("rule-set-changed", "2025.01.1"), (Str(resolved.GetProperty("resolution"), "reason"), Str(resolved.GetProperty("resolution"), "previousRuleSetVersion")));
        Assert.Contains($"rule set 2025.01.1 was replaced by {RegimenMonitor.Rules.KnowledgeBase.LoadEmbedded().Version},", Str(resolved, "detail"), StringComparison.Ordinal);
        Assert.Equal(RegimenMonitor.Rules.KnowledgeBase.LoadEmbedded().Version, Str(resolved, "ruleSetVersion")); // the rule set that resolved it
        Assert.Equal("opened", Str(messages.Single(m => Str(m, "status") == "active"), "transition"));
    }

    [Fact]
    public async Task A_severity_lowered_keeps_the_alert_id_and_an_escalation_is_marked_in_the_body()
    {
        var worker = await StartWorkerAsync(new Dictionary<string, string?> { ["Alerts:EscalateAfter"] = "01:00:00" });
        await Broker.DeclareQueueAsync(Queue, RegimenAlertRaised.ExchangeName, "#", Ct);
        var now = Clock.GetUtcNow();
        await Publish(Dispense("PT-l4", "Zoloft 50 mg tablet", DaysAgo(now, 10), 30, "D-ser"));
        await Publish(Dispense("PT-l4", "Ultram 50 mg tablet", DaysAgo(now, 3), 30, "D-tra"));
        var pair = await NextAsync();
        var alertId = pair.GetProperty("alertId").GetGuid();

        // as if the previous rule set had graded the pair contraindicated: the current one grades it major
        await worker.QueryAsync(async db =>
        {
            var finding = db.Findings.Single(f => f.AlertId == alertId);
            finding.Severity = "contraindicated";
            finding.SeverityRank = 3;
            return await db.SaveChangesAsync(Ct);
        });
        await Publish(Dispense("PT-l4", "Synthroid 75 mcg tablet", DaysAgo(now, 1), 30, "D-thy"));
        var lowered = await NextAsync();
        Assert.Equal(alertId, lowered.GetProperty("alertId").GetGuid());
        Assert.Equal(("active", "severity-lowered", "major", "contraindicated"),
            (Str(lowered, "status"), Str(lowered, "transition"), Str(lowered, "severity"), Str(lowered, "previousSeverity")));
        Assert.StartsWith("Severity lowered from contraindicated to major", Str(lowered, "detail"), StringComparison.Ordinal);

        // unacknowledged for longer than EscalateAfter: the re-send says so in its body, not only in its routing key
        Clock.Advance(TimeSpan.FromHours(2));
        await TriggerJobAsync(worker, EscalationJob.Name);
        var message = Assert.Single(await WaitForAlertsAfterClockJumpAsync(worker, Queue, 1, Wait));
        Assert.Equal("escalation.major", message.RoutingKey);
        var escalated = message.Json().RootElement;
        Assert.Equal(alertId, escalated.GetProperty("alertId").GetGuid());
        Assert.Equal(("active", "escalated"), (Str(escalated, "status"), Str(escalated, "transition")));
        var escalation = escalated.GetProperty("escalation");
        Assert.Equal("major", Str(escalation, "level"));
        Assert.True(escalation.GetProperty("escalatedAt").GetDateTimeOffset() >= escalation.GetProperty("unacknowledgedSince").GetDateTimeOffset().AddHours(1));
        Assert.StartsWith("Escalated, not acknowledged:", Str(escalated, "title"), StringComparison.Ordinal);
        Assert.Equal(pair.GetProperty("since").GetDateTimeOffset(), escalated.GetProperty("since").GetDateTimeOffset());
    }

    [Fact]
    public async Task A_correction_that_changes_the_product_resolves_saying_the_product_was_replaced()
    {
        var worker = await StartWorkerAsync();
        await Broker.DeclareQueueAsync(Queue, RegimenAlertRaised.ExchangeName, "#", Ct);
        var now = Clock.GetUtcNow();
        await Publish(Dispense("PT-l5", "Zoloft 50 mg tablet", DaysAgo(now, 10), 30, "D-ser"));
        await Publish(Dispense("PT-l5", "Ultram 50 mg tablet", DaysAgo(now, 3), 30, "D-tra"));
        var pair = await NextAsync();

        // the pharmacy corrects the same dispense: it was acetaminophen, not tramadol
        await Publish(Dispense("PT-l5", "Tylenol 500 mg tablet", DaysAgo(now, 2.9), 30, "D-tra"));
        var resolved = await NextAsync();
        Assert.Equal(pair.GetProperty("alertId").GetGuid(), resolved.GetProperty("alertId").GetGuid());
        Assert.Equal(("resolved", "combination-ended"), (Str(resolved, "status"), Str(resolved.GetProperty("resolution"), "reason")));
        var product = Assert.Single(resolved.GetProperty("resolution").GetProperty("ended").EnumerateArray());
        Assert.Equal(("tramadol", "replaced", "D-tra", "Tylenol 500 mg tablet"), (Str(product, "ingredient"), Str(product, "how"), Str(product, "itemId"), Str(product, "productText")));
        Assert.Contains("the dispense D-tra of Ultram 50 mg tablet (tramadol) was corrected on ", Str(resolved, "detail"), StringComparison.Ordinal);
        Assert.Contains(" to Tylenol 500 mg tablet, which does not contain tramadol", Str(resolved, "detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_reversal_while_the_pair_is_folded_in_resolves_both_alerts_with_the_withdrawal_and_opens_the_remaining_pair()
    {
        var worker = await StartWorkerAsync();
        await Broker.DeclareQueueAsync(Queue, RegimenAlertRaised.ExchangeName, "#", Ct);
        var now = Clock.GetUtcNow();
        var tramadolAt = DaysAgo(now, 3);
        await Publish(Dispense("PT-l6", "Zoloft 50 mg tablet", DaysAgo(now, 10), 30, "D-ser"));
        await Publish(Dispense("PT-l6", "Ultram 50 mg tablet", tramadolAt, 30, "D-tra"));
        var pairId = (await NextAsync()).GetProperty("alertId").GetGuid();
        await Publish(Supplement("PT-l6", "St. John's Wort 300 mg", DaysAgo(now, 1), "S-sjw"));
        var loadId = (await NextAsync(2)).Single(m => Str(m, "ruleId") == "SER-17").GetProperty("alertId").GetGuid();

        await Publish(Dispense("PT-l6", "Ultram 50 mg tablet", tramadolAt, 30, "D-tra", status: "cancelled"));
        var three = await NextAsync(3);
        foreach (var id in new[] { loadId, pairId })
        {
            var resolved = three.Single(m => m.GetProperty("alertId").GetGuid() == id);
            Assert.Equal(("resolved", "dispense-withdrawn"), (Str(resolved, "status"), Str(resolved.GetProperty("resolution"), "reason")));
            var ended = Assert.Single(resolved.GetProperty("resolution").GetProperty("ended").EnumerateArray());
            Assert.Equal(("tramadol", "withdrawn", "cancelled"), (Str(ended, "ingredient"), Str(ended, "how"), Str(ended, "status")));
        }

        var remaining = three.Single(m => Str(m, "status") == "active");
        Assert.Equal(("SER-09", "opened"), (Str(remaining, "ruleId"), Str(remaining, "transition")));
    }

    private Task<bool> Publish(string body) => Broker.PublishAsync(body.Contains("\"medication\"", StringComparison.Ordinal) ? MedicationDispensed.ExchangeName : SupplementReported.ExchangeName, body, Ct);

    [Fact]
    public async Task A_supply_that_runs_out_between_nightly_sweeps_resolves_within_the_review_interval()
    {
        // found by an alert-lifecycle probe: with only the nightly sweep, an alert whose supply ran out at 10:00 stayed
        // active until 02:30 and could be escalated meanwhile; the due regimens are now reviewed every ReviewInterval
        await StartWorkerAsync(new Dictionary<string, string?> { ["Alerts:ReviewInterval"] = "00:00:02" });
        await Broker.DeclareQueueAsync(Queue, RegimenAlertRaised.ExchangeName, "#", Ct);
        var now = Clock.GetUtcNow();
        // one day's supply and one day of grace, over 30 s from now (the clock is not moved: the trigger fires by itself)
        var endsAt = now.AddSeconds(30);
        await Publish(Dispense("PT-l9", "Zoloft 50 mg tablet", DaysAgo(now, 10), 90, "D-ser"));
        await Publish(Dispense("PT-l9", "Ultram 50 mg tablet", DaysAgo(endsAt, 2), 1, "D-tra"));
        var pair = await NextAsync();
        Assert.Equal(("active", "opened", "SER-08"), (Str(pair, "status"), Str(pair, "transition"), Str(pair, "ruleId")));

        var messages = await Broker.WaitForMessagesAsync(Queue, 1, TimeSpan.FromSeconds(75), Ct);

        var ended = JsonDocument.Parse(Assert.Single(messages).Payload).RootElement;
        Assert.True(Clock.GetUtcNow() >= endsAt.AddSeconds(-1), "resolved before the supply ran out");
        Assert.Equal(pair.GetProperty("alertId").GetGuid(), ended.GetProperty("alertId").GetGuid());
        Assert.Equal(("resolved", "combination-ended"), (Str(ended, "status"), Str(ended.GetProperty("resolution"), "reason")));
        var product = Assert.Single(ended.GetProperty("resolution").GetProperty("ended").EnumerateArray());
        Assert.Equal(("tramadol", "supply-ran-out"), (Str(product, "ingredient"), Str(product, "how")));
    }

    private async Task<List<JsonElement>> NextAsync(int count = 1)
    {
        var messages = await Broker.WaitForMessagesAsync(Queue, count, Wait, Ct);
        Assert.Equal(count, messages.Count);
        return messages.Select(m => JsonDocument.Parse(m.Payload).RootElement.Clone()).ToList();
    }

    private async Task<JsonElement> NextAsync() => Assert.Single(await NextAsync(1));

    private static string Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetString() ?? string.Empty : string.Empty;

    private static string Dispense(string patient, string text, string at, int days, string dispenseId, string? prescriptionId = null,
        string? pharmacyId = null, string? status = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["eventId"] = Guid.NewGuid(), ["patientId"] = patient, ["dispensedAt"] = at, ["medication"] = new { text },
            ["daysSupply"] = days, ["dispenseId"] = dispenseId, ["prescriptionId"] = prescriptionId, ["pharmacyId"] = pharmacyId, ["status"] = status,
        }.Where(kv => kv.Value is not null).ToDictionary());

    private static string Supplement(string patient, string text, string at, string statementId, string? status = null, string? stoppedOn = null) =>
        Events.Supplement(Guid.NewGuid(), patient, text, at, statementId, status, null, stoppedOn);
}
