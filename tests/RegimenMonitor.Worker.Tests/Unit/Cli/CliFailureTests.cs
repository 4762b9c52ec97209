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
