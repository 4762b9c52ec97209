using System.Data.Common;
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
/// Readiness: this worker's Quartz scheduler is started and not in standby or shut down. Passive: until the host has
/// started (SchedulerStarter created and started the scheduler) and once it is stopping, it answers without
/// touching Quartz, and it never passes the request's cancellation token on. Asking the factory for the scheduler any
/// earlier would create it — during migrations, before Quartz's tables exist, or with a probe's token that a 1 s client
/// timeout cancels halfway — and leave the hosted service a scheduler that is already shut down.
/// </summary>
internal sealed class SchedulerHealthCheck(ISchedulerFactory schedulers, IHostApplicationLifetime lifetime) : IHealthCheck
{
    public const string Name = "scheduler";

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

        var scheduler = await schedulers.GetScheduler(CancellationToken.None);
        var status = await scheduler.GetStatus(CancellationToken.None);
        return status == SchedulerStatus.Running
            ? HealthCheckResult.Healthy("scheduler running")
            : new HealthCheckResult(context.Registration.FailureStatus, $"scheduler {status.ToString().ToLowerInvariant()}");
    }
}

/// <summary>
/// Readiness: no alert has waited in the outbox longer than <see cref="AlertOptions.OutboxStuckThreshold"/>, and none
/// was returned unroutable by the broker (no queue bound for its routing key) and is still waiting. Reads the
/// database (the partial index on pending rows makes it one index probe), so it holds whichever replica dispatches.
/// </summary>
internal sealed class OutboxHealthCheck(IServiceScopeFactory scopes, IOptions<AlertOptions> options, TimeProvider timeProvider) : IHealthCheck
{
    public const string Name = "outbox";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout);
        using var suppressed = SuppressInstrumentationScope.Begin();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
            var oldest = await db.Outbox.Where(m => m.DispatchedAt == null).OrderBy(m => m.CreatedAt)
                .Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(deadline.Token);
            if (oldest is not null)
            {
                // An alert the broker routed to no queue has reached nobody: reported at once, until it is delivered.
                var unroutable = await db.Outbox
                    .Where(m => m.DispatchedAt == null && m.LastError != null && m.LastError.StartsWith(AlertDispatcher.UnroutablePrefix))
                    .GroupBy(m => m.RoutingKey).Select(g => new { Key = g.Key, Count = g.Count() })
                    .ToListAsync(deadline.Token);
                if (unroutable.Count > 0)
                {
                    var keys = string.Join(", ", unroutable.Select(u => u.Key).Order(StringComparer.Ordinal).Take(5));
                    return new HealthCheckResult(context.Registration.FailureStatus,
                        $"{unroutable.Sum(u => u.Count)} alert(s) reached no queue (routing keys {keys}): bind a queue to {Contracts.RegimenAlertRaised.ExchangeName}");
                }
            }

            if (oldest is null)
            {
                return HealthCheckResult.Healthy("outbox empty");
            }

            var age = timeProvider.GetUtcNow() - oldest.Value;
            var seconds = Math.Max(0, age.TotalSeconds).ToString("0", CultureInfo.InvariantCulture);
            return age <= options.Value.OutboxStuckThreshold
                ? HealthCheckResult.Healthy($"oldest undispatched alert {seconds} s old")
                : new HealthCheckResult(context.Registration.FailureStatus,
                    $"outbox stuck: oldest undispatched alert {seconds} s old (threshold {options.Value.OutboxStuckThreshold.TotalSeconds:0} s)");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "outbox not readable in time");
        }
        catch (Exception ex) when (ex is DbException or InvalidOperationException or TimeoutException or IOException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, $"outbox not readable ({ex.GetType().Name})");
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
