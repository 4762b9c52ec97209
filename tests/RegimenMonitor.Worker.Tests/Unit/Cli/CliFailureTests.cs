using System.Net.Sockets;
using RegimenMonitor.Worker.Cli;
using RegimenMonitor.Worker.Infrastructure.Health;

namespace RegimenMonitor.Worker.Tests.Unit.Cli;

/// <summary>What the command line says about a failure that ends a verb, for failures a test machine cannot provoke.</summary>
public sealed class CliFailureTests
{
    [Theory]
    [InlineData(SocketError.AccessDenied, "cannot listen on http://127.0.0.1:80 (Health:Urls): permission denied (a port below 1024 needs root or the CAP_NET_BIND_SERVICE capability).")]
    [InlineData(SocketError.AddressNotAvailable, "cannot listen on http://127.0.0.1:80 (Health:Urls): this machine has no such address")]
    public void A_health_listener_that_cannot_bind_names_the_setting_and_the_fix(SocketError error, string expected)
    {
        // as the health listener throws it, the host wrapping it
        var failure = new AggregateException(new HealthListenerException("http://127.0.0.1:80", new SocketException((int)error)));

        var explained = CliFailure.Explain(failure, database: null);

        Assert.StartsWith(expected, explained.Message, StringComparison.Ordinal);
        Assert.StartsWith("set Health__Urls to an address of this machine and a port of 1024 or above", explained.Fix, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, explained.ExitCode);
    }

    [Theory]
    // found by an independent probe: run with MigrateOnStart=false was told it "also migrates at start unless
    // Database__MigrateOnStart=false", a circle for the person who had set it
    [InlineData("run", false, "run `regimen-monitor migrate` with the same configuration first, or start it without Database__MigrateOnStart=false: it then applies the migrations itself.")]
    [InlineData("sweep", false, "run `regimen-monitor migrate` with the same configuration first, or run it without Database__MigrateOnStart=false: it then applies the migrations itself.")]
    [InlineData("terminology import", false, "run `regimen-monitor migrate` with the same configuration first, or run it without Database__MigrateOnStart=false: it then applies the migrations itself.")]
    // inspect never migrates: the setting changes nothing for it
    [InlineData("inspect", false, "run `regimen-monitor migrate` with the same configuration first (with Database__MigrateOnStart=false, `run` does not migrate at start either).")]
    [InlineData("inspect", true, "run `regimen-monitor migrate` with the same configuration first (the worker, `run`, also migrates at start unless Database__MigrateOnStart=false).")]
    public async Task A_database_without_tables_is_told_how_to_get_them_as_the_verb_is_configured(string verb, bool migrateOnStart, string fix)
    {
        var file = Path.Combine(Path.GetTempPath(), $"rm-no-tables-{Guid.NewGuid():N}.db");
        var database = new RegimenMonitor.Worker.Infrastructure.Configuration.DatabaseOptions { ConnectionString = $"Data Source={file}", MigrateOnStart = migrateOnStart };
        try
        {
            var failure = await Assert.ThrowsAsync<CliException>(() => ServiceChecks.CheckDatabaseAsync(database, requireSchema: true, verb, TextWriter.Null, TestContext.Current.CancellationToken));

            Assert.Equal("the database has no RegimenMonitor tables yet.", failure.Message);
            Assert.Equal(fix, failure.Fix);
            Assert.Equal(ExitCodes.Failure, failure.ExitCode);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(file);
        }
    }

    [Fact]
    public void A_database_port_where_another_service_answers_is_named_as_not_postgresql()
    {
        // found by an edge probe: Port=5672 (RabbitMQ) printed the driver's "Received unknown response A for SSLRequest"
        var database = new RegimenMonitor.Worker.Infrastructure.Configuration.DatabaseOptions
        {
            Provider = RegimenMonitor.Worker.Infrastructure.Configuration.DatabaseProvider.PostgreSql, ConnectionString = "Host=127.0.0.1;Port=5672;Username=u;Password=p;Database=d",
        };
        var failure = new InvalidOperationException("migration failed", new Npgsql.NpgsqlException("Received unknown response A for SSLRequest (expecting S or N)"));

        var explained = CliFailure.Explain(failure, database);

        Assert.StartsWith("the server at 127.0.0.1:5672", explained.Message, StringComparison.Ordinal);
        Assert.EndsWith("answered, but not as PostgreSQL (another service on that port, such as RabbitMQ on 5672?).", explained.Message, StringComparison.Ordinal);
        Assert.StartsWith("check Host and Port in ConnectionStrings__Database", explained.Fix, StringComparison.Ordinal);
    }

    [Theory]
    // found by an independent edge probe: "Database=edge11 db" got `createdb -O regimen_test edge11 db`, which a shell
    // reads as the database "edge11" and a template "db"
    [InlineData("Database=edge11 db", "regimen_test", "`createdb -O regimen_test 'edge11 db'`")]
    [InlineData("Database=\"it's\"", "regimen test", "`createdb -O 'regimen test' 'it'\\''s'`")]
    [InlineData("Database=regimen-monitor_2.1", "regimen_test", "`createdb -O regimen_test regimen-monitor_2.1`")]
    [InlineData("Database=\"x;$(rm -rf ~)\"", "u", "`createdb -O u 'x;$(rm -rf ~)'`")]
    // found by a review: quoted, "-archive" was still an option of createdb; after "--" it is the database's name
    [InlineData("Database=-archive", "-ops", "`createdb -O -ops -- -archive`")]
    [InlineData("Database=\"-it's\"", "regimen_test", "`createdb -O regimen_test -- '-it'\\''s'`")]
    public void A_missing_postgres_database_is_created_by_a_command_a_shell_reads_as_given(string database, string user, string command)
    {
        var options = new RegimenMonitor.Worker.Infrastructure.Configuration.DatabaseOptions
        {
            Provider = RegimenMonitor.Worker.Infrastructure.Configuration.DatabaseProvider.PostgreSql,
            ConnectionString = $"Host=127.0.0.1;Username={user};Password=hunter2-secret;{database}",
        };
        var failure = new Npgsql.PostgresException("database does not exist", "FATAL", "FATAL", "3D000");

        var explained = CliFailure.Explain(failure, options);

        Assert.StartsWith($"create it ({command}) or correct Database= in ConnectionStrings__Database.", explained.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", explained.Message + explained.Fix, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, explained.ExitCode);
    }

    [Theory]
    // as the createdb fix above: `rabbitmqctl add_vhost team a` would name the vhost "team"
    [InlineData("amqp://regimen:s3cret@127.0.0.1:5672/team%20a", "`rabbitmqctl add_vhost 'team a'` and `rabbitmqctl set_permissions -p 'team a' regimen ")]
    [InlineData("amqp://ops%20team:s3cret@127.0.0.1:5672/regimen", "`rabbitmqctl add_vhost regimen` and `rabbitmqctl set_permissions -p regimen 'ops team' ")]
    [InlineData("amqp://regimen:s3cret@127.0.0.1:5672/%2F", "`rabbitmqctl add_vhost /` and `rabbitmqctl set_permissions -p / regimen ")]
    // a name starting with "-": rabbitmqctl would read it as an option, so "--" before it, and the vhost as --vhost=
    [InlineData("amqp://regimen:s3cret@127.0.0.1:5672/-team", "`rabbitmqctl add_vhost -- -team` and `rabbitmqctl set_permissions --vhost=-team regimen ")]
    [InlineData("amqp://-ops:s3cret@127.0.0.1:5672/-team%20a", "`rabbitmqctl add_vhost -- '-team a'` and `rabbitmqctl set_permissions '--vhost=-team a' -- -ops ")]
    public void A_missing_vhost_is_created_by_a_command_a_shell_reads_as_given(string amqp, string command)
    {
        var explained = ServiceChecks.ExplainBroker(new InvalidOperationException("NOT_ALLOWED - vhost not found"), new Uri(amqp), "127.0.0.1:5672");

        Assert.StartsWith($"create it and grant the user access ({command}", explained.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", explained.Message + explained.Fix, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, explained.ExitCode);
    }

    [Theory]
    // found by an edge probe: "migrate --json > /dev/full" said "fix: run again", repeating work already committed
    [InlineData("No space left on device")]
    [InlineData("Broken pipe")]
    public void An_output_that_cannot_be_written_says_the_work_before_it_stands(string message)
    {
        var explained = CliFailure.Explain(new IOException(message), database: null);

        Assert.Equal($"cannot write its output (stdout, or a file it writes): {message}.", explained.Message);
        Assert.Contains("What the verb did before this write stands", explained.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("run again with --verbose", explained.Fix, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Failure, explained.ExitCode);
    }
}
