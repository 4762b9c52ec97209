using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Observability;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// Our metrics, read in process with a <see cref="MeterListener"/>. Meters are process-wide, so this runs in the
/// collection that runs alone: every measurement seen comes from this test's worker.
/// </summary>
[Collection(nameof(BrokerRestartGroup))]
public sealed class IngestionMetricsTests : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, long> _counts = new(StringComparer.Ordinal);
    private long _evaluations;

    public IngestionMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == Telemetry.SourceName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var labels = string.Join(',', tags.ToArray().OrderBy(t => t.Key, StringComparer.Ordinal).Select(t => $"{t.Key}={t.Value}"));
            _counts.AddOrUpdate($"{instrument.Name}{{{labels}}}", value, (_, sum) => sum + value);
        });
        _listener.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "regimen_monitor.evaluation.duration" && value >= 0)
            {
                Interlocked.Increment(ref _evaluations);
            }
        });
        _listener.Start();
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Recent(int daysAgo) =>
        DateTimeOffset.UtcNow.AddDays(-daysAgo).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private long Count(string key) => _counts.GetValueOrDefault(key);

    private static string Consumed(string type, string outcome) => $"regimen_monitor.events.consumed{{event.type={type},outcome={outcome}}}";

    private static string Findings(string change) =>
        $"regimen_monitor.findings.changed{{change={change},concern=serotonergic-contraindicated,severity=contraindicated}}";

    /// <summary>Waits until a count reaches its value (processing is asynchronous), then the exact values are asserted.</summary>
    private async Task UntilAsync(string key, long value)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (Count(key) < value && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        Assert.Equal(value, Count(key));
    }

    [Fact]
    public async Task Every_outcome_and_finding_change_is_counted_once_with_its_labels_and_no_others()
    {
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        await using var worker = await WorkerTestHost.StartAsync(broker.AmqpUri, database.ConnectionString, Ct);
        const string Dispensed = "medication-dispensed";
        const string Reported = "supplement-reported";

        Task Publish(string exchange, string body) => broker.PublishAsync(exchange, body, Ct);

        await Publish(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-m1", "Nardil 15 mg tablet", Recent(20), 30, "D-maoi"));
        await UntilAsync(Consumed(Dispensed, "applied"), 1);
        var ssri = Events.Dispense(Guid.NewGuid(), "PT-m1", "SERTRALINE HCL 100MG TAB", Recent(5), 30, "D-ssri");
        await Publish(MedicationDispensed.ExchangeName, ssri);
        await UntilAsync(Consumed(Dispensed, "applied"), 2);
        await UntilAsync(Findings("opened"), 1);
        await Publish(MedicationDispensed.ExchangeName, ssri);
        await UntilAsync(Consumed(Dispensed, "duplicate"), 1);
        // an older correction of the same dispense arrives late
        await Publish(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-m1", "SERTRALINE HCL 50MG TAB", Recent(6), 30, "D-ssri"));
        await UntilAsync(Consumed(Dispensed, "stale"), 1);
        await Publish(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-m1", "SERTRALINE HCL 100MG TAB", Recent(5), 30, "D-ssri", "entered-in-error"));
        await UntilAsync(Consumed(Dispensed, "applied"), 3);
        await UntilAsync(Findings("resolved"), 1);
        await Publish(SupplementReported.ExchangeName, Events.Supplement(Guid.NewGuid(), "PT-m2", "Magnesium citrate 250 mg", Recent(2)));
        await UntilAsync(Consumed(Reported, "applied"), 1);
        // rejected before any consumer (not JSON) and by the consumer's validation (no medication text)
        await Publish(MedicationDispensed.ExchangeName, "this is not json {");
        await Publish(MedicationDispensed.ExchangeName, $$$"""{"eventId":"{{{Guid.NewGuid()}}}","patientId":"PT-m3","dispensedAt":"2026-11-01T09:00:00Z","medication":{}}""");
        await UntilAsync(Consumed(Dispensed, "invalid"), 2);
        await Publish(SupplementReported.ExchangeName, "[]");
        await UntilAsync(Consumed(Reported, "invalid"), 1);
        // a content-type parameter given twice: MassTransit's reader threw on it, and it went uncounted (edge probe M5)
        await broker.PublishAsync(SupplementReported.ExchangeName, Events.Supplement(Guid.NewGuid(), "PT-m4", "Magnesium citrate 250 mg", Recent(2)), Ct,
            contentType: "application/json; charset=utf-8; charset=utf-8");
        await UntilAsync(Consumed(Reported, "invalid"), 2);

        Assert.Equal(4, Interlocked.Read(ref _evaluations));
        var consumed = _counts.Where(kv => kv.Key.StartsWith("regimen_monitor.events.consumed", StringComparison.Ordinal)).ToDictionary();
        Assert.Equal(
            new Dictionary<string, long>
            {
                [Consumed(Dispensed, "applied")] = 3,
                [Consumed(Dispensed, "duplicate")] = 1,
                [Consumed(Dispensed, "stale")] = 1,
                [Consumed(Dispensed, "invalid")] = 2,
                [Consumed(Reported, "applied")] = 1,
                [Consumed(Reported, "invalid")] = 2,
            }.OrderBy(kv => kv.Key, StringComparer.Ordinal),
            consumed.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        var findings = _counts.Where(kv => kv.Key.StartsWith("regimen_monitor.findings.changed", StringComparison.Ordinal)).ToDictionary();
        Assert.Equal(
            new Dictionary<string, long> { [Findings("opened")] = 1, [Findings("resolved")] = 1 }.OrderBy(kv => kv.Key, StringComparer.Ordinal),
            findings.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        Assert.True(Count("regimen_monitor.products.normalised{outcome=recognised}") >= 3);
    }

    public void Dispose() => _listener.Dispose();
}
