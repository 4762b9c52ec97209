using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Health;
using RegimenMonitor.Worker.Tests.Infrastructure;

using static RegimenMonitor.Worker.Tests.Infrastructure.AlertTestSupport;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// No alert lost for want of a subscriber, on the real broker: the worker declares its exchanges at start-up, a queue
/// bound before the first alert receives it, and an alert no queue is bound for stays in the outbox, is reported by
/// readiness and reaches the queue bound later.
/// </summary>
public sealed class AlertRoutingTests : AlertTest
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_worker_declares_every_exchange_at_start_up_so_a_queue_bound_before_the_first_alert_receives_it()
    {
        var worker = await StartWorkerAsync();
        foreach (var (exchange, type) in new[]
        {
            (RegimenAlertRaised.ExchangeName, "topic"), (MedicationDispensed.ExchangeName, "fanout"),
            (SupplementReported.ExchangeName, "fanout"), (AlertAcknowledged.ExchangeName, "fanout"),
            (Worker.Fhir.FhirAlertPublisher.ExchangeName, "topic"),
        })
        {
            var declared = await Broker.GetExchangeAsync(exchange, Ct);
            Assert.True(declared is not null, $"{exchange} is declared at start-up");
            Assert.Equal(type, declared!["type"]!.GetValue<string>());
            Assert.True(declared["durable"]!.GetValue<bool>(), $"{exchange} is durable");
        }

        // a care team binds its own queue (without declaring the exchange) before any alert exists
        await Broker.DeclareQueueAsync("care-team-first", RegimenAlertRaised.ExchangeName, "#", Ct);
        Assert.Empty(await OutboxAsync(worker));
        var now = Clock.GetUtcNow();
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-r1", "Nardil 15 mg tablet", DaysAgo(now, 20), 30), Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-r1", "Zoloft 50 mg tablet", DaysAgo(now, 2), 30), Ct);
        var first = Assert.Single(await Broker.WaitForMessagesAsync("care-team-first", 1, Wait, Ct));
        using var json = first.Json();
        Assert.Equal("PT-r1", json.RootElement.GetProperty("patientId").GetString());
        Assert.Equal("active", json.RootElement.GetProperty("status").GetString());
        Assert.Equal("serotonergic-contraindicated.contraindicated", first.RoutingKey);
    }

    [Fact]
    public async Task An_alert_no_queue_is_bound_for_is_not_dispatched_is_reported_by_readiness_and_reaches_the_queue_bound_later()
    {
        var logs = new LogCapture();
        var worker = await StartWorkerAsync(services: s => s.AddSingleton<ILoggerProvider>(logs));
        using var probe = new HealthProbe(worker);
        await probe.WaitForAsync(HealthEndpoints.ReadyPath, HttpStatusCode.OK, Wait, Ct);

        // only a queue for another routing key: the contraindicated alert reaches no queue
        await Broker.DeclareQueueAsync("care-team-info", RegimenAlertRaised.ExchangeName, "*.info", Ct);
        var now = Clock.GetUtcNow();
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-r2", "Nardil 15 mg tablet", DaysAgo(now, 20), 30), Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-r2", "Zoloft 50 mg tablet", DaysAgo(now, 2), 30), Ct);
        await worker.WaitForProcessedAsync(2, Wait, Ct);

        var deadline = DateTime.UtcNow + Wait;
        RegimenMonitor.Worker.Infrastructure.Database.OutboxMessage row;
        while (true)
        {
            row = Assert.Single(await OutboxAsync(worker));
            if (row.Attempts > 0)
            {
                break;
            }

            Assert.True(DateTime.UtcNow < deadline, "the dispatcher never tried the alert");
            await Task.Delay(100, Ct);
        }

        Assert.Null(row.DispatchedAt);
        Assert.StartsWith(AlertDispatcher.UnroutablePrefix, row.LastError, StringComparison.Ordinal);
        Assert.Contains("serotonergic-contraindicated.contraindicated", row.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain("PT-r2", row.LastError, StringComparison.Ordinal);
        var notReady = await probe.WaitForAsync(HealthEndpoints.ReadyPath, HttpStatusCode.ServiceUnavailable, Wait, Ct);
        Assert.Equal("Unhealthy", notReady.Checks[OutboxHealthCheck.Name].Status);
        Assert.Contains("reached no queue", notReady.Checks[OutboxHealthCheck.Name].Description, StringComparison.Ordinal);
        Assert.Contains("serotonergic-contraindicated.contraindicated", notReady.Checks[OutboxHealthCheck.Name].Description, StringComparison.Ordinal);
        Assert.Empty(await Broker.GetAsync("care-team-info", 10, Ct));
        // one Warning line per dispatch batch, counting the alerts by routing key; none per alert (those are at Debug)
        var warnings = logs.Entries.Where(e => e.Level == LogLevel.Warning).Select(e => e.Message).ToList();
        Assert.Contains(warnings, m => m.StartsWith("1 alert(s) reached no queue: nothing is bound to care.regimen-alerts or care.regimen-alerts.fhir for routing key(s) serotonergic-contraindicated.contraindicated (1); kept in the outbox", StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, m => m.Contains(row.Id.ToString(), StringComparison.Ordinal));
        Assert.DoesNotContain(warnings, m => m.Contains("PT-r2", StringComparison.Ordinal));

        // the care team binds the key: the kept alert is delivered on a later attempt, with its original message id
        await Broker.DeclareQueueAsync("care-team-pager", RegimenAlertRaised.ExchangeName, "*.contraindicated", Ct);
        var delivered = Assert.Single(await Broker.WaitForMessagesAsync("care-team-pager", 1, Wait, Ct));
        Assert.Equal(row.Id.ToString(), delivered.MessageId);
        await WaitForOutboxDrainedAsync(worker, Wait);
        var ready = await probe.WaitForAsync(HealthEndpoints.ReadyPath, HttpStatusCode.OK, Wait, Ct);
        Assert.Equal("Healthy", ready.Checks[OutboxHealthCheck.Name].Status);
        var dispatched = Assert.Single(await OutboxAsync(worker));
        Assert.NotNull(dispatched.DispatchedAt);
        Assert.Null(dispatched.LastError);
        Assert.True(dispatched.Attempts >= 2, "delivered on a retry");
    }

    /// <summary>
    /// Found by an independent fault probe: after the queue was bound, the alerts still open waited out their back-off
    /// (4 min 29 s there), readiness saying "bind a queue" meanwhile. With a back-off far longer than the test, the
    /// oldest kept alert is tried again within the probe interval, and once it reaches the queue the rest follow at once.
    /// </summary>
    [Fact]
    public async Task Alerts_kept_for_want_of_a_queue_reach_one_bound_later_without_waiting_out_their_back_off()
    {
        var worker = await StartWorkerAsync(new Dictionary<string, string?>
        {
            ["Alerts:DispatchInitialBackoff"] = "00:10:00",
            ["Alerts:DispatchMaxBackoff"] = "00:10:00",
        });
        var now = Clock.GetUtcNow();
        foreach (var patient in new[] { "PT-b1", "PT-b2", "PT-b3" })
        {
            await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), patient, "Nardil 15 mg tablet", DaysAgo(now, 20), 30), Ct);
            await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), patient, "Zoloft 50 mg tablet", DaysAgo(now, 2), 30), Ct);
        }

        await worker.WaitForProcessedAsync(6, Wait, Ct);
        var deadline = DateTime.UtcNow + Wait;
        while ((await OutboxAsync(worker)) is var rows && (rows.Count < 3 || rows.Any(r => r.Attempts == 0)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the dispatcher never tried the alerts");
            await Task.Delay(100, Ct);
        }

        Assert.All(await OutboxAsync(worker), r => Assert.StartsWith(AlertDispatcher.UnroutablePrefix, r.LastError, StringComparison.Ordinal));
        await Broker.DeclareQueueAsync("care-team-pager", RegimenAlertRaised.ExchangeName, "*.contraindicated", Ct);
        // past the probe interval, far short of the 10-minute back-off
        Clock.Advance(AlertDispatcher.RetryProbeInterval + TimeSpan.FromSeconds(1));

        var delivered = await WaitForAlertsAfterClockJumpAsync(worker, "care-team-pager", 3, Wait);
        Assert.Equal(3, delivered.Count);
        Assert.Equal((await OutboxAsync(worker)).Select(r => r.Id.ToString()).Order(StringComparer.Ordinal), delivered.Select(m => m.MessageId).Order(StringComparer.Ordinal));
    }
}
