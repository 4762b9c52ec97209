using System.Diagnostics;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

[CollectionDefinition(nameof(BrokerRestartGroup), DisableParallelization = true)]
public sealed class BrokerRestartGroup;

/// <summary>Restarts the real broker: runs alone, after the parallel tests.</summary>
[Collection(nameof(BrokerRestartGroup))]
[Trait("Services", "Restarts")]
public sealed class BrokerRestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_worker_reconnects_after_a_broker_restart_mid_stream_and_loses_no_event()
    {
        await using var broker = await RabbitMqTestBroker.CreateRestartableAsync(Ct);
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        await using var worker = await WorkerTestHost.StartAsync(broker.AmqpUri, database.ConnectionString, Ct);

        IEnumerable<string> Batch(int from) => Enumerable.Range(from, 400).Select(i =>
            Events.Dispense(Guid.NewGuid(), $"PT-restart-{i % 20}", "Zoloft 50 mg tablet", "2026-11-01T09:00:00Z", 30, $"D-{i}"));
        await AmqpPublisher.PublishAsync(broker.AmqpUri, MedicationDispensed.ExchangeName, Batch(0), Ct);

        await RabbitMqCtlAsync("stop_app");
        await Task.Delay(2000, Ct);
        await RabbitMqCtlAsync("start_app");
        await RabbitMqCtlAsync("await_startup");

        await PublishWithRetryAsync(broker.AmqpUri, Batch(400));
        await worker.WaitForProcessedAsync(800, TimeSpan.FromMinutes(2), Ct);
        Assert.Equal(800, await worker.ProcessedCountAsync());
    }

    [Fact]
    public async Task The_worker_keeps_consuming_after_two_broker_restarts_in_quick_succession()
    {
        await using var broker = await RabbitMqTestBroker.CreateRestartableAsync(Ct);
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        await using var worker = await WorkerTestHost.StartAsync(broker.AmqpUri, database.ConnectionString, Ct);

        IEnumerable<string> Batch(int from) => Enumerable.Range(from, 300).Select(i =>
            Events.Dispense(Guid.NewGuid(), $"PT-restart2-{i % 30}", "Zoloft 50 mg tablet", "2026-11-01T09:00:00Z", 30, $"D-{i}"));
        await AmqpPublisher.PublishAsync(broker.AmqpUri, MedicationDispensed.ExchangeName, Batch(0), Ct);
        await worker.WaitForProcessedAsync(300, TimeSpan.FromMinutes(1), Ct);

        // two restarts about ten seconds apart (seen under load: the second one hit while the worker was reconnecting)
        for (var restart = 1; restart <= 2; restart++)
        {
            await RabbitMqCtlAsync("stop_app");
            await Task.Delay(2000, Ct);
            await RabbitMqCtlAsync("start_app");
            await RabbitMqCtlAsync("await_startup");
            await PublishWithRetryAsync(broker.AmqpUri, Batch(300 * restart));
            if (restart == 1)
            {
                await Task.Delay(TimeSpan.FromSeconds(8), Ct);
            }
        }

        await worker.WaitForProcessedAsync(900, TimeSpan.FromMinutes(2), Ct);
        Assert.Equal(900, await worker.ProcessedCountAsync());
    }

    private static async Task PublishWithRetryAsync(string amqpUri, IEnumerable<string> bodies)
    {
        var list = bodies.ToList();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await AmqpPublisher.PublishAsync(amqpUri, MedicationDispensed.ExchangeName, list, Ct);
                return;
            }
            catch (Exception) when (attempt < 20)
            {
                // the management listener and AMQP port come back a moment after start_app
                await Task.Delay(1000, Ct);
            }
        }
    }

    private static async Task RabbitMqCtlAsync(string command)
    {
        using var process = Process.Start(new ProcessStartInfo("rabbitmqctl", command) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, $"rabbitmqctl {command} failed: {await process.StandardError.ReadToEndAsync(Ct)}");
    }
}
