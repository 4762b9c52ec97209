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

    public void Started(DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_inFlight == 0 && !_failing)
            {
                _since = now;
            }

            _inFlight++;
        }
    }

    public void Answered(DateTimeOffset now)
    {
        lock (_lock)
        {
            _inFlight = Math.Max(0, _inFlight - 1);
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

    public TimeSpan? StalledFor(DateTimeOffset now)
    {
        lock (_lock)
        {
            return _inFlight > 0 || _failing ? (now - _since) is var age && age > TimeSpan.Zero ? age : TimeSpan.Zero : null;
        }
    }
}
