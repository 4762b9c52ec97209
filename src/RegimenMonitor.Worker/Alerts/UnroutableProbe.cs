namespace RegimenMonitor.Worker.Alerts;

/// <summary>
/// When the dispatcher last made the oldest unroutable alert of each routing key due ahead of its back-off
/// (<see cref="AlertDispatcher"/>): once per <see cref="AlertDispatcher.RetryProbeInterval"/> per process, so a queue a
/// care team binds is found within that interval rather than at the end of a back-off of up to 5 minutes.
/// </summary>
internal sealed class UnroutableProbe
{
    private readonly Lock _lock = new();
    private DateTimeOffset _last = DateTimeOffset.MinValue;

    /// <summary>True, and the probe counted as made at <paramref name="now"/>, when none was made for <paramref name="interval"/>.</summary>
    public bool Due(DateTimeOffset now, TimeSpan interval)
    {
        lock (_lock)
        {
            if (now - _last < interval)
            {
                return false;
            }

            _last = now;
            return true;
        }
    }
}
