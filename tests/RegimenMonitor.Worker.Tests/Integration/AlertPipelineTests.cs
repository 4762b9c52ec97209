using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Regimens;
using RegimenMonitor.Worker.Sweep;
using RegimenMonitor.Worker.Tests.Infrastructure;

using static RegimenMonitor.Worker.Tests.Infrastructure.AlertTestSupport;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>Findings to care.regimen-alerts through the outbox and the dispatch job, on the real broker and database.</summary>
public sealed class AlertPipelineTests : AlertTest
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_contraindicated_regimen_published_as_raw_json_produces_exactly_one_alert_and_republishing_produces_none()
    {
        await Broker.SubscribeToAlertsAsync("care-team-contraindicated", "*.contraindicated", Ct);
        await Broker.SubscribeToAlertsAsync("care-team-info", "*.info", Ct);
        // one consumer, one message at a time: the marker below is processed after the duplicates
        var worker = await StartWorkerAsync(new Dictionary<string, string?> { ["Messaging:ConcurrentMessageLimit"] = "1", ["Messaging:PrefetchCount"] = "1" });
        var now = Clock.GetUtcNow();
        var maoi = Events.Dispense(Guid.NewGuid(), "PT-a1", "Nardil 15 mg tablet", DaysAgo(now, 20), 30, "D-maoi");
        var ssriId = Guid.NewGuid();
        var ssri = Events.Dispense(ssriId, "PT-a1", "SERTRALINE HCL 100MG TAB", DaysAgo(now, 5), 30, "D-ssri");
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, maoi, Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, ssri, Ct);
        await worker.WaitForProcessedAsync(2, Wait, Ct);

        var message = Assert.Single(await Broker.WaitForMessagesAsync("care-team-contraindicated", 1, Wait, Ct));
        Assert.Equal("serotonergic-contraindicated.contraindicated", message.RoutingKey);
        var row = Assert.Single(await OutboxAsync(worker));
        Assert.Equal(row.Id.ToString(), message.MessageId);
        using (var json = message.Json())
        {
            var alert = json.RootElement;
            // plain contract JSON (no MassTransit envelope), every explanation field filled
            Assert.Equal(row.AlertId, alert.GetProperty("alertId").GetGuid());
            Assert.Equal("PT-a1", alert.GetProperty("patientId").GetString());
            Assert.Equal("active", alert.GetProperty("status").GetString());
            Assert.Equal("serotonergic-contraindicated", alert.GetProperty("concern").GetString());
            Assert.Equal("contraindicated", alert.GetProperty("severity").GetString());
            Assert.Equal("SER-01", alert.GetProperty("ruleId").GetString());
            Assert.Equal(Rules.KnowledgeBase.LoadEmbedded().Version, alert.GetProperty("ruleSetVersion").GetString());
            foreach (var field in new[] { "title", "detail", "recommendation" })
            {
                Assert.False(string.IsNullOrWhiteSpace(alert.GetProperty(field).GetString()), field);
            }

            var involves = alert.GetProperty("involves").EnumerateArray().ToList();
            Assert.Contains(involves, i => i.GetProperty("productText").GetString() == "Nardil 15 mg tablet" && i.GetProperty("kind").GetString() == "medication");
            Assert.Contains(involves, i => i.GetProperty("sourceEventId").GetString() == ssriId.ToString());
            Assert.NotEmpty(alert.GetProperty("evidence").EnumerateArray());
            Assert.True(alert.TryGetProperty("raisedAt", out _));
        }

        // the same events again, then a marker event for another patient that raises nothing
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, maoi, Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, ssri, Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName,
            Events.Dispense(Guid.NewGuid(), "PT-a1-marker", "Synthroid 75 mcg tablet", DaysAgo(now, 1), 30), Ct);
        await worker.WaitForProcessedAsync(3, Wait, Ct);
        await WaitForOutboxDrainedAsync(worker, Wait);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct); // several dispatch intervals
        Assert.Single(await OutboxAsync(worker));
        Assert.Empty(await Broker.GetAsync("care-team-contraindicated", 10, Ct));
        Assert.Empty(await Broker.GetAsync("care-team-info", 10, Ct));
    }

    [Fact]
    public async Task A_refill_produces_no_alert_and_a_reversal_produces_a_resolved_alert_with_the_same_alert_id()
    {
        await Broker.SubscribeToAlertsAsync("care-team-all", "#", Ct);
        var worker = await StartWorkerAsync();
        var now = Clock.GetUtcNow();
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-a2", "Zoloft 50 mg tablet", DaysAgo(now, 10), 30, "D-z1"), Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-a2", "Ultram 50 mg tablet", DaysAgo(now, 3), 10, "D-t1"), Ct);
        await worker.WaitForProcessedAsync(2, Wait, Ct);
        var active = Assert.Single(await Broker.WaitForMessagesAsync("care-team-all", 1, Wait, Ct));
        Assert.Equal("serotonergic-stacking.major", active.RoutingKey);
        var alertId = AlertIdOf(active);

        // refill of the SSRI: same finding, nothing to say
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-a2", "Zoloft 50 mg tablet", DaysAgo(now, 1), 30, "D-z2"), Ct);
        await worker.WaitForProcessedAsync(3, Wait, Ct);
        await WaitForOutboxDrainedAsync(worker, Wait);
        Assert.Single(await OutboxAsync(worker));

        // the tramadol dispense entered in error: the finding resolves
        await Broker.PublishAsync(MedicationDispensed.ExchangeName,
            Events.Dispense(Guid.NewGuid(), "PT-a2", "Ultram 50 mg tablet", DaysAgo(now, 3), 10, "D-t1", "entered-in-error"), Ct);
        await worker.WaitForProcessedAsync(4, Wait, Ct);
        var resolved = Assert.Single(await Broker.WaitForMessagesAsync("care-team-all", 1, Wait, Ct));
        Assert.Equal("serotonergic-stacking.major", resolved.RoutingKey);
        using var json = resolved.Json();
        Assert.Equal(alertId, json.RootElement.GetProperty("alertId").GetGuid());
        Assert.Equal("resolved", json.RootElement.GetProperty("status").GetString());
        Assert.NotEqual(active.MessageId, resolved.MessageId);
        Assert.Empty(await Broker.GetAsync("care-team-all", 10, Ct));
    }

    [Fact]
    public async Task Moving_the_clock_past_coverage_end_and_sweeping_resolves_the_finding_and_past_a_duration_threshold_raises_a_depletion_alert()
    {
        await Broker.SubscribeToAlertsAsync("care-team-all", "#", Ct);
        // the nightly sweep never fires on its own here: the test runs it, as the sweep verb does
        // (and the clock jumps below do not make the open major alert overdue for escalation)
        var worker = await StartWorkerAsync(new Dictionary<string, string?>
        {
            ["Alerts:SweepCron"] = "0 0 0 1 1 ? 2099",
            ["Alerts:ReviewInterval"] = "00:00:00", // the test sweeps itself: no review of due regimens either
            ["Alerts:EscalateAfter"] = "3650.00:00:00",
        });
        var now = Clock.GetUtcNow();
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-a3", "Zoloft 50 mg tablet", DaysAgo(now, 10), 30), Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-a3", "Ultram 50 mg tablet", DaysAgo(now, 3), 10), Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-a4", "metformin HCl 500 mg ER tablet", DaysAgo(now, 1), 365), Ct);
        await worker.WaitForProcessedAsync(3, Wait, Ct);
        var opened = Assert.Single(await Broker.WaitForMessagesAsync("care-team-all", 1, Wait, Ct));
        Assert.Equal("serotonergic-stacking.major", opened.RoutingKey);

        // nothing is due yet: a sweep now re-evaluates no one
        var sweeper = worker.Host.Services.GetRequiredService<RegimenSweeper>();
        Assert.Equal(0, (await sweeper.SweepAsync(null, Ct)).Regimens);

        // 60 days on, the tramadol's coverage has ended; metformin has not reached 180 days
        Clock.Advance(TimeSpan.FromDays(60));
        var first = await sweeper.SweepAsync(null, Ct);
        Assert.True(first.Regimens >= 1);
        var resolved = Assert.Single(await WaitForAlertsAfterClockJumpAsync(worker, "care-team-all", 1, Wait));
        Assert.Equal(AlertIdOf(opened), AlertIdOf(resolved));
        Assert.Equal("resolved", Status(resolved));
        Assert.Equal("resolved", (await FindingsAsync(worker)).Single(f => f.RuleId == "SER-08").State);

        // past 180 days of continuous metformin: vitamin B12 depletion (DEP-03)
        Clock.Advance(TimeSpan.FromDays(125));
        await sweeper.SweepAsync(null, Ct);
        var depletion = Assert.Single(await WaitForAlertsAfterClockJumpAsync(worker, "care-team-all", 1, Wait));
        Assert.Equal("nutrient-depletion.info", depletion.RoutingKey);
        using (var json = depletion.Json())
        {
            Assert.Equal("DEP-03", json.RootElement.GetProperty("ruleId").GetString());
            Assert.Equal("vitamin b12", json.RootElement.GetProperty("nutrient").GetString());
            Assert.Equal("PT-a4", json.RootElement.GetProperty("patientId").GetString());
        }

        // a second sweep at the same time finds nothing due and writes nothing
        var outboxBefore = (await OutboxAsync(worker)).Count;
        Assert.Equal(0, (await sweeper.SweepAsync(null, Ct)).Regimens);
        Assert.Equal(outboxBefore, (await OutboxAsync(worker)).Count);
    }

    [Fact]
    public async Task A_sweep_renormalises_items_of_an_older_rule_set_and_bumps_each_swept_patients_version()
    {
        // the test sweeps itself: no nightly sweep, and no review of due regimens (its first firing, at the scheduler's
        // start, could come after the review date set below and sweep the patient first)
        var worker = await StartWorkerAsync(new Dictionary<string, string?> { ["Alerts:SweepCron"] = "0 0 0 1 1 ? 2099", ["Alerts:ReviewInterval"] = "00:00:00" });
        var now = Clock.GetUtcNow();
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-n1", "Zoloft 50 mg tablet", DaysAgo(now, 5), 30), Ct);
        await worker.WaitForProcessedAsync(1, Wait, Ct);
        // as if stored under an earlier rule set, and due for review
        await worker.QueryAsync(db => db.RegimenItems.ExecuteUpdateAsync(s => s.SetProperty(i => i.NormalisedWith, "0-old").SetProperty(i => i.Ingredients, "nothing"), Ct));
        await worker.QueryAsync(db => db.Patients.ExecuteUpdateAsync(s => s.SetProperty(p => p.NextReviewAt, now.AddDays(-1)), Ct));
        var before = (await worker.PatientAsync("PT-n1"))!.Version;

        Assert.Equal(1, (await worker.Host.Services.GetRequiredService<RegimenSweeper>().SweepAsync(null, Ct)).Regimens);

        var after = (await worker.PatientAsync("PT-n1"))!;
        var item = Assert.Single(after.Items);
        Assert.Equal((worker.Host.Services.GetRequiredService<RegimenEvaluator>().RuleSetVersion, "sertraline"), (item.NormalisedWith, item.Ingredients));
        Assert.Equal(before + 1, after.Version);
    }

    [Fact]
    public async Task A_sweep_interrupted_half_way_resumes_without_duplicating_alerts()
    {
        var worker = await StartWorkerAsync(new Dictionary<string, string?>
        {
            ["Alerts:SweepCron"] = "0 0 0 1 1 ? 2099",
            ["Alerts:ReviewInterval"] = "00:00:00", // the test sweeps itself: no review of due regimens either
            ["Alerts:SweepBatchSize"] = "2",
            ["Alerts:EscalateAfter"] = "3650.00:00:00",
        });
        var now = Clock.GetUtcNow();
        for (var i = 0; i < 6; i++)
        {
            await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), $"PT-s{i}", "Zoloft 50 mg tablet", DaysAgo(now, 10), 30), Ct);
            await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), $"PT-s{i}", "Ultram 50 mg tablet", DaysAgo(now, 3), 10), Ct);
        }

        await worker.WaitForProcessedAsync(12, Wait, Ct);
        Assert.Equal(6, (await OutboxAsync(worker)).Count);
        Clock.Advance(TimeSpan.FromDays(60));

        // interrupt after the first batch
        var sweeper = worker.Host.Services.GetRequiredService<RegimenSweeper>();
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => sweeper.SweepAsync(
            new InlineProgress(p => { if (p.Done >= 2) { interrupt.Cancel(); } }), interrupt.Token));
        var resolvedAfterInterrupt = (await OutboxAsync(worker)).Count(m => m.Status == "resolved");
        Assert.InRange(resolvedAfterInterrupt, 2, 5);

        var resumed = await sweeper.SweepAsync(null, Ct);
        Assert.Equal(6 - resolvedAfterInterrupt, resumed.Regimens);
        var outbox = await OutboxAsync(worker);
        Assert.Equal(6, outbox.Count(m => m.Status == "resolved"));
        Assert.Equal(6, outbox.Where(m => m.Status == "resolved").Select(m => m.AlertId).Distinct().Count());
    }

    [Fact]
    public async Task A_worker_killed_between_publish_and_mark_delivers_the_alert_again_after_restart_with_the_same_message_id()
    {
        await Broker.SubscribeToAlertsAsync("care-team-all", "#", Ct);
        var crash = new CrashBetweenPublishAndMark();
        var first = await StartWorkerAsync(services: crash.Register);
        var now = Clock.GetUtcNow();
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-a5", "Nardil 15 mg tablet", DaysAgo(now, 20), 30), Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-a5", "Zoloft 50 mg tablet", DaysAgo(now, 2), 30), Ct);
        await first.WaitForProcessedAsync(2, Wait, Ct);

        // published and confirmed by the broker, not yet marked: kill it there
        var beforeCrash = await Broker.WaitForMessagesAsync("care-team-all", 1, Wait, Ct);
        Assert.Single(beforeCrash);
        await crash.Reached.WaitAsync(Wait, Ct); // the broker's confirm comes before the dispatcher reaches this point
        crash.Kill();
        // dead for several dispatch intervals (300 ms): a process that is gone records nothing, however long its stop takes
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        Assert.Equal(1, crash.Published);
        Assert.Null(Assert.Single(await crash.InspectAsync(() => OutboxAsync(first))).DispatchedAt);
        await StopWorkerAsync(first);

        var second = await StartWorkerAsync();
        await WaitForOutboxDrainedAsync(second, Wait);
        var afterRestart = await Broker.WaitForMessagesAsync("care-team-all", 1, Wait, Ct);
        var redelivered = Assert.Single(afterRestart);
        Assert.Equal(beforeCrash[0].MessageId, redelivered.MessageId);
        Assert.Equal(AlertIdOf(beforeCrash[0]), AlertIdOf(redelivered));
        Assert.NotNull(Assert.Single(await OutboxAsync(second)).DispatchedAt);
    }

    [Fact]
    public async Task A_failing_publish_backs_off_is_recorded_and_succeeds_later()
    {
        await Broker.SubscribeToAlertsAsync("care-team-all", "#", Ct);
        var flaky = new FlakyPublisher(failures: 2);
        var worker = await StartWorkerAsync(services: s => s.AddScoped<IAlertPublisher>(sp =>
        {
            flaky.Inner = ActivatorUtilities.CreateInstance<BusAlertPublisher>(sp);
            return flaky;
        }));
        var now = Clock.GetUtcNow();
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-a6", "Nardil 15 mg tablet", DaysAgo(now, 20), 30), Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-a6", "Zoloft 50 mg tablet", DaysAgo(now, 2), 30), Ct);
        await worker.WaitForProcessedAsync(2, Wait, Ct);

        Assert.Single(await Broker.WaitForMessagesAsync("care-team-all", 1, Wait, Ct));
        // the broker holds the message once it confirmed it, before the dispatcher marks the row: wait for the mark
        await WaitForOutboxDrainedAsync(worker, Wait);
        var row = Assert.Single(await OutboxAsync(worker));
        Assert.NotNull(row.DispatchedAt);
        Assert.Equal(3, row.Attempts);
        Assert.Null(row.LastError);
        Assert.Equal(2, flaky.Failed);
    }

    private static Guid AlertIdOf(BrokerMessage message)
    {
        using var json = message.Json();
        return json.RootElement.GetProperty("alertId").GetGuid();
    }

    private static string? Status(BrokerMessage message)
    {
        using var json = message.Json();
        return json.RootElement.GetProperty("status").GetString();
    }

    private sealed class InlineProgress(Action<SweepProgress> report) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value) => report(value);
    }

    private sealed class FlakyPublisher(int failures) : IAlertPublisher
    {
        private int _calls;

        public BusAlertPublisher Inner { get; set; } = null!;

        public int Failed { get; private set; }

        public Task PublishAsync(Guid messageId, string routingKey, RegimenAlertRaised alert, CancellationToken cancellationToken)
        {
            if (Interlocked.Increment(ref _calls) <= failures)
            {
                Failed++;
                throw new TimeoutException("simulated broker outage");
            }

            return Inner.PublishAsync(messageId, routingKey, alert, cancellationToken);
        }
    }
}
