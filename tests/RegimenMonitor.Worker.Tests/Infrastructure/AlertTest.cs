using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>
/// A test of the alert path on the real broker and database: its own vhost and database, a movable clock, and worker
/// hosts started (and stopped) by the test, with fast job schedules.
/// </summary>
public abstract class AlertTest : IAsyncLifetime
{
    private readonly List<WorkerTestHost> _hosts = [];

    internal RabbitMqTestBroker Broker { get; private set; } = null!;

    internal PostgresTestDatabase Database { get; private set; } = null!;

    internal TestClock Clock { get; } = new();

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Broker = await RabbitMqTestBroker.CreateAsync(Ct);
        Database = await PostgresTestDatabase.CreateAsync(Ct);
    }

    internal async Task<WorkerTestHost> StartWorkerAsync(IDictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null)
    {
        var settings = AlertTestSupport.FastJobs();
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var host = await WorkerTestHost.StartAsync(Broker.AmqpUri, Database.ConnectionString, Ct, settings, s =>
        {
            s.AddSingleton<TimeProvider>(Clock);
            services?.Invoke(s);
        });
        _hosts.Add(host);
        return host;
    }

    internal async Task StopWorkerAsync(WorkerTestHost host)
    {
        _hosts.Remove(host);
        await host.DisposeAsync();
    }

    internal static Task<List<OutboxMessage>> OutboxAsync(WorkerTestHost worker) =>
        worker.QueryAsync(db => db.Outbox.AsNoTracking().OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).ToListAsync());

    internal static Task<List<FindingRecord>> FindingsAsync(WorkerTestHost worker) =>
        worker.QueryAsync(db => db.Findings.AsNoTracking().OrderBy(f => f.Id).ToListAsync());

    /// <summary>
    /// Fires a job now through the worker's Quartz scheduler. After the test clock jumps hours ahead, a repeating
    /// trigger's next firing lies in the past and Quartz leaves it to its misfire handler (which runs once a minute);
    /// firing the job directly keeps the test fast while still running the real job.
    /// </summary>
    internal static async Task TriggerJobAsync(WorkerTestHost worker, string job)
    {
        var scheduler = await worker.Host.Services.GetRequiredService<Quartz.ISchedulerFactory>().GetScheduler(Ct);
        await scheduler.TriggerJob(new Quartz.JobKey(job), null, Ct);
    }

    /// <summary>
    /// Waits for alerts on a queue after the test clock jumped: fires the dispatch job itself every half second (its
    /// own trigger is left to Quartz's misfire handler after a jump, see <see cref="TriggerJobAsync"/>).
    /// </summary>
    internal async Task<List<BrokerMessage>> WaitForAlertsAfterClockJumpAsync(WorkerTestHost worker, string queue, int count, TimeSpan timeout)
    {
        var taken = new List<BrokerMessage>();
        var deadline = DateTime.UtcNow + timeout;
        while (taken.Count < count && DateTime.UtcNow < deadline)
        {
            await TriggerJobAsync(worker, Alerts.AlertDispatchJob.Name);
            await Task.Delay(500, Ct);
            taken.AddRange(await Broker.GetAsync(queue, count - taken.Count, Ct));
        }

        return taken;
    }

    /// <summary>Waits until every outbox row is dispatched.</summary>
    internal static async Task WaitForOutboxDrainedAsync(WorkerTestHost worker, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await worker.QueryAsync(db => db.Outbox.CountAsync(m => m.DispatchedAt == null)) > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the dispatch job to drain the outbox");
            await Task.Delay(100, Ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var host in _hosts)
        {
            await host.DisposeAsync();
        }

        await Broker.DisposeAsync();
        await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
