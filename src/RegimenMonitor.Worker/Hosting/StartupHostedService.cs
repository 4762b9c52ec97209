using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Observability;
using RegimenMonitor.Worker.Regimens;

namespace RegimenMonitor.Worker.Hosting;

/// <summary>
/// Loads and validates the knowledge base before anything is consumed (resolving the evaluator does), so a bad
/// rule set stops start-up with a message naming the entry; then logs what this process runs on, and warns when it
/// runs no scheduler (so no alert leaves it). Registered first, so it is the last part the host stops: its stop line
/// says the worker has stopped, and is written only when its start line was (found by a newcomer probe: a run whose
/// health port was in use, which never started, logged "RegimenMonitor stopped: … return to their queues").
/// </summary>
internal sealed class StartupHostedService(
    RegimenEvaluator evaluator, IOptions<MessagingOptions> messaging, IOptions<DatabaseOptions> database, IOptions<Alerts.AlertOptions> alerts,
    ILogger<StartupHostedService> logger, JobsRunByCaller? jobsRunByCaller = null) : IHostedService
{
    private volatile bool _started;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _started = true;
        Log.Started(logger, messaging.Value.EffectiveTransport, database.Value.Provider, evaluator.RuleSetVersion);
        if (!alerts.Value.SchedulerEnabled && jobsRunByCaller is null)
        {
            Log.SchedulerDisabled(logger);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        if (_started)
        {
            Log.Stopped(logger);
        }

        return Task.CompletedTask;
    }
}

/// <summary>
/// Registered by a host that runs the jobs itself with the scheduler off (the <c>demo</c>, at its clock's instants):
/// its alerts are dispatched, so the start-up warning about a worker without the scheduler does not apply.
/// </summary>
internal sealed class JobsRunByCaller;
