using MassTransit.RetryPolicies.ExceptionFilters;
using Microsoft.Data.Sqlite;
using Npgsql;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database.Dialects;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Tests.Unit.Infrastructure;

/// <summary>
/// Which database failures count as an outage (retried while it lasts, never to <c>_error</c>) and which are about the
/// message or a bug (the ordinary budget, then <c>_error</c>); and the policy's two budgets.
/// </summary>
public sealed class OutageRetryPolicyTests
{
    private static readonly DatabaseDialect Postgres = DatabaseDialect.For(DatabaseProvider.PostgreSql);

    private static PostgresException Server(string sqlState) => new("message", "FATAL", "FATAL", sqlState);

    [Theory]
    [InlineData("55000")] // database is not currently accepting connections
    [InlineData("57P01")] // terminating connection due to administrator command
    [InlineData("57P03")] // the database system is starting up
    [InlineData("28P01")] // password authentication failed
    [InlineData("3D000")] // database does not exist
    [InlineData("53300")] // too many connections
    [InlineData("08006")] // connection failure
    [InlineData("25006")] // read-only transaction: a primary demoted in a failover, a standby (fault probe)
    public void A_postgres_error_about_the_server_or_the_connection_is_an_outage(string sqlState)
    {
        Assert.True(Postgres.IsOutage(Server(sqlState)));
        Assert.True(Postgres.IsOutage(new InvalidOperationException("wrapped", Server(sqlState))));
    }

    [Theory]
    [InlineData("23505")] // unique violation (a race: the ordinary retries)
    [InlineData("22001")] // value too long
    [InlineData("42P01")] // undefined table
    [InlineData("42601")] // syntax error: a bug
    [InlineData("25P02")] // in a failed transaction: class 25 is not an outage, only its read-only code
    public void A_postgres_error_about_what_was_asked_is_not_an_outage(string sqlState)
    {
        Assert.False(Postgres.IsOutage(Server(sqlState)));
    }

    [Fact]
    public void A_connection_that_failed_without_an_answer_is_an_outage_and_other_failures_are_not()
    {
        Assert.True(Postgres.IsOutage(new NpgsqlException("Failed to connect", new System.Net.Sockets.SocketException(111))));
        Assert.False(Postgres.IsOutage(new InvalidOperationException("a bug")));
        Assert.False(Postgres.IsOutage(new FormatException("a bad value")));
    }

    [Theory]
    [InlineData(5, true)] // busy
    [InlineData(6, true)] // locked
    [InlineData(14, true)] // cannot open the file
    [InlineData(19, false)] // constraint
    [InlineData(1, false)] // SQL error
    public void Sqlite_errors_about_the_file_are_an_outage(int code, bool outage)
    {
        Assert.Equal(outage, DatabaseDialect.For(DatabaseProvider.Sqlite).IsOutage(new SqliteException("message", code)));
    }

    [Fact]
    public void An_outage_is_retried_past_the_limit_other_failures_up_to_it_and_invalid_data_never()
    {
        var policy = new OutageRetryPolicy(new IgnoreExceptionFilter(typeof(InvalidEventException)), retryLimit: 3, Postgres.IsOutage);
        var outage = Server("55000");
        var bug = new InvalidOperationException("a bug");

        Assert.True(policy.Allows(outage, 0));
        Assert.True(policy.Allows(outage, 1_000));
        Assert.True(policy.Allows(bug, 2));
        Assert.False(policy.Allows(bug, 3));
        Assert.False(policy.Allows(new InvalidEventException("dispensedAt is required"), 0));
        Assert.False(new OutageRetryPolicy(new IgnoreExceptionFilter(), retryLimit: 0, Postgres.IsOutage).Allows(bug, 0));
    }

    [Fact]
    public void Waits_double_from_20_ms_to_5_s_and_during_an_outage_to_10_s()
    {
        Assert.InRange(OutageRetryPolicy.Interval(0, outage: false).TotalMilliseconds, 15, 25);
        Assert.InRange(OutageRetryPolicy.Interval(3, outage: false).TotalMilliseconds, 120, 200);
        Assert.InRange(OutageRetryPolicy.Interval(40, outage: false).TotalSeconds, 3.75, 6.25);
        Assert.InRange(OutageRetryPolicy.Interval(40, outage: true).TotalSeconds, 7.5, 12.5);
        Assert.InRange(OutageRetryPolicy.Interval(int.MaxValue, outage: true).TotalSeconds, 7.5, 12.5);
    }
}
