using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;
using RegimenMonitor.Worker.Infrastructure.Scheduling;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// The database goes away after the worker's migrations and bus have started, just as its scheduler (PostgreSQL's
/// clustered Quartz store, which checks its tables as it starts) is about to start: the worker waits for it, one
/// warning per attempt, and starts once it is back, instead of exiting. Only this test's database is affected.
/// </summary>
public sealed class SchedulerStartOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_database_away_as_the_scheduler_starts_is_waited_for_and_the_worker_starts_when_it_is_back()
    {
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        var logs = new LogCapture();
        var outage = new OutageBeforeTheScheduler(database, TimeSpan.FromSeconds(4));

        await using var worker = await WorkerTestHost.StartAsync(broker.AmqpUri, database.ConnectionString, Ct, services: services =>
        {
            services.AddSingleton<ILoggerProvider>(logs);
            // started just before the scheduler: after the migrations, the terminology and the bus
            var scheduler = services.Single(d => d.ServiceType == typeof(IHostedService) && d.ImplementationType == typeof(SchedulerStarter));
            services.Insert(services.IndexOf(scheduler), ServiceDescriptor.Singleton<IHostedService>(outage));
        });

        Assert.True(outage.Refused, "the outage began before the scheduler started");
        var scheduler = await worker.Host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Ct);
        Assert.Equal(SchedulerStatus.Running, await scheduler.GetStatus(Ct)); // started once the database was back
        var retries = logs.Entries.Where(e => e.Message.StartsWith("The alert scheduler waits for the database, attempt ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(retries);
        Assert.All(retries, e => Assert.Equal((LogLevel.Warning, (Exception?)null), (e.Level, e.Exception)));
    }

    [Fact]
    public async Task A_database_that_goes_away_while_the_scheduler_is_being_created_is_ridden_out()
    {
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        var outage = new OutageBeforeTheScheduler(database, TimeSpan.FromSeconds(6));

        await using var worker = await WorkerTestHost.StartAsync(broker.AmqpUri, database.ConnectionString, Ct, services: services =>
        {
            // the outage begins as the scheduler's creation begins, after the starter found the database answering
            var factory = services.Single(d => d.ServiceType == typeof(ISchedulerFactory));
            services.Remove(factory);
            services.AddSingleton<ISchedulerFactory>(sp => new OutageAtCreation((ISchedulerFactory)(factory.ImplementationFactory?.Invoke(sp)
                ?? factory.ImplementationInstance ?? ActivatorUtilities.CreateInstance(sp, factory.ImplementationType!)), outage));
        });

        Assert.True(outage.Refused, "the outage began as the scheduler was created");
        var scheduler = await worker.Host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Ct);
        Assert.Equal(SchedulerStatus.Running, await scheduler.GetStatus(Ct));
    }

    /// <summary>The container's scheduler factory, with an outage begun at its first creation of the scheduler.</summary>
    private sealed class OutageAtCreation(ISchedulerFactory inner, OutageBeforeTheScheduler outage) : ISchedulerFactory
    {
        private int _calls;

        public async ValueTask<IScheduler> GetScheduler(CancellationToken cancellationToken = default)
        {
            if (Interlocked.Increment(ref _calls) == 1)
            {
                await outage.StartAsync(cancellationToken);
            }

            return await inner.GetScheduler(cancellationToken);
        }

        public ValueTask<IScheduler?> LookupScheduler(string schedName, CancellationToken cancellationToken = default) => inner.LookupScheduler(schedName, cancellationToken);

        public ValueTask<List<IScheduler>> GetAllSchedulers(CancellationToken cancellationToken = default) => inner.GetAllSchedulers(cancellationToken);
    }

    /// <summary>Refuses the test database's connections as it starts, and allows them again after a while.</summary>
    private sealed class OutageBeforeTheScheduler(PostgresTestDatabase database, TimeSpan length) : IHostedService
    {
        public bool Refused { get; private set; }

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            await database.RefuseConnectionsAsync(cancellationToken);
            Refused = true;
            _ = Task.Run(async () =>
            {
                await Task.Delay(length, CancellationToken.None);
                await database.AllowConnectionsAsync(CancellationToken.None);
            }, CancellationToken.None);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
