using Quartz;

namespace RegimenMonitor.Worker.Sweep;

/// <summary>
/// Re-evaluates the regimens whose result changes with time (<see cref="RegimenSweeper"/>), and every regimen when the
/// worker's rule set and terminology have not been swept yet (<see cref="RegimenSweeper.SweepForJobAsync"/>). It fires
/// nightly, and once when the scheduler starts (<see cref="AtStartTrigger"/>), when it only brings a new release in.
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

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await sweeper.SweepForJobAsync(onlyIfNotSwept: context.Trigger.Key.Name == AtStartTrigger, cancellationToken, lifetime.ApplicationStopping);
}
