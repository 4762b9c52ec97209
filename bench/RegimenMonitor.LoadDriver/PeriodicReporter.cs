namespace RegimenMonitor.LoadDriver;

/// <summary>Calls an action every period on the thread pool until disposed (progress lines while a phase runs).</summary>
internal sealed class PeriodicReporter : IDisposable
{
    private readonly Timer _timer;

    public PeriodicReporter(TimeSpan period, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        _timer = new Timer(_ => action(), null, period, period);
    }

    public void Dispose() => _timer.Dispose();
}
