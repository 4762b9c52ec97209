using System.Diagnostics;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>Traces, metrics and logs through the real OTLP exporter to a receiver inside the test.</summary>
public sealed class TracingTests
{
    private const int SpanKindConsumer = 5;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_traceparent_header_from_a_non_dotnet_publisher_continues_the_trace_through_consume_evaluation_and_database()
    {
        await using var pipeline = await ExportingPipeline.StartAsync("http/protobuf", Ct);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var publisherSpanId = ActivitySpanId.CreateRandom().ToHexString();
        var eventId = Guid.NewGuid();
        Assert.True(await pipeline.Broker.PublishAsync(MedicationDispensed.ExchangeName,
            Events.Dispense(eventId, "PT-trace-1", "Zoloft 50 mg tablet"), Ct,
            headers: new Dictionary<string, object> { ["traceparent"] = $"00-{traceId}-{publisherSpanId}-01", ["tracestate"] = "pharmacy=1" }));
        await pipeline.Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(30), Ct);
        await pipeline.StopWorkerAsync();

        var spans = pipeline.Collector.Spans();
        var consume = Assert.Single(spans, s => s.Scope == "RegimenMonitor" && s.Attributes.GetValueOrDefault("regimen_monitor.event.id") == eventId.ToString());
        Assert.Equal("consume medication-dispensed", consume.Name);
        Assert.Equal(traceId, consume.TraceId);
        Assert.Equal(publisherSpanId, consume.ParentSpanId);
        Assert.Equal(SpanKindConsumer, consume.Kind);
        Assert.Equal("medication-dispensed", consume.Attributes["regimen_monitor.event.type"]);
        Assert.Equal("applied", consume.Attributes["regimen_monitor.event.outcome"]);

        // MassTransit's own receive span (which reads only its MT-Activity-Id header) is linked, not lost
        var link = Assert.Single(consume.Links);
        Assert.Contains(spans, s => s.Scope == "MassTransit" && s.SpanId == link.SpanId && s.TraceId == link.TraceId);

        // the change is written by a group-commit writer: its own work continues the trace under an "apply" span ...
        var apply = Assert.Single(spans, s => s.TraceId == traceId && s.Name == "apply medication-dispensed");
        Assert.Equal(consume.SpanId, apply.ParentSpanId);
        Assert.True(Guid.TryParse(apply.Attributes["regimen_monitor.patient.key"], out _));
        var evaluate = Assert.Single(spans, s => s.TraceId == traceId && s.Name == "evaluate regimen");
        Assert.Equal(apply.SpanId, evaluate.ParentSpanId);
        Assert.Equal("1", evaluate.Attributes["regimen_monitor.regimen.items"]);
        Assert.Equal("0", evaluate.Attributes["regimen_monitor.findings.count"]);
        Assert.False(string.IsNullOrEmpty(evaluate.Attributes["regimen_monitor.rule_set.version"]));
        // ... and the shared transaction's database commands sit under the write batch span, which links to the consume
        var batch = Assert.Single(spans, s => s.Name == "regimen write batch" && s.Links.Contains((traceId, consume.SpanId)));
        Assert.Contains(spans, s => s.TraceId == batch.TraceId && s.Scope == "Npgsql" && s.ParentSpanId == batch.SpanId);

        Assert.Equal("regimen-monitor-test", consume.Resource["service.name"]);
        Assert.Equal("test", consume.Resource["deployment.environment"]);
    }

    [Fact]
    public async Task An_event_rejected_at_the_edge_is_recorded_in_its_publishers_trace()
    {
        // found by a newcomer probe: the rejection's span was a child of MassTransit's receive span, in a trace of its
        // own, so "why was my event refused?" could not be answered from the publisher's trace id
        await using var pipeline = await ExportingPipeline.StartAsync("http/protobuf", Ct);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var publisherSpanId = ActivitySpanId.CreateRandom().ToHexString();
        Assert.True(await pipeline.Broker.PublishAsync(MedicationDispensed.ExchangeName,
            Events.Dispense(Guid.NewGuid(), "PT-trace-rejected-1", "Zoloft 50 mg tablet").Replace("\"eventId\":\"", "\"eventId\":\"x", StringComparison.Ordinal), Ct,
            headers: new Dictionary<string, object> { ["traceparent"] = $"00-{traceId}-{publisherSpanId}-01" }));
        await pipeline.Broker.WaitForMessagesAsync("regimen-monitor.medication-dispensed_error", 1, TimeSpan.FromSeconds(30), Ct);
        await pipeline.StopWorkerAsync();

        var rejected = Assert.Single(pipeline.Collector.Spans(), s => s.Scope == "RegimenMonitor" && s.TraceId == traceId);
        Assert.Equal("consume medication-dispensed", rejected.Name);
        Assert.Equal(publisherSpanId, rejected.ParentSpanId);
        Assert.Equal("invalid", rejected.Attributes["regimen_monitor.event.outcome"]);
    }

    [Fact]
    public async Task A_publishers_tracestate_is_not_exported_on_the_spans_of_its_event()
    {
        // tracestate is text the publisher chooses: it continued onto every span of the event, and was exported as
        // each span's trace state, however long (found by an independent edge probe)
        await using var pipeline = await ExportingPipeline.StartAsync("http/protobuf", Ct);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        var eventId = Guid.NewGuid();
        const string state = "mrn=PTSTATESECRET1";
        Assert.True(await pipeline.Broker.PublishAsync(MedicationDispensed.ExchangeName,
            Events.Dispense(eventId, "PT-trace-state-1", "Zoloft 50 mg tablet"), Ct,
            headers: new Dictionary<string, object>
            {
                ["traceparent"] = $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01",
                ["tracestate"] = state + ",big=" + new string('b', 20_000),
            }));
        await pipeline.Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(30), Ct);
        await pipeline.StopWorkerAsync();

        // the trace is still continued from traceparent ...
        var consume = Assert.Single(pipeline.Collector.Spans(), s => s.Scope == "RegimenMonitor" && s.Attributes.GetValueOrDefault("regimen_monitor.event.id") == eventId.ToString());
        Assert.Equal(traceId, consume.TraceId);
        // ... and no byte of any signal spells the state
        var exported = System.Text.Encoding.UTF8.GetString(pipeline.Collector.AllBytes());
        Assert.DoesNotContain("PTSTATESECRET1", exported, StringComparison.Ordinal);
        Assert.DoesNotContain(new string('b', 1_000), exported, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Http_protobuf_posts_each_signal_to_its_own_path_under_the_base_endpoint()
    {
        await using var pipeline = await ExportingPipeline.StartAsync("http/protobuf", Ct);
        await pipeline.Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-http-1", "Zoloft 50 mg tablet"), Ct);
        await pipeline.Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(30), Ct);
        await pipeline.StopWorkerAsync();

        var requests = pipeline.Collector.Requests;
        Assert.Equal(["/v1/logs", "/v1/metrics", "/v1/traces"], requests.Select(r => r.Path).Distinct().Order(StringComparer.Ordinal));
        Assert.All(requests, r => Assert.Equal("application/x-protobuf", r.ContentType));
    }

    [Fact]
    public async Task Grpc_export_carries_traces_metrics_and_logs_over_http2()
    {
        await using var pipeline = await ExportingPipeline.StartAsync("grpc", Ct);
        var eventId = Guid.NewGuid();
        await pipeline.Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(eventId, "PT-grpc-1", "Zoloft 50 mg tablet"), Ct);
        await pipeline.Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(30), Ct);
        await pipeline.StopWorkerAsync();

        var requests = pipeline.Collector.Requests;
        Assert.All(requests, r => Assert.Equal("HTTP/2", r.Protocol));
        Assert.Equal(["logs", "metrics", "traces"], requests.Select(r => r.Signal).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(pipeline.Collector.Spans(), s => s.Scope == "RegimenMonitor" && s.Attributes.GetValueOrDefault("regimen_monitor.event.id") == eventId.ToString());
    }
}
