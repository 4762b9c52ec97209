using Quartz;

namespace RegimenMonitor.Worker.Alerts;

/// <summary>
/// Purges old dispatched alerts and processed event ids (<see cref="RetentionService"/>). Quartz builds it per firing in a DI scope of its own (fresh DbContext);
/// <see cref="DisallowConcurrentExecutionAttribute"/> holds across replicas with the clustered store. A failure is
/// recorded by <see cref="Infrastructure.Scheduling.JobTelemetryListener"/>, and the job runs again at its next firing.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class RetentionJob(RetentionService retention, Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime) : IJob
{
    public const string Name = "retention-purge";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await retention.PurgeAsync(cancellationToken, lifetime.ApplicationStopping);
}
