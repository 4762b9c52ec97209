using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// The outbox gauges of docs/operations.md, "Metrics", read the monitor of the host's container. Found by a newcomer probe: they
/// were documented and never registered, so they were never exported. The gauges are process-wide and read the
/// monitor a host built last, so this runs in the collection that runs alone (no other host builds one meanwhile).
/// </summary>
[Collection(nameof(BrokerRestartGroup))]
public sealed class OutboxGaugeTests
{
    [Fact]
    public void The_outbox_depth_and_oldest_age_are_read_from_the_hosts_monitor()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 9, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(clock);
        services.AddRegimenMonitorAlerts(HostRole.Tool);
        using var provider = services.BuildServiceProvider();

        var readings = new Dictionary<string, double>(StringComparer.Ordinal);
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Telemetry.SourceName && instrument.Name.StartsWith("regimen_monitor.outbox.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => readings[instrument.Name] = value);
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => readings[instrument.Name] = value);
        listener.Start();

        // as the dispatcher records a run: three alerts pending, the oldest written 90 s before the run
        var monitor = provider.GetRequiredService<OutboxMonitor>();
        monitor.Update(3, clock.GetUtcNow().AddSeconds(-90), clock.GetUtcNow());
        clock.Advance(TimeSpan.FromSeconds(30));
        listener.RecordObservableInstruments();

        Assert.Equal(3d, readings.GetValueOrDefault("regimen_monitor.outbox.depth", -1));
        Assert.Equal(120d, readings.GetValueOrDefault("regimen_monitor.outbox.oldest_age", -1));

        // the next run found the outbox empty
        monitor.Update(0, null, clock.GetUtcNow());
        listener.RecordObservableInstruments();
        Assert.Equal(0d, readings["regimen_monitor.outbox.depth"]);
        Assert.Equal(0d, readings["regimen_monitor.outbox.oldest_age"]);
    }
}
