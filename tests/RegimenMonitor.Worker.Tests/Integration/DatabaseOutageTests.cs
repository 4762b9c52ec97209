using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// The worker's own database refuses connections for longer than the ordinary retry budget: valid events wait,
/// unacknowledged, and are applied once it is back; none goes to <c>_error</c>; a stop in the middle of it still ends
/// the process. Only this test's database is affected (<c>ALLOW_CONNECTIONS false</c>), so it runs beside the others.
/// </summary>
public sealed class DatabaseOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Events_that_arrive_while_the_database_is_away_longer_than_the_retry_budget_are_applied_when_it_is_back()
    {
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        var audit = new DeliveryAudit(events: 40, patients: 8);
        // two ordinary retries: about 60 ms of budget, far shorter than the outage below
        await using var worker = await WorkerTestHost.StartAsync(broker.AmqpUri, database.ConnectionString, Ct,
            new Dictionary<string, string?> { ["Messaging:RetryLimit"] = "2" });
        await audit.PublishAsync(broker.AmqpUri, 0, 10, Ct);
        await DeliveryAudit.WaitForProcessedAsync(database.ConnectionString, 10, TimeSpan.FromSeconds(60), Ct);

        await database.RefuseConnectionsAsync(Ct);
        try
        {
            await audit.PublishAsync(broker.AmqpUri, 10, audit.Count - 10, Ct);
            await Task.Delay(TimeSpan.FromSeconds(8), Ct);

            Assert.Equal(0, await ErrorCountAsync(broker));
        }
        finally
        {
            await database.AllowConnectionsAsync(Ct);
        }

        await DeliveryAudit.WaitForProcessedAsync(database.ConnectionString, audit.Count, TimeSpan.FromSeconds(90), Ct);
        var (lost, appliedTwice) = await audit.CountAsync(database.ConnectionString, Ct);
        Assert.Equal((0, 0L), (lost, appliedTwice));
        Assert.Equal(0, await ErrorCountAsync(broker));
    }

    [Fact]
    public async Task A_worker_stopped_while_the_database_is_away_exits_within_its_deadline_and_loses_nothing()
    {
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        var audit = new DeliveryAudit(events: 30, patients: 6);
        using (var worker = WorkerProcess.Start(broker.AmqpUri, database.ConnectionString))
        {
            await worker.WaitUntilBoundAsync(broker, Ct);
            await audit.PublishAsync(broker.AmqpUri, 0, 10, Ct);
            await DeliveryAudit.WaitForProcessedAsync(database.ConnectionString, 10, TimeSpan.FromSeconds(90), Ct, () => worker.Tail);

            await database.RefuseConnectionsAsync(Ct);
            try
            {
                await audit.PublishAsync(broker.AmqpUri, 10, audit.Count - 10, Ct);
                await Task.Delay(TimeSpan.FromSeconds(5), Ct);

                // Quartz retries the database for as long as it is away and the host waits for it: the worker's own
                // deadline ends the process (exit 1) instead of a supervisor's SIGKILL
                var stopped = System.Diagnostics.Stopwatch.StartNew();
                Assert.True(worker.Terminate(Cli.RunVerb.StopDeadline + TimeSpan.FromSeconds(20), out var exitCode), "the worker did not stop:\n" + worker.Tail);
                Assert.True(stopped.Elapsed < Cli.RunVerb.StopDeadline + TimeSpan.FromSeconds(15), $"stopped after {stopped.Elapsed}");
                Assert.Contains(exitCode, (int[])[0, 1]);
                Assert.DoesNotContain("Unhandled exception", worker.Tail, StringComparison.Ordinal);
            }
            finally
            {
                await database.AllowConnectionsAsync(Ct);
            }
        }

        Assert.Equal(0, await ErrorCountAsync(broker));
        using var restarted = WorkerProcess.Start(broker.AmqpUri, database.ConnectionString);
        await DeliveryAudit.WaitForProcessedAsync(database.ConnectionString, audit.Count, TimeSpan.FromSeconds(90), Ct, () => restarted.Tail);
        var (lost, appliedTwice) = await audit.CountAsync(database.ConnectionString, Ct);
        Assert.Equal((0, 0L), (lost, appliedTwice));
        Assert.Equal(0, await ErrorCountAsync(broker));
    }

    private static async Task<int> ErrorCountAsync(RabbitMqTestBroker broker)
    {
        var error = await broker.GetQueueAsync("regimen-monitor.medication-dispensed_error", Ct);
        return error?["messages"]?.GetValue<int>() ?? 0;
    }
}
