using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Database.Dialects;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// The worker's PostgreSQL sessions plan each statement for its values, the foreign-key checks PostgreSQL prepares
/// itself included: a generic plan made while <c>patients</c> was tiny scanned it for every item inserted (measured: the
/// throughput halved in two load runs of four, until an autovacuum analyse replaced the plan).
/// </summary>
public sealed class PostgreSqlSessionTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_workers_sessions_use_custom_plans()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        using var host = database.ToolHost();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();

        Assert.Equal("force_custom_plan", await db.Database.SqlQueryRaw<string>("SELECT current_setting('plan_cache_mode') AS \"Value\"").SingleAsync(Ct));
    }

    [Fact]
    public async Task An_empty_Options_sends_no_options()
    {
        // the way out behind a pooler that refuses startup options (docs/configuration.md, "Databases")
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        await using var connection = new NpgsqlConnection(PostgreSqlDialect.TunedForWorker(database.ConnectionString + ";Options=", environmentOptions: null));
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT current_setting('plan_cache_mode')", connection);

        Assert.Equal("auto", await command.ExecuteScalarAsync(Ct));
    }

    /// <summary>
    /// Found by an independent fault probe: a <c>statement_timeout</c> set on the worker's role and reset a minute later
    /// stayed in the sessions opened meanwhile (pooled, and not reset on close) until they closed, about five minutes:
    /// every alert dispatch was cancelled, and alerts were held for 3.5 to 4 minutes after the reset. A statement
    /// cancelled so empties the pools, and the next session reads the setting as it is now.
    /// </summary>
    [Fact]
    public async Task A_statement_cancelled_by_a_sessions_timeout_empties_the_pools_so_a_reset_takes_effect()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        var name = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database;
        var connectionString = PostgreSqlDialect.TunedForWorker(database.ConnectionString, environmentOptions: null);
        // the data source's first session loads the server's types, queries a short timeout could cancel on a busy machine
        // (this test failed so now and then): loaded before the timeout is set, and that session closed for good
        await using (var warm = new NpgsqlConnection(connectionString))
        {
            await warm.OpenAsync(Ct);
        }

        NpgsqlConnection.ClearPool(new NpgsqlConnection(connectionString));
        // long enough that no quick statement of this test (SHOW) meets it, however busy the machine
        await database.ExecuteAsync($"ALTER DATABASE \"{name}\" SET statement_timeout = '200ms'", Ct);
        PostgresException cancelled;
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync(Ct);
            await using var command = new NpgsqlCommand("SELECT pg_sleep(3)", connection);
            cancelled = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync(Ct));
            Assert.Equal("57014", cancelled.SqlState);
            await database.ExecuteAsync($"ALTER DATABASE \"{name}\" RESET statement_timeout", Ct);
            // an open session keeps it (asked on this one: another test's cancelled statement may empty the pools at any
            // moment, so a pooled one could be new)
            await using var show = new NpgsqlCommand("SHOW statement_timeout", connection);
            Assert.Equal("200ms", await show.ExecuteScalarAsync(Ct));
        }

        // at most every few seconds: another test's cancelled statement may have emptied them a moment ago
        var deadline = DateTime.UtcNow + DatabaseDialect.SessionSettingClearInterval + TimeSpan.FromSeconds(2);
        while (!PostgreSqlDialect.Instance.ForgetStaleSessions(cancelled) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(200, Ct);
        }

        Assert.Equal("0", await SettingAsync(connectionString));
        Assert.False(PostgreSqlDialect.Instance.ForgetStaleSessions(new InvalidOperationException("another failure")));
        // the worker's own cancellations (a token, a command timeout) arrive as 57014 too: no new session would avoid them
        Assert.False(PostgreSqlDialect.Instance.IsCancelledBySessionSetting(new OperationCanceledException("cancelled", cancelled)));
        Assert.False(PostgreSqlDialect.Instance.IsCancelledBySessionSetting(new NpgsqlException("timeout", new TimeoutException("timeout", cancelled))));
        Assert.True(PostgreSqlDialect.Instance.IsCancelledBySessionSetting(new InvalidOperationException("wrapped", cancelled)));
    }

    private static async Task<string?> SettingAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SHOW statement_timeout", connection);
        return (string?)await command.ExecuteScalarAsync(Ct);
    }

    [Theory]
    [InlineData("Host=h;Username=u", null, "-c plan_cache_mode=force_custom_plan")]
    [InlineData("Host=h;Username=u;Options=-c statement_timeout=5000", null, "-c statement_timeout=5000 -c plan_cache_mode=force_custom_plan")]
    [InlineData("Host=h;Username=u;Options=-c plan_cache_mode=auto", null, "-c plan_cache_mode=auto")] // the deployment's own choice stays
    // PGOPTIONS counts only without Options in the connection string, as Npgsql reads it: carried over, not replaced
    [InlineData("Host=h;Username=u", "-c statement_timeout=5000", "-c statement_timeout=5000 -c plan_cache_mode=force_custom_plan")]
    [InlineData("Host=h;Username=u", "-c plan_cache_mode=auto", null)] // left to Npgsql, which sends PGOPTIONS as it is
    [InlineData("Host=h;Username=u;Options=-c work_mem=8MB", "-c statement_timeout=5000", "-c work_mem=8MB -c plan_cache_mode=force_custom_plan")]
    [InlineData("Host=h;Username=u;Options=", "-c statement_timeout=5000", null)] // explicitly none
    public void The_setting_is_added_to_the_sessions_options(string connectionString, string? environmentOptions, string? options)
    {
        var tuned = new NpgsqlConnectionStringBuilder(PostgreSqlDialect.TunedForWorker(connectionString, environmentOptions));

        Assert.Equal(options, string.IsNullOrEmpty(tuned.Options) ? null : tuned.Options);
        Assert.True(tuned.NoResetOnClose);
    }
}
