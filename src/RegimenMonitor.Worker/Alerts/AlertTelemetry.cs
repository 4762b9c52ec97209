using System.Diagnostics.Metrics;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Alerts;

/// <summary>Metrics of the alert path (outbox, dispatch, jobs). Labels are kinds, statuses and job names only.</summary>
internal static class AlertTelemetry
{
    public static readonly Counter<long> AlertsPublished = Telemetry.Meter.CreateCounter<long>(
        "regimen_monitor.alerts.published", unit: "{alert}", description: "Alerts published to care.regimen-alerts and confirmed by the broker, by kind and status");

    public static readonly Counter<long> PublishFailures = Telemetry.Meter.CreateCounter<long>(
        "regimen_monitor.alerts.publish_failures", unit: "{alert}", description: "Alert publishes that failed and were scheduled for a retry");

    public static readonly Counter<long> AlertsUnroutable = Telemetry.Meter.CreateCounter<long>(
        "regimen_monitor.alerts.unroutable", unit: "{alert}",
        description: "Alert publishes the broker returned because no queue is bound for the routing key; kept in the outbox and retried, by kind and routing key");

    public static readonly Counter<long> AlertsWritten = Telemetry.Meter.CreateCounter<long>(
        "regimen_monitor.alerts.written", unit: "{alert}", description: "Alerts written to the outbox, by kind");

    public static readonly Counter<long> RegimensSwept = Telemetry.Meter.CreateCounter<long>(
        "regimen_monitor.sweep.regimens", unit: "{regimen}", description: "Regimens re-evaluated by the sweep");

    // read by the exporter's thread: one reference, written and read whole
    private static volatile Registered? _current;
    private static int _gaugesRegistered;

    private sealed record Registered(OutboxMonitor Monitor, TimeProvider Time);

    /// <summary>Outbox depth and age gauges read the monitor of the host that registered last (one per process in production).</summary>
    public static void RegisterOutboxGauges(OutboxMonitor monitor, TimeProvider timeProvider)
    {
        _current = new Registered(monitor, timeProvider);
        if (Interlocked.Exchange(ref _gaugesRegistered, 1) != 0)
        {
            return;
        }

        Telemetry.Meter.CreateObservableGauge("regimen_monitor.outbox.depth", () => _current?.Monitor.Pending ?? 0,
            unit: "{alert}", description: "Alerts waiting in the outbox at the last dispatch run");
        Telemetry.Meter.CreateObservableGauge("regimen_monitor.outbox.oldest_age", OldestAgeSeconds,
            unit: "s", description: "Age of the oldest undispatched alert");
    }

    private static double OldestAgeSeconds() =>
        _current is { } c && c.Monitor.OldestPendingAt is { } oldest ? Math.Max(0, (c.Time.GetUtcNow() - oldest).TotalSeconds) : 0d;

    /// <summary>Counts every change of one findings diff (escalated findings count under their new severity).</summary>
    public static void RecordFindingsChanged(FindingsDiff? diff)
    {
        if (diff is null)
        {
            return;
        }

        foreach (var f in diff.Opened)
        {
            Telemetry.RecordFindingsChanged(f.Concern, f.Severity, Telemetry.Changes.Opened);
        }

        foreach (var f in diff.Escalated)
        {
            Telemetry.RecordFindingsChanged(f.Concern, f.Severity, Telemetry.Changes.Escalated);
        }

        foreach (var f in diff.Resolved)
        {
            Telemetry.RecordFindingsChanged(f.Concern, f.Severity, Telemetry.Changes.Resolved);
        }

        foreach (var (findings, change) in new[] { (diff.Lowered, Telemetry.Changes.Lowered), (diff.Superseded, Telemetry.Changes.Superseded), (diff.Reinstated, Telemetry.Changes.Reinstated), (diff.Updated, Telemetry.Changes.Updated), (diff.Withdrawn, Telemetry.Changes.ResolutionWithdrawn) })
        {
            foreach (var f in findings)
            {
                Telemetry.RecordFindingsChanged(f.Concern, f.Severity, change);
            }
        }
    }
}
