using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using Quartz;
using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Alerts;

/// <summary>
/// Readiness: this worker's Quartz scheduler is started and not in standby or shut down, and the alert dispatch job has
/// fired (on this replica or another) or is running, within <see cref="DispatchStalledAfter"/> of now, of the trigger's
/// start or of this scheduler's start.
/// Until 2026-12-07 it asked only the first: with Quartz's tables locked no replica dispatched an alert, while every
/// replica stayed ready until the outbox's own threshold (5 min) passed (found by an independent fault probe). The
/// trigger is read from the job store (the database when clustered) within <see cref="Timeout"/> whatever the driver
/// does, one read at a time shared by the requests that arrive meanwhile (registered as a singleton). Passive: until the host has started
/// (SchedulerStarter created and started the scheduler) and once it is stopping, it answers without touching Quartz, and
/// it never passes the request's cancellation token on. Asking the factory for the scheduler any earlier would create
/// it — during migrations, before Quartz's tables exist, or with a probe's token that a 1 s client timeout cancels
/// halfway — and leave the hosted service a scheduler that is already shut down.
/// </summary>
internal sealed class SchedulerHealthCheck(ISchedulerFactory schedulers, IHostApplicationLifetime lifetime, IOptions<AlertOptions> options, DispatchRuns runs) : IHealthCheck
{
    public const string Name = "scheduler";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private readonly Infrastructure.Health.SharedProbe _probe = new();

    /// <summary>
    /// The least time the dispatch trigger may go without firing before readiness fails: twice Quartz's misfire threshold
    /// (60 s), since a trigger that fires late records the time it was due.
    /// </summary>
    internal static readonly TimeSpan MinimumStall = TimeSpan.FromSeconds(120);

    /// <summary>
    /// How long the dispatch trigger may go without firing before readiness fails (tests); by default ten of its
    /// intervals, and at least <see cref="MinimumStall"/>.
    /// </summary>
    internal TimeSpan DispatchStalledAfter { get; set; } = TimeSpan.Zero;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "scheduler stopping");
        }

        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "scheduler not started yet");
        }

        return await _probe.AnswerAsync(ProbeAsync, Timeout, cancellationToken) is { } answer
            ? answer(context)
            : new HealthCheckResult(context.Registration.FailureStatus, $"scheduler's job store did not answer within {Timeout.TotalSeconds:0} s");
    }

    private async Task<Func<HealthCheckContext, HealthCheckResult>> ProbeAsync()
    {
        await Task.Yield(); // started under the probe's lock; it runs outside it
        using var deadline = new CancellationTokenSource(Timeout);
        using var suppressed = SuppressInstrumentationScope.Begin();
        try
        {
            var scheduler = await schedulers.GetScheduler(CancellationToken.None);
            var status = await scheduler.GetStatus(CancellationToken.None);
            if (status != SchedulerStatus.Running)
            {
                return context => new HealthCheckResult(context.Registration.FailureStatus, $"scheduler {status.ToString().ToLowerInvariant()}");
            }

            var key = new TriggerKey(AlertDispatchJob.Name);
            var trigger = await scheduler.GetTrigger(key, deadline.Token);
            if (trigger is null)
            {
                return context => new HealthCheckResult(context.Registration.FailureStatus, "alert dispatch is not scheduled: no replica publishes alerts");
            }

            // a run under way (a long drain after an outage) keeps its trigger from firing again: that is progress. Seen
            // here when this replica runs it, and from another replica as the trigger's state in the shared store
            if (runs.Running || await scheduler.GetTriggerState(key, deadline.Token) == TriggerState.Blocked)
            {
                return _ => HealthCheckResult.Healthy("scheduler running; alert dispatch running");
            }

            // from its last firing, or its start (a replica starting stores it again, without a last firing), or this
            // scheduler's start, whichever is latest; on this host's clock, as Quartz's times are (not the clock the
            // worker takes from the database server)
            var since = (await scheduler.GetMetadata(deadline.Token)).RunningSince;
            var from = new[] { trigger.PreviousFireTimeUtc, trigger.StartTimeUtc, since }.Max();
            var limit = DispatchStalledAfter > TimeSpan.Zero ? DispatchStalledAfter
                : TimeSpan.FromTicks(Math.Max(MinimumStall.Ticks, options.Value.DispatchInterval.Ticks * 10));
            var quiet = from is { } last ? TimeProvider.System.GetUtcNow() - last : TimeSpan.Zero;
            if (quiet > limit)
            {
                return context => new HealthCheckResult(context.Registration.FailureStatus,
                    $"alert dispatch has not fired for {quiet.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s (more than {limit.TotalSeconds:0} s): no replica publishes alerts (Quartz's tables locked or its store failing?)");
            }

            return _ => HealthCheckResult.Healthy("scheduler running");
        }
        catch (OperationCanceledException)
        {
            return context => new HealthCheckResult(context.Registration.FailureStatus, $"scheduler's job store did not answer within {Timeout.TotalSeconds:0} s");
        }
        catch (Exception ex)
        {
            // whatever it is (the probe may finish after every request gave up on it); the exception's type only
            return context => new HealthCheckResult(context.Registration.FailureStatus, $"scheduler's job store not readable ({ex.GetType().Name})");
        }
    }
}

/// <summary>
/// Readiness: no alert has waited in the outbox longer than <see cref="AlertOptions.OutboxStuckThreshold"/>, and none
/// was returned unroutable by the broker (no queue bound for its routing key) and is still waiting. Reads the
/// database (the partial index on pending rows makes it one index probe), so it holds whichever replica dispatches.
/// Answers within <see cref="Timeout"/> whatever the driver does, one probe at a time shared by the requests that arrive
/// meanwhile (<see cref="Infrastructure.Health.SharedProbe"/>; registered as a singleton): found by an independent fault
/// probe, with PostgreSQL stalled or partitioned every readiness request took 15–34 s here, and an idle worker held 65
/// connections after 35 s of probes, although the database check itself answered at its deadline.
/// </summary>
internal sealed class OutboxHealthCheck(IServiceScopeFactory scopes, IOptions<AlertOptions> options, TimeProvider timeProvider) : IHealthCheck
{
    public const string Name = "outbox";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);
    private readonly Infrastructure.Health.SharedProbe _probe = new();

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        return await _probe.AnswerAsync(ProbeAsync, Timeout, cancellationToken) is { } answer
            ? answer(context)
            : new HealthCheckResult(context.Registration.FailureStatus, "outbox not readable in time");
    }

    private async Task<Func<HealthCheckContext, HealthCheckResult>> ProbeAsync()
    {
        await Task.Yield(); // started under the probe's lock; it runs outside it
        using var deadline = new CancellationTokenSource(Timeout);
        using var suppressed = SuppressInstrumentationScope.Begin();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
            var oldest = await db.Outbox.Where(m => m.DispatchedAt == null).OrderBy(m => m.CreatedAt)
                .Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(deadline.Token);
            if (oldest is null)
            {
                return _ => HealthCheckResult.Healthy("outbox empty");
            }

            // An alert the broker routed to no queue has reached nobody: reported at once, until it is delivered.
            var unroutable = await db.Outbox
                .Where(m => m.DispatchedAt == null && m.LastError != null && m.LastError.StartsWith(AlertDispatcher.UnroutablePrefix))
                .GroupBy(m => m.RoutingKey).Select(g => new { Key = g.Key, Count = g.Count() })
                .ToListAsync(deadline.Token);
            if (unroutable.Count > 0)
            {
                var keys = string.Join(", ", unroutable.Select(u => u.Key).Order(StringComparer.Ordinal).Take(5));
                var count = unroutable.Sum(u => u.Count);
                return context => new HealthCheckResult(context.Registration.FailureStatus,
                    $"{count} alert(s) reached no queue (routing keys {keys}): bind a queue to {options.Value.Formats.Exchanges()}");
            }

            var age = timeProvider.GetUtcNow() - oldest.Value;
            var seconds = Math.Max(0, age.TotalSeconds).ToString("0", CultureInfo.InvariantCulture);
            var threshold = options.Value.OutboxStuckThreshold;
            return age <= threshold
                ? _ => HealthCheckResult.Healthy($"oldest undispatched alert {seconds} s old")
                : context => new HealthCheckResult(context.Registration.FailureStatus,
                    $"outbox stuck: oldest undispatched alert {seconds} s old (threshold {threshold.TotalSeconds:0} s)");
        }
        catch (OperationCanceledException)
        {
            return context => new HealthCheckResult(context.Registration.FailureStatus, "outbox not readable in time");
        }
        catch (Exception ex)
        {
            // whatever it is (the probe may finish after every request gave up on it: nothing else would observe it);
            // the exception's type only: driver messages can quote server-side details
            return context => new HealthCheckResult(context.Registration.FailureStatus, $"outbox not readable ({ex.GetType().Name})");
        }
    }
}

/// <summary>
/// Readiness: the broker answers this worker's alert publishes. Not ready while they have gone unanswered for longer
/// than <see cref="AlertOptions.PublishStallThreshold"/> (<see cref="AlertPublishMonitor"/>): a broker blocking
/// publishers (memory or disk alarm) keeps the bus connected, so the bus check stays Healthy and the outbox check
/// would wait for its much longer threshold. Ready again once a publish is answered. Reads two fields in memory.
/// </summary>
internal sealed class AlertPublishHealthCheck(AlertPublishMonitor monitor, IOptions<AlertOptions> options, TimeProvider timeProvider) : IHealthCheck
{
    public const string Name = "alert-publish";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var stalled = monitor.StalledFor(timeProvider.GetUtcNow());
        var threshold = options.Value.PublishStallThreshold;
        return Task.FromResult(stalled switch
        {
            null => HealthCheckResult.Healthy("alert publishes answered"),
            var s when s <= threshold => HealthCheckResult.Healthy($"alert publish waiting {s.Value.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s"),
            var s => new HealthCheckResult(context.Registration.FailureStatus,
                $"broker answered no alert publish for {s.Value.TotalSeconds.ToString("0", CultureInfo.InvariantCulture)} s (threshold {threshold.TotalSeconds:0} s): blocking publishers or unreachable"),
        });
    }
}
