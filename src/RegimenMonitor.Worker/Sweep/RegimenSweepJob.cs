using Quartz;

namespace RegimenMonitor.Worker.Sweep;

/// <summary>
/// Re-evaluates the regimens whose result changes with time (<see cref="RegimenSweeper"/>), and every regimen when the
/// worker's rule set and terminology have not been swept yet (<see cref="RegimenSweeper.SweepForJobAsync"/>). It fires
/// nightly, once when the scheduler starts (<see cref="AtStartTrigger"/>), when it only brings a new release in, and
/// every <see cref="Alerts.AlertOptions.ReviewInterval"/> for the due regimens only (<see cref="ReviewTrigger"/>).
/// Quartz builds it per firing in a DI scope of its own (fresh DbContext); <see cref="DisallowConcurrentExecutionAttribute"/>
/// holds across replicas with the clustered store. A failure is recorded by
/// <see cref="Infrastructure.Scheduling.JobTelemetryListener"/>, and the job runs again at its next firing.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RegimenSweepJob(RegimenSweeper sweeper, Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime) : IJob
{
    public const string Name = "regimen-sweep";

    /// <summary>The one-off trigger of the scheduler's start: sweeps every regimen if the rule set is new, else nothing.</summary>
    public const string AtStartTrigger = "regimen-sweep-at-start";

    /// <summary>The trigger every <see cref="Alerts.AlertOptions.ReviewInterval"/>: the due regimens only, never every regimen.</summary>
    public const string ReviewTrigger = "regimen-sweep-review";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        if (context.Trigger.Key.Name == ReviewTrigger)
        {
            await sweeper.ReviewDueAsync(cancellationToken, lifetime.ApplicationStopping);
            return;
        }

        await sweeper.SweepForJobAsync(onlyIfNotSwept: context.Trigger.Key.Name == AtStartTrigger, cancellationToken, lifetime.ApplicationStopping);
    }
}
