namespace RegimenMonitor.Worker.Alerts;

/// <summary>
/// Whether the broker answers this worker's alert publishes, for readiness (<see cref="AlertPublishHealthCheck"/>):
/// fed by the dispatcher around each publish, read without touching the broker or the database. A publish is answered
/// when the broker confirms it or returns it unroutable; it fails when it times out or faults (a broker blocking
/// publishers under a memory or disk alarm holds it until the timeout). <see cref="StalledFor"/> is how long publishes
/// have gone unanswered: from the last answer (or the first publish after an idle, answered spell) while a publish
/// is waiting or the last one failed; null when nothing waits and the last publish was answered.
/// </summary>
internal sealed class AlertPublishMonitor
{
    private readonly Lock _lock = new();
    private int _inFlight;
    private bool _failing;
    private DateTimeOffset _since;
    private DateTimeOffset _lastTry;
    private bool _probing;
    private bool _recovered;

    public void Started(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_inFlight == 0 && !_failing)
            {
                _since = now;
            }

            _inFlight++;
            _lastTry = now;
        }
    }

    public void Answered(DateTimeOffset now)
    {
        lock (_lock)
        {
            _inFlight = Math.Max(0, _inFlight - 1);
            _recovered |= _failing && _probing;
            _probing = false;
            _failing = false;
            _since = now;
        }
    }

    public void Failed()
    {
        lock (_lock)
        {
            _inFlight = Math.Max(0, _inFlight - 1);
            _failing = true;
        }
    }

    /// <summary>
    /// What the dispatcher should do about the alerts waiting out a back-off after a failed publish:
    /// <see cref="RetryAdvice.Probe"/> while the last publish failed and none started for <paramref name="interval"/>
    /// (try the oldest again, whatever its back-off, to see whether the broker is back); <see cref="RetryAdvice.All"/>
    /// once, when a publish is answered after a probe was advised (the broker is back after a spell of failures). A
    /// failure beside answered publishes (one alert of a batch) is no spell: its alert keeps its back-off.
    /// </summary>
    public RetryAdvice Retry(DateTimeOffset now, TimeSpan interval)
    {
        lock (_lock)
        {
            if (_recovered)
            {
                _recovered = false;
                return RetryAdvice.All;
            }

            if (_failing && _inFlight == 0 && now - _lastTry >= interval)
            {
                _probing = true;
                return RetryAdvice.Probe;
            }

            return RetryAdvice.None;
        }
    }

    public TimeSpan? StalledFor(DateTimeOffset now)
    {
        lock (_lock)
        {
            return _inFlight > 0 || _failing ? (now - _since) is var age && age > TimeSpan.Zero ? age : TimeSpan.Zero : null;
        }
    }
}

/// <summary>See <see cref="AlertPublishMonitor.Retry"/>.</summary>
internal enum RetryAdvice
{
    None,
    Probe,
    All,
}
