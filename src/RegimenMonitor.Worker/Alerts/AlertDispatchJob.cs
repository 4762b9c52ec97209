using Quartz;

namespace RegimenMonitor.Worker.Alerts;

/// <summary>
/// Drains the outbox (<see cref="AlertDispatcher"/>). Quartz builds it per firing in a DI scope of its own (fresh DbContext);
/// <see cref="DisallowConcurrentExecutionAttribute"/> holds across replicas with the clustered store. A failure is
/// recorded by <see cref="Infrastructure.Scheduling.JobTelemetryListener"/>, and the job runs again at its next firing.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class AlertDispatchJob(AlertDispatcher dispatcher, Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime) : IJob
{
    public const string Name = "alert-dispatch";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        await dispatcher.DispatchPendingAsync(cancellationToken, lifetime.ApplicationStopping);
}
