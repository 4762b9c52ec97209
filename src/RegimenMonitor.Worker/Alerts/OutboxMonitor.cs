namespace RegimenMonitor.Worker.Alerts;

/// <summary>
/// The outbox's latest observed depth and oldest pending alert, refreshed after every dispatch run. Read by the
/// metrics gauges and the readiness check without touching the database.
/// </summary>
internal sealed class OutboxMonitor
{
    private long _pending;
    private long _oldestPendingTicks;
    private long _lastRunTicks;

    public long Pending => Interlocked.Read(ref _pending);

    public DateTimeOffset? OldestPendingAt => Interlocked.Read(ref _oldestPendingTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    public DateTimeOffset? LastRunAt => Interlocked.Read(ref _lastRunTicks) is var t and > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    public void Update(long pending, DateTimeOffset? oldestPendingAt, DateTimeOffset observedAt)
    {
        Interlocked.Exchange(ref _pending, pending);
        Interlocked.Exchange(ref _oldestPendingTicks, oldestPendingAt?.UtcTicks ?? 0);
        Interlocked.Exchange(ref _lastRunTicks, observedAt.UtcTicks);
    }
}
