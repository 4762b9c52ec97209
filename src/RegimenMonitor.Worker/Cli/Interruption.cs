using System.Runtime.InteropServices;

namespace RegimenMonitor.Worker.Cli;

/// <summary>
/// Ctrl+C and SIGTERM for a tool verb (and for <c>run</c>'s checks before its host takes the signals). The first signal cancels the verb's token (it stops at its next check, prints
/// "interrupted" and exits 1) and starts a grace period; a verb still running when it ends (blocked in a call that
/// takes no token) is abandoned the same way (<see cref="GraceOver"/>). A second signal ends the process at once, as if
/// no handler were registered (exit 130 for SIGINT, 143 for SIGTERM). Nothing is left half-written by either: the
/// verbs write in transactions, and a replayed event sent twice is a duplicate the worker skips.
/// </summary>
internal sealed class Interruption : IDisposable
{
    private readonly CancellationTokenSource _stop;
    private readonly TimeSpan _grace;
    private readonly TaskCompletionSource _graceOver = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly PosixSignalRegistration[] _registrations;
    private Timer? _timer;
    private int _signals;

    public Interruption(CancellationTokenSource stop, TimeSpan grace)
    {
        _stop = stop;
        _grace = grace;
        _registrations = [PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal), PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal)];
    }

    /// <summary>Completes when the grace period after the first signal is over.</summary>
    public Task GraceOver => _graceOver.Task;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }

        _timer?.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _signals) > 1)
        {
            return; // the default action: the process ends now
        }

        context.Cancel = true; // the first: the verb stops by itself
        _timer = new Timer(_ => _graceOver.TrySetResult(), null, _grace, Timeout.InfiniteTimeSpan);
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the verb ended between the signal and here
        }
    }
}
