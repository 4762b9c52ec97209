using Quartz;

namespace RegimenMonitor.Worker.Sweep;

/// <summary>
/// Re-evaluates the regimens whose result changes with time (<see cref="RegimenSweeper"/>). Quartz builds it per firing in a DI scope of its own (fresh DbContext);
/// <see cref="DisallowConcurrentExecutionAttribute"/> holds across replicas with the clustered store. A failure is
/// recorded by <see cref="Infrastructure.Scheduling.JobTelemetryListener"/>, and the job runs again at its next firing.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RegimenSweepJob(RegimenSweeper sweeper, Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime) : IJob
{
    public const string Name = "regimen-sweep";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await sweeper.SweepAsync(null, cancellationToken, lifetime.ApplicationStopping);
}
