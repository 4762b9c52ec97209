using System.Diagnostics;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// Restarts the shared PostgreSQL server while the worker consumes a stream: group-commit transactions fail mid-flight,
/// connections are cut, messages stay unacknowledged and are retried. Nothing is lost and nothing applied twice.
/// Runs alone with the other tests that stop shared services (<see cref="BrokerRestartGroup"/>), after the parallel ones.
/// The restart command is <c>pg_ctlcluster &lt;newest version&gt; main restart -m fast</c> (as scripts/services.sh starts
/// the server), or <c>RM_TEST_POSTGRES_RESTART</c> when set (e.g. <c>sudo pg_ctlcluster 15 main restart -m fast</c>).
/// </summary>
[Collection(nameof(BrokerRestartGroup))]
[Trait("Services", "Restarts")]
public sealed class DatabaseRestartTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_database_restart_mid_stream_loses_no_event_and_applies_none_twice()
    {
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        var audit = new DeliveryAudit(events: 3000, patients: 60);
        await using (var worker = await WorkerTestHost.StartAsync(broker.AmqpUri, database.ConnectionString, Ct))
        {
            await audit.PublishAsync(broker.AmqpUri, 0, 2000, Ct);
            await DeliveryAudit.WaitForProcessedAsync(database.ConnectionString, 300, TimeSpan.FromSeconds(90), Ct);
            await RestartPostgresAsync();
            // more events while the worker's connections come back
            await audit.PublishAsync(broker.AmqpUri, 2000, audit.Count - 2000, Ct);

            await DeliveryAudit.WaitForProcessedAsync(database.ConnectionString, audit.Count, TimeSpan.FromMinutes(3), Ct);
            var (lost, appliedTwice) = await audit.CountAsync(database.ConnectionString, Ct);
            Assert.Equal((0, 0L), (lost, appliedTwice));
            var error = await broker.GetQueueAsync("regimen-monitor.medication-dispensed_error", Ct);
            Assert.True(error is null || error["messages"]?.GetValue<int>() is null or 0, "nothing went to _error");
        }
    }

    private static async Task RestartPostgresAsync()
    {
        var command = Environment.GetEnvironmentVariable("RM_TEST_POSTGRES_RESTART");
        if (string.IsNullOrWhiteSpace(command))
        {
            var version = Directory.GetDirectories("/usr/lib/postgresql").Select(Path.GetFileName).OrderBy(v => int.Parse(v!, System.Globalization.CultureInfo.InvariantCulture)).Last();
            command = $"pg_ctlcluster {version} main restart -m fast";
        }

        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, $"{command} failed: {await process.StandardError.ReadToEndAsync(Ct)}");
        // the test's own polling reconnects; wait until the server takes connections again
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await AcceptsConnectionsAsync() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, Ct);
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync()
    {
        try
        {
            await using var connection = new Npgsql.NpgsqlConnection(TestServices.Postgres);
            await connection.OpenAsync(Ct);
            return true;
        }
        catch (Npgsql.NpgsqlException)
        {
            return false;
        }
    }
}
