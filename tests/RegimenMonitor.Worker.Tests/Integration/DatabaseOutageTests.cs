using RegimenMonitor.Worker.Infrastructure.Health;
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

    /// <summary>
    /// A failover seen from the worker: the database answers, but every write fails read-only (SQLSTATE 25006) for longer
    /// than the ordinary retries. Found by an independent fault probe: such events went to <c>_error</c> after about 15 s,
    /// and the review sweep then resolved alerts for refills waiting there. When it takes writes again the worker's
    /// pooled sessions are still read-only (they keep the state they started with): a refused write empties the pool,
    /// else the events would wait for as long as those sessions live.
    /// </summary>
    [Fact]
    public async Task Events_that_arrive_while_the_database_takes_no_writes_are_applied_when_it_does()
    {
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        var audit = new DeliveryAudit(events: 30, patients: 6);
        await using var worker = await WorkerTestHost.StartAsync(broker.AmqpUri, database.ConnectionString, Ct,
            new Dictionary<string, string?> { ["Messaging:RetryLimit"] = "2" });
        using var probe = new HealthProbe(worker);
        await audit.PublishAsync(broker.AmqpUri, 0, 10, Ct);
        await DeliveryAudit.WaitForProcessedAsync(database.ConnectionString, 10, TimeSpan.FromSeconds(60), Ct);

        await database.SetReadOnlyAsync(true, Ct);
        try
        {
            await audit.PublishAsync(broker.AmqpUri, 10, audit.Count - 10, Ct);
            var ready = await probe.WaitForAsync(HealthEndpoints.ReadyPath, System.Net.HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30), Ct);
            Assert.Equal("database takes no writes (read-only: a standby, or a primary demoted in a failover)", ready.Checks[DatabaseHealthCheck.Name].Description);
            await Task.Delay(TimeSpan.FromSeconds(8), Ct);

            Assert.Equal(0, await ErrorCountAsync(broker));
        }
        finally
        {
            await database.SetReadOnlyAsync(false, Ct, endSessions: false);
        }

        await DeliveryAudit.WaitForProcessedAsync(database.ConnectionString, audit.Count, TimeSpan.FromSeconds(90), Ct);
        var (lost, appliedTwice) = await audit.CountAsync(database.ConnectionString, Ct);
        Assert.Equal((0, 0L), (lost, appliedTwice));
        Assert.Equal(0, await ErrorCountAsync(broker));
        await probe.WaitForAsync(HealthEndpoints.ReadyPath, System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(30), Ct);
    }

    /// <summary>
    /// A full disk seen from the worker: the database answers reads, so the readiness query succeeds, but every write of
    /// the group commit fails (SQLSTATE 53100, raised here by a trigger). Found by an independent fault probe: readiness
    /// said Healthy on every probe of a 45-s full disk while events waited. It now says the database refuses writes, and
    /// turns Healthy again once writes succeed; the events wait and are applied, none in <c>_error</c>.
    /// </summary>
    [Fact]
    public async Task A_database_that_refuses_writes_for_want_of_space_is_not_ready_and_loses_nothing()
    {
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        var audit = new DeliveryAudit(events: 20, patients: 4);
        await using var worker = await WorkerTestHost.StartAsync(broker.AmqpUri, database.ConnectionString, Ct,
            new Dictionary<string, string?> { ["Messaging:RetryLimit"] = "2" });
        using var probe = new HealthProbe(worker);
        await audit.PublishAsync(broker.AmqpUri, 0, 5, Ct);
        await DeliveryAudit.WaitForProcessedAsync(database.ConnectionString, 5, TimeSpan.FromSeconds(60), Ct);
        await probe.WaitForAsync(HealthEndpoints.ReadyPath, System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(30), Ct);

        await database.ExecuteAsync(
            "CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
            + "RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = '53100'; END $$; "
            + "CREATE TRIGGER disk_full BEFORE INSERT OR UPDATE ON processed_events FOR EACH ROW EXECUTE FUNCTION disk_full();", Ct);
        try
        {
            await audit.PublishAsync(broker.AmqpUri, 5, audit.Count - 5, Ct);
            var notReady = await probe.WaitForAsync(HealthEndpoints.ReadyPath, System.Net.HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30), Ct);
            Assert.StartsWith("database refuses writes (SQLSTATE 53100: out of disk space or another resource)", notReady.Checks[DatabaseHealthCheck.Name].Description, StringComparison.Ordinal);
            Assert.Equal(0, await ErrorCountAsync(broker));
        }
        finally
        {
            await database.ExecuteAsync("DROP TRIGGER disk_full ON processed_events", Ct);
        }

        await DeliveryAudit.WaitForProcessedAsync(database.ConnectionString, audit.Count, TimeSpan.FromSeconds(90), Ct);
        var (lost, appliedTwice) = await audit.CountAsync(database.ConnectionString, Ct);
        Assert.Equal((0, 0L), (lost, appliedTwice));
        Assert.Equal(0, await ErrorCountAsync(broker));
        // the refusals stop with the writes: ready again within the window
        await probe.WaitForAsync(HealthEndpoints.ReadyPath, System.Net.HttpStatusCode.OK, WriteRefusals.Window + TimeSpan.FromSeconds(30), Ct);
    }

    /// <summary>
    /// Found by an independent fault probe: with a table locked by another session for 50 s (and with every statement
    /// cancelled by a tiny statement timeout for 100 s), readiness said Healthy on every probe while nothing committed:
    /// the readiness query touches no table. It now says the event writes make no progress, and turns Healthy again
    /// once they are answered; the events wait and are applied, none in <c>_error</c>.
    /// </summary>
    [Fact]
    public async Task A_table_locked_by_another_session_makes_the_worker_not_ready_and_loses_nothing()
    {
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        var audit = new DeliveryAudit(events: 20, patients: 4);
        await using var worker = await WorkerTestHost.StartAsync(broker.AmqpUri, database.ConnectionString, Ct);
        using var probe = new HealthProbe(worker);
        await audit.PublishAsync(broker.AmqpUri, 0, 5, Ct);
        await DeliveryAudit.WaitForProcessedAsync(database.ConnectionString, 5, TimeSpan.FromSeconds(60), Ct);
        await probe.WaitForAsync(HealthEndpoints.ReadyPath, System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(30), Ct);

        await using (var locker = new Npgsql.NpgsqlConnection(database.ConnectionString))
        {
            await locker.OpenAsync(Ct);
            await using var transaction = await locker.BeginTransactionAsync(Ct);
            await using (var command = new Npgsql.NpgsqlCommand("LOCK TABLE processed_events IN ACCESS EXCLUSIVE MODE", locker, transaction))
            {
                await command.ExecuteNonQueryAsync(Ct);
            }

            await audit.PublishAsync(broker.AmqpUri, 5, audit.Count - 5, Ct);
            var notReady = await probe.WaitForAsync(HealthEndpoints.ReadyPath, System.Net.HttpStatusCode.ServiceUnavailable, WriteProgress.StallAfter + TimeSpan.FromSeconds(30), Ct);
            Assert.StartsWith("no event write answered for ", notReady.Checks[DatabaseHealthCheck.Name].Description, StringComparison.Ordinal);
            await transaction.RollbackAsync(Ct);
        }

        await DeliveryAudit.WaitForProcessedAsync(database.ConnectionString, audit.Count, TimeSpan.FromSeconds(90), Ct);
        var (lost, appliedTwice) = await audit.CountAsync(database.ConnectionString, Ct);
        Assert.Equal((0, 0L), (lost, appliedTwice));
        Assert.Equal(0, await ErrorCountAsync(broker));
        await probe.WaitForAsync(HealthEndpoints.ReadyPath, System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(30), Ct);
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

    /// <summary>
    /// A database outage longer than Quartz's misfire threshold leaves the dispatch trigger misfired, and only the store's
    /// misfire handler moves such a trigger on. The handler used to pass once a minute (the threshold's default), so
    /// alerts raised as the database came back waited up to a minute while readiness said Healthy (the fault probe of
    /// 2026-12-05 saw 52 s); it now passes every few seconds (<see cref="Hosting.SchedulingConfiguration.MisfireHandlerFrequency"/>).
    /// </summary>
    [Fact]
    public async Task Alerts_raised_as_the_database_returns_from_a_long_outage_leave_within_seconds()
    {
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        await broker.SubscribeToAlertsAsync("care-team-outage", "#", Ct);
        await using var worker = await WorkerTestHost.StartAsync(broker.AmqpUri, database.ConnectionString, Ct);
        var now = DateTimeOffset.UtcNow;
        await PublishContraindicatedPairAsync(broker, "PT-o0", now);
        Assert.Single(await broker.WaitForMessagesAsync("care-team-outage", 1, TimeSpan.FromSeconds(60), Ct));

        await database.RefuseConnectionsAsync(Ct);
        try
        {
            for (var i = 1; i <= 4; i++)
            {
                await PublishContraindicatedPairAsync(broker, $"PT-o{i}", now);
            }

            // past Quartz's misfire threshold (60 s): the dispatch trigger's next firing is now a misfire
            await Task.Delay(TimeSpan.FromSeconds(70), Ct);
        }
        finally
        {
            await database.AllowConnectionsAsync(Ct);
        }

        var back = System.Diagnostics.Stopwatch.StartNew();
        await worker.WaitForProcessedAsync(10, TimeSpan.FromSeconds(90), Ct);
        var applied = back.Elapsed;
        var received = await broker.WaitForMessagesAsync("care-team-outage", 4, TimeSpan.FromSeconds(90), Ct);
        var elapsed = back.Elapsed;
        Assert.Equal(4, received.Count);
        // the dispatch trigger's misfire is handled within seconds of the events' commit (at most the handler's 5 s, its
        // 5 s wait after a failure and one dispatch interval), not within the minute of the handler's old period (measured
        // before the change: 20 s after the commit in one run, 48 s after the return in another)
        Assert.True(elapsed - applied < TimeSpan.FromSeconds(15), $"the events were applied {applied.TotalSeconds:F0} s and the alerts left {elapsed.TotalSeconds:F0} s after the database came back");
    }

    private static async Task PublishContraindicatedPairAsync(RabbitMqTestBroker broker, string patientId, DateTimeOffset now)
    {
        await broker.PublishAsync(Contracts.MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), patientId, "Nardil 15 mg tablet", AlertTestSupport.DaysAgo(now, 20), 30), Ct);
        await broker.PublishAsync(Contracts.MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), patientId, "Zoloft 50 mg tablet", AlertTestSupport.DaysAgo(now, 2), 30), Ct);
    }

    private static async Task<int> ErrorCountAsync(RabbitMqTestBroker broker)
    {
        var error = await broker.GetQueueAsync("regimen-monitor.medication-dispensed_error", Ct);
        return error?["messages"]?.GetValue<int>() ?? 0;
    }
}
