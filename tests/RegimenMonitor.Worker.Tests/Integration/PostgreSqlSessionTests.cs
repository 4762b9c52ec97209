using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
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
        using var host = RegimenMonitorHost.CreateBuilder([], HostRole.Tool, new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Database"] = database.ConnectionString,
            ["Logging:LogLevel:Default"] = "None",
        }).Build();
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();

        Assert.Equal("force_custom_plan", await db.Database.SqlQueryRaw<string>("SELECT current_setting('plan_cache_mode') AS \"Value\"").SingleAsync(Ct));
    }

    [Theory]
    [InlineData("Host=h;Username=u", "-c plan_cache_mode=force_custom_plan")]
    [InlineData("Host=h;Username=u;Options=-c statement_timeout=5000", "-c statement_timeout=5000 -c plan_cache_mode=force_custom_plan")]
    [InlineData("Host=h;Username=u;Options=-c plan_cache_mode=auto", "-c plan_cache_mode=auto")] // the deployment's own choice stays
    public void The_setting_is_added_to_the_connection_strings_options(string connectionString, string options) =>
        Assert.Equal(options, new NpgsqlConnectionStringBuilder(PostgreSqlDialect.TunedForWorker(connectionString)).Options);
}
