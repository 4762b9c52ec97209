using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;
using RegimenMonitor.Worker.Diagnostics;

namespace RegimenMonitor.Worker.Alerts;

/// <summary>
/// The four scheduled jobs. Each is <see cref="DisallowConcurrentExecutionAttribute"/>: with the clustered store that
/// holds across replicas, so a job never overlaps itself anywhere. Each run gets its own DI scope (fresh DbContext);
/// a failure is logged and counted, and the job simply runs again at its next firing.
/// </summary>
internal static class JobRunner
{
    public static async ValueTask RunAsync(
        IJobExecutionContext context, IServiceScopeFactory scopes, string job, Func<IServiceProvider, CancellationToken, Task> body, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        using var activity = Telemetry.Source.StartActivity($"job {job}");
        activity?.SetTag("regimen_monitor.job", job);
        var outcome = "succeeded";
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetService<IJobRunObserver>()?.OnRun(job, context.ScheduledFireTimeUtc, context.Scheduler.SchedulerInstanceId);
        try
        {
            await body(scope.ServiceProvider, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            outcome = "cancelled";
        }
        catch (Exception ex)
        {
            outcome = "failed";
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            Log.JobFailed(scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(JobRunner)), job, ex);
        }
        finally
        {
            AlertTelemetry.JobRuns.Add(1, new("job", job), new("outcome", outcome));
            AlertTelemetry.JobDuration.Record(stopwatch.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("job", job));
        }
    }
}

/// <summary>Test hook: told of every job run (which job, which scheduled firing, on which scheduler instance).</summary>
internal interface IJobRunObserver
{
    void OnRun(string job, DateTimeOffset? scheduledFireTime, string schedulerInstanceId);
}

[DisallowConcurrentExecution]
internal sealed class AlertDispatchJob(IServiceScopeFactory scopes) : IJob
{
    public const string Name = "alert-dispatch";

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        JobRunner.RunAsync(context, scopes, Name, (sp, ct) => sp.GetRequiredService<AlertDispatcher>().DispatchPendingAsync(ct), cancellationToken);
}

[DisallowConcurrentExecution]
internal sealed class RegimenSweepJob(IServiceScopeFactory scopes) : IJob
{
    public const string Name = "regimen-sweep";

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        JobRunner.RunAsync(context, scopes, Name, (sp, ct) => sp.GetRequiredService<RegimenSweeper>().SweepAsync(null, ct), cancellationToken);
}

[DisallowConcurrentExecution]
internal sealed class EscalationJob(IServiceScopeFactory scopes) : IJob
{
    public const string Name = "alert-escalation";

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        JobRunner.RunAsync(context, scopes, Name, (sp, ct) => sp.GetRequiredService<EscalationService>().EscalateOverdueAsync(ct), cancellationToken);
}

[DisallowConcurrentExecution]
internal sealed class RetentionJob(IServiceScopeFactory scopes) : IJob
{
    public const string Name = "retention-purge";

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) =>
        JobRunner.RunAsync(context, scopes, Name, (sp, ct) => sp.GetRequiredService<RetentionService>().PurgeAsync(ct), cancellationToken);
}
