using Quartz;

namespace RegimenMonitor.Worker.Alerts;

/// <summary>
/// Drains the outbox (<see cref="AlertDispatcher"/>). Quartz builds it per firing in a DI scope of its own (fresh DbContext);
/// <see cref="DisallowConcurrentExecutionAttribute"/> holds across replicas with the clustered store. A failure is
/// recorded by <see cref="Infrastructure.Scheduling.JobTelemetryListener"/>, and the job runs again at its next firing.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class AlertDispatchJob(AlertDispatcher dispatcher, Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime, DispatchRuns runs) : IJob
{
    public const string Name = "alert-dispatch";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        using var running = runs.Start();
        await dispatcher.DispatchPendingAsync(cancellationToken, lifetime.ApplicationStopping);
    }
}

/// <summary>
/// Whether this process runs the dispatch job now: a long drain keeps its trigger from firing, and the scheduler's
/// readiness check (<see cref="SchedulerHealthCheck"/>) counts it as progress. One per host.
/// </summary>
internal sealed class DispatchRuns
{
    private int _running;

    public bool Running => Volatile.Read(ref _running) > 0;

    public IDisposable Start()
    {
        Interlocked.Increment(ref _running);
        return new Run(this);
    }

    private sealed class Run(DispatchRuns runs) : IDisposable
    {
        private int _ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                Interlocked.Decrement(ref runs._running);
            }
        }
    }
}
