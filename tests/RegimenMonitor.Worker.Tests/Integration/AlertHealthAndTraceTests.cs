using System.Diagnostics;
using System.Net;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Health;
using RegimenMonitor.Worker.Tests.Infrastructure;

using static RegimenMonitor.Worker.Tests.Infrastructure.AlertTestSupport;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>The alert path seen by ops: readiness of the scheduler and the outbox, and one connected trace.</summary>
public sealed class AlertHealthAndTraceTests : AlertTest
{
    private const int SpanKindProducer = 4;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Ready_reports_the_scheduler_and_the_outbox_and_an_alert_stuck_in_the_outbox_makes_it_not_ready()
    {
        var worker = await StartWorkerAsync(new Dictionary<string, string?> { ["Alerts:OutboxStuckThreshold"] = "00:01:00" });
        using var probe = new HealthProbe(worker);
        var ready = await probe.WaitForAsync(HealthEndpoints.ReadyPath, HttpStatusCode.OK, Wait, Ct);
        // "scheduler running", or with "; alert dispatch running" when the probe met a dispatch run
        Assert.Equal("Healthy", ready.Checks[SchedulerHealthCheck.Name].Status);
        Assert.StartsWith("scheduler running", ready.Checks[SchedulerHealthCheck.Name].Description, StringComparison.Ordinal);
        Assert.Equal(("Healthy", "outbox empty"), ready.Checks[OutboxHealthCheck.Name]);

        // an alert the broker keeps refusing: still waiting after the threshold
        var now = Clock.GetUtcNow();
        await worker.QueryAsync(async db =>
        {
            db.Outbox.Add(new RegimenMonitor.Worker.Infrastructure.Database.OutboxMessage
            {
                Id = Guid.NewGuid(), AlertId = Guid.NewGuid(), Kind = "alert", Status = "active", RoutingKey = "x.y", PayloadJson = "{}",
                CreatedAt = now.AddMinutes(-2), Attempts = 7, NextAttemptAt = now.AddMinutes(5), LastError = "TimeoutException: simulated",
            });
            return await db.SaveChangesAsync();
        });
        var stuck = await probe.WaitForAsync(HealthEndpoints.ReadyPath, HttpStatusCode.ServiceUnavailable, Wait, Ct);
        Assert.Equal("Unhealthy", stuck.Checks[OutboxHealthCheck.Name].Status);
        Assert.StartsWith("outbox stuck", stuck.Checks[OutboxHealthCheck.Name].Description, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(HealthEndpoints.LivePath, Ct)).Code);
    }

    [Fact]
    public async Task One_raw_json_dispense_leading_to_an_alert_is_one_connected_trace_from_publish_to_dispatch()
    {
        await using var collector = await OtlpTestCollector.StartAsync(Ct);
        await Broker.SubscribeToAlertsAsync("care-team-all", "#", Ct);
        var settings = collector.WorkerSettings("http/protobuf");
        var worker = await StartWorkerAsync(settings);
        var now = Clock.GetUtcNow();
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-t1", "Nardil 15 mg tablet", DaysAgo(now, 20), 30), Ct);
        await worker.WaitForProcessedAsync(1, Wait, Ct);

        // the dispense that completes the combination, from a non-.NET publisher with its own trace
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var publisherSpanId = ActivitySpanId.CreateRandom().ToHexString();
        var eventId = Guid.NewGuid();
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(eventId, "PT-t1", "Zoloft 50 mg tablet", DaysAgo(now, 1), 30), Ct,
            headers: new Dictionary<string, object> { ["traceparent"] = $"00-{traceId}-{publisherSpanId}-01" });
        var alert = Assert.Single(await Broker.WaitForMessagesAsync("care-team-all", 1, Wait, Ct));
        await StopWorkerAsync(worker); // flushes every span

        var spans = collector.Spans();
        // publish → consume → apply → evaluate → findings diff, all in the publisher's trace
        var consume = Assert.Single(spans, s => s.Attributes.GetValueOrDefault("regimen_monitor.event.id") == eventId.ToString());
        Assert.Equal(traceId, consume.TraceId);
        Assert.Equal(publisherSpanId, consume.ParentSpanId);
        Assert.Equal("applied", consume.Attributes["regimen_monitor.event.outcome"]);
        Assert.Equal("1", consume.Attributes["regimen_monitor.findings.opened"]);
        var apply = Assert.Single(spans, s => s.TraceId == traceId && s.Name == "apply medication-dispensed");
        Assert.Equal(consume.SpanId, apply.ParentSpanId);
        Assert.True(Guid.TryParse(apply.Attributes["regimen_monitor.patient.key"], out _));
        var evaluate = Assert.Single(spans, s => s.TraceId == traceId && s.Name == "evaluate regimen");
        Assert.Equal(apply.SpanId, evaluate.ParentSpanId);
        Assert.Contains("SER-01", evaluate.Attributes["regimen_monitor.findings.rule_ids"], StringComparison.Ordinal);
        var diff = Assert.Single(spans, s => s.TraceId == traceId && s.Name == "findings diff");
        Assert.Equal(apply.SpanId, diff.ParentSpanId);
        Assert.Equal("1", diff.Attributes["regimen_monitor.alerts.written"]);

        // → dispatch: the span that published the alert links back to the findings diff (in the consume) that wrote it
        var dispatch = Assert.Single(spans, s => s.Name == "alert dispatch" && s.Links.Contains((traceId, diff.SpanId)));
        Assert.Equal(SpanKindProducer, dispatch.Kind);
        Assert.Equal(RegimenAlertRaised.ExchangeName, dispatch.Attributes["messaging.destination.name"]);
        Assert.Equal("1", dispatch.Attributes["regimen_monitor.batch.size"]);
        Assert.Equal("1", dispatch.Attributes["regimen_monitor.alerts.serotonergic-contraindicated.contraindicated"]);
        Assert.Contains(spans, s => s.Scope == "MassTransit" && s.TraceId == dispatch.TraceId && s.ParentSpanId == dispatch.SpanId);
        Assert.Contains(spans, s => s.Name == "alert-outbox claim" && s.TraceId == dispatch.TraceId);

        // → the alert message a care team reads carries the dispatch's W3C context
        Assert.True(alert.Headers.TryGetValue("traceparent", out var carried));
        Assert.Equal(dispatch.TraceId, carried.Split('-')[1]);
        Assert.Equal(dispatch.SpanId, carried.Split('-')[2]);
    }
}
