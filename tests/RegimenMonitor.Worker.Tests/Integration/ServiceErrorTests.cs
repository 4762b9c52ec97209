using System.Text.Json;
using Npgsql;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// A misconfigured or unreachable database or broker, through the real executable: one line of cause, one line of
/// fix, no stack trace, a bounded time, and the right target when the configuration is given on the command line.
/// </summary>
public sealed class ServiceErrorTests : IDisposable
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly CliProcess _cli = new();

    public void Dispose() => _cli.Dispose();

    // the fixture resolves the server first (or skips the test): TestServices.Postgres is only readable after that
    private static async Task<string> PostgresAsync(Action<NpgsqlConnectionStringBuilder> change)
    {
        var builder = new NpgsqlConnectionStringBuilder(await PostgresFixture.RequireAsync(Ct));
        change(builder);
        return builder.ConnectionString;
    }

    private Task<CliResult> MigratePostgres(string connectionString, params string[] more) =>
        _cli.RunAsync(["migrate", "--Database:Provider=PostgreSql", $"--ConnectionStrings:Database={connectionString}", .. more]);

    [Fact]
    public async Task Migrate_uses_the_database_given_on_the_command_line()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        var result = await MigratePostgres(database.ConnectionString, "--json");
        Assert.True(result.Exit == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal("PostgreSql", json.RootElement.GetProperty("provider").GetString());
        Assert.Contains(database.Name, json.RootElement.GetProperty("target").GetString(), StringComparison.Ordinal);
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var count = new NpgsqlCommand("SELECT COUNT(*) FROM schema_migrations", connection);
        Assert.Equal(json.RootElement.GetProperty("applied").GetInt32(), Convert.ToInt32(await count.ExecuteScalarAsync(Ct), System.Globalization.CultureInfo.InvariantCulture));
        Assert.False(Directory.Exists(Path.Combine(_cli.WorkingDirectory, "data")));
    }

    [Fact]
    public async Task Tool_verbs_on_the_default_sqlite_file_say_which_file_before_they_create_it()
    {
        var expected = Path.Combine(_cli.WorkingDirectory, "data", "regimen-monitor.db");
        var first = await _cli.RunAsync(["sweep"]);
        Assert.True(first.Exit == 0, first.ToString());
        Assert.Contains($"using the SQLite database file {expected} (it does not exist yet; it is created)", first.Error, StringComparison.Ordinal);
        Assert.True(File.Exists(expected));

        var second = await _cli.RunAsync(["migrate"]);
        Assert.True(second.Exit == 0, second.ToString());
        Assert.Contains($"using the SQLite database file {expected}", second.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("does not exist yet", second.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sqlite_path_under_a_file_names_the_path_and_the_fix()
    {
        var file = Path.GetTempFileName();
        try
        {
            var database = Path.Combine(file, "data", "regimen-monitor.db");
            var result = await _cli.RunAsync(["migrate", "--Database:Provider=Sqlite", $"--ConnectionStrings:Database=Data Source={database}"]);
            Assert.True(result.Exit == 1, result.ToString());
            Assert.Contains($"cannot open the SQLite database '{database}'", result.Error, StringComparison.Ordinal);
            Assert.Contains("fix: point ConnectionStrings__Database at a writable path", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", result.Error, StringComparison.Ordinal);
            // said before the open fails: the file does not exist, and no promise that it is created
            Assert.Contains($"using the SQLite database file {database} (it does not exist yet)", result.Error, StringComparison.Ordinal);
            Assert.DoesNotContain("it is created", result.Error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Inspect_on_an_empty_postgres_database_says_to_run_migrate()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        var result = await _cli.RunAsync(["inspect", "--patient", "PT-1", "--Database:Provider=PostgreSql", $"--ConnectionStrings:Database={database.ConnectionString}"]);
        Assert.True(result.Exit == 1, result.ToString());
        Assert.Contains("run `regimen-monitor migrate`", result.Error, StringComparison.Ordinal);
        result.AssertNoStackTrace();
    }

    [Fact]
    public async Task A_wrong_postgres_password_names_the_user_and_the_keys_to_check()
    {
        var result = await MigratePostgres(await PostgresAsync(b => b.Password = "not-the-password"));
        Assert.True(result.Exit == 1, result.ToString());
        Assert.Contains("refused the login of user", result.Error, StringComparison.Ordinal);
        Assert.Contains("fix: check Username and Password in ConnectionStrings__Database", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", result.Error, StringComparison.Ordinal);
        result.AssertNoStackTrace();
    }

    [Fact]
    public async Task A_missing_postgres_database_is_named_with_how_to_create_it()
    {
        var result = await MigratePostgres(await PostgresAsync(b => b.Database = "rm_no_such_database"));
        Assert.True(result.Exit == 1, result.ToString());
        Assert.Contains("has no database 'rm_no_such_database'", result.Error, StringComparison.Ordinal);
        Assert.Contains("createdb", result.Error, StringComparison.Ordinal);
        result.AssertNoStackTrace();
    }

    [Fact]
    public async Task A_wrong_postgres_port_ends_with_the_target_and_the_fix()
    {
        var result = await MigratePostgres(await PostgresAsync(b => b.Port = 1));
        Assert.True(result.Exit == 1, result.ToString());
        Assert.Contains("connecting to PostgreSQL at", result.Error, StringComparison.Ordinal);
        Assert.Contains(":1 (database", result.Error, StringComparison.Ordinal);
        Assert.Contains("fix: check Host and Port", result.Error, StringComparison.Ordinal);
        result.AssertNoStackTrace();
    }

    [Fact]
    public async Task A_stack_trace_is_shown_with_verbose()
    {
        var result = await MigratePostgres(await PostgresAsync(b => b.Port = 1), "--verbose");
        Assert.Equal(1, result.Exit);
        Assert.Matches(@"(?m)^\s+at \S+\(", result.Error);
    }

    // the fixture resolves the broker first (or skips the test): TestServices.RabbitMq is only readable after that
    private static Task<RabbitMqEndpoint> BrokerAsync() => RabbitMqFixture.RequireAsync(Ct);

    private async Task<CliResult> ReplayTo(string amqpUri)
    {
        var file = Path.Combine(_cli.WorkingDirectory, "events.ndjson");
        await File.WriteAllTextAsync(file, """{"type":"medication-dispensed","eventId":"4f4d7d0e-1a11-4b0a-9a55-000000000001","patientId":"PT-replay","dispensedAt":"2026-11-01T09:00:00Z","medication":{"text":"Zoloft 50 mg"},"daysSupply":30}""" + "\n", Ct);
        return await _cli.RunAsync(["replay", file, $"--ConnectionStrings:RabbitMq={amqpUri}"], deadline: TimeSpan.FromSeconds(45));
    }

    [Fact]
    public async Task Replay_to_a_missing_vhost_ends_at_once_with_how_to_create_it()
    {
        await BrokerAsync();
        var result = await ReplayTo(TestServices.AmqpForVirtualHost("rm-no-such-vhost-" + Guid.NewGuid().ToString("N")[..8]));
        Assert.True(result.Exit == 1, result.ToString());
        Assert.Contains("connecting to RabbitMQ at", result.Error, StringComparison.Ordinal);
        Assert.Contains("has no virtual host 'rm-no-such-vhost-", result.Error, StringComparison.Ordinal);
        Assert.Contains("rabbitmqctl add_vhost", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Output);
        result.AssertNoStackTrace();
    }

    [Fact]
    public async Task Replay_to_a_wrong_port_does_not_retry_forever()
    {
        var result = await ReplayTo(new UriBuilder((await BrokerAsync()).Amqp) { Port = 1 }.Uri.ToString());
        Assert.True(result.Exit == 1, result.ToString());
        Assert.Contains("cannot reach RabbitMQ at", result.Error, StringComparison.Ordinal);
        Assert.Contains("fix: check the host and port in ConnectionStrings__RabbitMq", result.Error, StringComparison.Ordinal);
        result.AssertNoStackTrace();
    }

    [Fact]
    public async Task Replay_to_the_management_port_says_it_is_not_amqp_in_our_words()
    {
        var broker = await BrokerAsync();
        var result = await ReplayTo(new UriBuilder(broker.Amqp) { Host = broker.Management.Host, Port = broker.Management.Port }.Uri.ToString());
        Assert.True(result.Exit == 1, result.ToString());
        Assert.Contains("no AMQP conversation with", result.Error, StringComparison.Ordinal);
        Assert.Contains("15672 is the management UI", result.Error, StringComparison.Ordinal);
        // one hint about --verbose, and no .NET message in the cause
        Assert.Single(result.Error.Split('\n'), line => line.Contains("--verbose", StringComparison.Ordinal));
        Assert.DoesNotContain("Pipe is completed", result.Error, StringComparison.Ordinal);
        result.AssertNoStackTrace();
    }

    [Fact]
    public async Task Replay_with_a_wrong_password_names_the_user()
    {
        var result = await ReplayTo(new UriBuilder((await BrokerAsync()).Amqp) { Password = "not-the-password" }.Uri.ToString());
        Assert.True(result.Exit == 1, result.ToString());
        Assert.Contains($"refused the login of user '{TestServices.RabbitUser}'", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-password", result.Error, StringComparison.Ordinal);
        result.AssertNoStackTrace();
    }

    [Fact]
    public async Task Replay_prints_its_summary_on_stdout_and_json_on_request()
    {
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        await broker.DeclareExchangeAsync(Contracts.MedicationDispensed.ExchangeName, "fanout", Ct);
        await broker.DeclareQueueAsync("worker-stand-in", Contracts.MedicationDispensed.ExchangeName, "", Ct);
        var file = Path.Combine(_cli.WorkingDirectory, "events.ndjson");
        await File.WriteAllLinesAsync(file,
        [
            """{"type":"medication-dispensed","eventId":"4f4d7d0e-1a11-4b0a-9a55-000000000001","patientId":"PT-replay","dispensedAt":"2026-11-01T09:00:00Z","medication":{"text":"Zoloft 50 mg"},"daysSupply":30}""",
            """{"type":"medication-dispensed","eventId":"not-a-uuid"}""",
        ], Ct);
        var result = await _cli.RunAsync(["replay", file, "--json", $"--ConnectionStrings:RabbitMq={broker.AmqpUri}"], deadline: TimeSpan.FromSeconds(60));
        Assert.True(result.Exit == 2, result.ToString());
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(1, json.RootElement.GetProperty("published").GetInt32());
        Assert.Equal(1, json.RootElement.GetProperty("skipped").GetInt32());
        Assert.Equal(2, json.RootElement.GetProperty("badLines")[0].GetProperty("line").GetInt32());
        Assert.Contains("line 2: skipped: Invalid event: eventId", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Data Source=unmigrated.db")]
    [InlineData("Data Source=no-such-folder/unmigrated.db")]
    public async Task Run_that_does_not_migrate_stops_with_the_fix_when_the_database_has_no_tables(string connectionString)
    {
        var result = await _cli.RunAsync(["run", "--Health:Enabled=false", "--Database:MigrateOnStart=false",
            $"--ConnectionStrings:Database={connectionString}"], deadline: TimeSpan.FromSeconds(45));
        Assert.True(result.Exit == 1, result.ToString());
        Assert.Contains("the database has no RegimenMonitor tables yet", result.Error, StringComparison.Ordinal);
        Assert.Contains("regimen-monitor migrate", result.Error, StringComparison.Ordinal);
        Assert.Contains("or start it without Database__MigrateOnStart=false", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("fail:", result.Output, StringComparison.Ordinal);
        result.AssertNoStackTrace();
    }

    [Fact]
    public async Task Run_on_a_missing_vhost_stops_with_the_fix_instead_of_waiting_for_a_probe()
    {
        await BrokerAsync();
        var result = await _cli.RunAsync(["run", "--Health:Enabled=false", "--ConnectionStrings:Database=Data Source=run.db",
            $"--ConnectionStrings:RabbitMq={TestServices.AmqpForVirtualHost("rm-no-such-vhost-" + Guid.NewGuid().ToString("N")[..8])}"], deadline: TimeSpan.FromSeconds(45));
        Assert.True(result.Exit == 1, result.ToString());
        Assert.Contains("has no virtual host", result.Error, StringComparison.Ordinal);
        result.AssertNoStackTrace();
    }

    [Fact]
    public async Task Run_on_an_unreachable_broker_stops_after_its_start_timeout_with_the_cause_in_our_words()
    {
        var unreachable = new UriBuilder((await BrokerAsync()).Amqp) { Port = 1 }.Uri.ToString();
        var result = await _cli.RunAsync(["run", "--Health:Enabled=false", "--ConnectionStrings:Database=Data Source=run.db",
            "--Messaging:StartTimeout=00:00:03", $"--ConnectionStrings:RabbitMq={unreachable}"], deadline: TimeSpan.FromSeconds(45));
        Assert.True(result.Exit == 1, result.ToString());
        Assert.Contains("Starting anyway: the worker keeps trying for 3 s", result.Error, StringComparison.Ordinal);
        Assert.Contains("the worker could not start its bus within 3 s: cannot reach RabbitMQ at", result.Error, StringComparison.Ordinal);
        Assert.Contains("Under a supervisor", result.Error, StringComparison.Ordinal);
        result.AssertNoStackTrace(); // neither here nor in the log: MassTransit's connection warnings are one line each
    }
}
