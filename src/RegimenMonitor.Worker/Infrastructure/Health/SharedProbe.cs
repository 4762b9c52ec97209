using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RegimenMonitor.Worker.Infrastructure.Health;

/// <summary>
/// One database probe of a readiness check at a time, shared by the requests that arrive while it runs, and answered at
/// a deadline whatever the driver does: a database that accepts connections and then never answers (a stalled server,
/// a partition) leaves at most one attempt waiting on the driver's own timeouts, not one connection per request, and
/// each request is answered in time. Held by a check registered as a singleton.
/// </summary>
internal sealed class SharedProbe
{
    private readonly Lock _gate = new();
    private Task<Func<HealthCheckContext, HealthCheckResult>>? _running;

    /// <summary>
    /// The answer of the probe under way, or of a new one <paramref name="start"/> begins; null when it has not answered
    /// within <paramref name="timeout"/>. The probe must not throw (it may finish after every request gave up on it), and
    /// should yield before its first wait: it is started under the lock.
    /// </summary>
    public async Task<Func<HealthCheckContext, HealthCheckResult>?> AnswerAsync(
        Func<Task<Func<HealthCheckContext, HealthCheckResult>>> start, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(start);
        Task<Func<HealthCheckContext, HealthCheckResult>> probe;
        lock (_gate)
        {
            if (_running is not { IsCompleted: false })
            {
                _running = start();
            }

            probe = _running;
        }

        try
        {
            return await probe.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            return null;
        }
    }
}
