using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.EntityFrameworkCore;
using Quartz;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Database.Dialects;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Infrastructure.Scheduling;

/// <summary>
/// Starts the Quartz scheduler with the worker and shuts it down (waiting for running jobs) before the bus stops: what
/// Quartz's own hosted service does, except that a database that is away when the scheduler is to start is waited for.
/// <para>On PostgreSQL and SQL Server the scheduler's store checks its tables and writes the schedules as the scheduler
/// is created. A database that refused or dropped connections then (restarting a few seconds after the worker's
/// migrations) failed that creation, and with it the whole worker (exit 1, "cannot reach PostgreSQL"), while the bus
/// was already consuming and every other part retries an outage for as long as it lasts. A scheduler whose creation
/// failed cannot be created again in the same process (Quartz's container-built parts are one-way once shut down), so
/// the database is asked first (a query, through a pool emptied of the connections the outage dropped): until it
/// answers, one warning line per attempt, and the attempt is repeated, doubling the wait up to <see cref="MaxDelay"/>,
/// until it answers or a stop is asked for. The worker is not ready meanwhile
/// (its scheduler check says "not started yet"); events are still applied as the database allows. A database that
/// goes away during the creation itself is retried by the store (SchedulingConfiguration.TransientRetries, about
/// 30 s); an outage longer than that at that moment, and any other failure (a missing table, a bad setting), still
/// stop the worker with exit code 1, for its supervisor to start it again.</para>
/// </summary>
internal sealed class SchedulerStarter(
    ISchedulerFactory schedulers, IServiceScopeFactory scopes, IOptions<DatabaseOptions> database, RetiredTriggers retired,
    ILogger<SchedulerStarter> logger, TimeProvider time)
    : IHostedService
{
    private readonly DatabaseDialect _dialect = DatabaseDialect.For(database.Value.Provider);

    internal static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    internal static readonly TimeSpan MaxDelay = TimeSpan.FromSeconds(30);

    private IScheduler? _scheduler;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var delay = FirstDelay;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await DatabaseAnswersAsync(fresh: attempt > 1, cancellationToken);
                if (attempt > 1)
                {
                    Log.SchedulerDatabaseBack(logger, attempt);
                }

                break;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && _dialect.IsOutage(ex))
            {
                Log.SchedulerStartRetry(logger, attempt, delay.TotalSeconds, RejectionLogDemotion.Causes(ex));
            }

            await Task.Delay(delay, time, cancellationToken);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, MaxDelay.Ticks));
        }

        _scheduler = await schedulers.GetScheduler(cancellationToken);
        foreach (var name in retired.Names)
        {
            // turned off by configuration: a clustered store still holds the trigger an earlier start scheduled
            await _scheduler.UnscheduleJob(new TriggerKey(name), cancellationToken);
        }

        await _scheduler.Start(cancellationToken);
    }

    /// <summary>
    /// One round trip to the worker's database (what the scheduler's store needs first). After an outage the pool's
    /// idle connections are to a server that has dropped them, and each fails once when it is next used; the
    /// scheduler's store reads through the same pool and would meet them in its one-time creation, so once the
    /// database answers again (<paramref name="fresh"/>) the pool is emptied and every connection is opened anew.
    /// </summary>
    private async Task DatabaseAnswersAsync(bool fresh, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
        await db.Database.ExecuteSqlRawAsync("SELECT 1", cancellationToken);
        if (fresh)
        {
            _dialect.ClearPool(db.Database.GetDbConnection());
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is { } scheduler)
        {
            await scheduler.Shutdown(waitForJobsToComplete: true, cancellationToken);
        }
    }
}

/// <summary>Triggers this configuration does not schedule, removed at start from a store that still holds them.</summary>
internal sealed record RetiredTriggers(IReadOnlyList<string> Names);
