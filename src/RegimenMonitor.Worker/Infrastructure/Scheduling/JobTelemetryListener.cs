using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Quartz;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Infrastructure.Scheduling;

/// <summary>
/// The telemetry of every job run, as a Quartz job listener: a <c>job &lt;name&gt;</c> span (tag
/// <c>regimen_monitor.job</c>), <c>regimen_monitor.job.runs</c> by job and outcome
/// (<c>succeeded</c>, <c>failed</c>, <c>cancelled</c>), <c>regimen_monitor.job.duration</c>, and a failure logged
/// (event 2010) with the span's status set to the exception type. Jobs themselves only do their work and let a failure
/// reach Quartz, which runs the job again at its next firing.
/// </summary>
internal sealed class JobTelemetryListener(ILogger<JobTelemetryListener> logger, Health.WriteRefusals refusals) : IJobListener
{
    private static readonly Counter<long> JobRuns = Telemetry.Meter.CreateCounter<long>(
        "regimen_monitor.job.runs", unit: "{run}", description: "Scheduled job runs, by job and outcome");

    private static readonly Histogram<double> JobDuration = Telemetry.Meter.CreateHistogram<double>(
        "regimen_monitor.job.duration", unit: "s", description: "Scheduled job run time, by job");

    private readonly ConcurrentDictionary<string, Run> _runs = new(StringComparer.Ordinal);

    public string Name => "regimen-monitor-telemetry";

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var job = context.JobDetail.Key.Name;
        var activity = Telemetry.Source.StartActivity($"job {job}");
        activity?.SetTag("regimen_monitor.job", job);
        _runs[context.FireInstanceId] = new Run(activity, Stopwatch.GetTimestamp());
        return ValueTask.CompletedTask;
    }

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        _runs.TryRemove(context.FireInstanceId, out _);
        return ValueTask.CompletedTask;
    }

    public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var job = context.JobDetail.Key.Name;
        _runs.TryRemove(context.FireInstanceId, out var run);
        var outcome = context.Outcome switch
        {
            ExecutionOutcome.Cancelled => "cancelled",
            ExecutionOutcome.Failed => "failed",
            _ when jobException is not null => "failed",
            _ => "succeeded",
        };
        if (outcome == "failed")
        {
            var cause = Cause(jobException);
            // a dispatch whose claim write was refused for want of space: readiness says so
            refusals.Saw(cause);
            run?.Activity?.SetStatus(ActivityStatusCode.Error, cause?.GetType().Name);
            Log.JobFailed(logger, job, cause);
        }

        JobRuns.Add(1, new("job", job), new("outcome", outcome));
        if (run is not null)
        {
            JobDuration.Record(Stopwatch.GetElapsedTime(run.Started).TotalSeconds, new KeyValuePair<string, object?>("job", job));
            run.Activity?.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The job's own exception, under the scheduler's wrappers.</summary>
    private static Exception? Cause(Exception? exception)
    {
        while (exception is SchedulerException { InnerException: not null })
        {
            exception = exception.InnerException;
        }

        return exception;
    }

    private sealed record Run(Activity? Activity, long Started);
}
