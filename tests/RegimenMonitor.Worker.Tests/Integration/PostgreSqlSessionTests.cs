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
