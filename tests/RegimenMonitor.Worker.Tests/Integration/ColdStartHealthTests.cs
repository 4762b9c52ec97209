using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Health;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// Probes cannot break start-up: a fresh worker on an empty PostgreSQL database (migrations, Quartz's clustered store,
/// the bus) is probed on <c>/health/ready</c> from the moment its listener is up — many probes at once, client
/// timeouts from 10 ms to 1 s, requests cancelled mid-flight — and must start, become ready and consume.
/// </summary>
public sealed class ColdStartHealthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Aggressive_readiness_probes_through_a_cold_start_on_an_empty_database_leave_a_worker_that_starts()
    {
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        var builder = RegimenMonitorHost.CreateBuilder([], HostRole.Worker, new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = broker.AmqpUri,
            ["ConnectionStrings:Database"] = database.ConnectionString,
            ["Database:Provider"] = "PostgreSql",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Health:Urls"] = "http://127.0.0.1:0",
        });
        using var host = builder.Build();
        var listener = host.Services.GetRequiredService<HealthListener>();

        var start = host.StartAsync(Ct);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (listener.Addresses.Count == 0 && !start.IsCompleted)
        {
            Assert.True(DateTime.UtcNow < deadline, "the health listener never bound");
            await Task.Delay(5, Ct);
        }

        Assert.False(start.IsCompleted && listener.Addresses.Count == 0, "the listener bound only after start-up");
        var address = listener.Addresses[0];
        using var stopProbing = new CancellationTokenSource();
        var answered = 0;
        var probes = Enumerable.Range(0, 6).Select(lane => Task.Run(async () =>
        {
            var random = new Random(lane);
            while (!stopProbing.IsCancellationRequested)
            {
                using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromMilliseconds(random.Next(10, 1000)) };
                using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(random.Next(1, 300)));
                try
                {
                    using var response = await http.GetAsync(HealthEndpoints.ReadyPath, lane % 2 == 0 ? cancel.Token : CancellationToken.None);
                    Interlocked.Increment(ref answered);
                }
                catch (Exception ex) when (ex is TaskCanceledException or HttpRequestException or OperationCanceledException)
                {
                    // a probe that gave up, exactly what a kubelet with a short timeout does
                }
            }
        })).ToList();

        try
        {
            await start; // throws when a probe made start-up fail
            // keep probing a little after start-up, while the scheduler's first jobs run
            await WaitUntilAsync(() => Volatile.Read(ref answered) > 20, TimeSpan.FromSeconds(30));
        }
        finally
        {
            await stopProbing.CancelAsync();
            await Task.WhenAll(probes);
        }

        var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Ct);
        // Quartz's hosted service starts the scheduler once the host has started
        await WaitUntilAsync(async () => await scheduler.GetStatus(Ct) == SchedulerStatus.Running, TimeSpan.FromSeconds(30));
        using var http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
        var ready = HttpStatusCode.ServiceUnavailable;
        await WaitUntilAsync(async () => (ready = (await http.GetAsync(HealthEndpoints.ReadyPath, Ct)).StatusCode) == HttpStatusCode.OK, TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, ready);

        // and it consumes
        Assert.True(await broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-cold", "Zoloft 50 mg tablet"), Ct));
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegimenMonitor.Worker.Infrastructure.Database.RegimenDbContext>();
        await WaitUntilAsync(() => db.ProcessedEvents.Any(), TimeSpan.FromSeconds(30));
        await host.StopAsync(CancellationToken.None);
    }

    private static Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout) => WaitUntilAsync(() => Task.FromResult(condition()), timeout);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for the condition");
            await Task.Delay(50, Ct);
        }
    }
}
