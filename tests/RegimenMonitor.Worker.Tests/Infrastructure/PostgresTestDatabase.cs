using Microsoft.Extensions.Hosting;
using Npgsql;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;

namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>A fresh, empty PostgreSQL database for one test; dropped on dispose.</summary>
internal sealed class PostgresTestDatabase : IAsyncDisposable
{
    private PostgresTestDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>A tool-role host on this database (its DbContext and services; no bus, no jobs, no logs), not started.</summary>
    public IHost ToolHost() => RegimenMonitorHost.CreateBuilder([], HostRole.Tool, new Dictionary<string, string?>
    {
        ["Database:Provider"] = "PostgreSql",
        ["ConnectionStrings:Database"] = ConnectionString,
        ["Logging:LogLevel:Default"] = "None",
    }).Build();

    /// <summary>A new database on the fixture's server; skips the test when there is none (see <see cref="PostgresFixture"/>).</summary>
    public static async Task<PostgresTestDatabase> CreateAsync(CancellationToken ct)
    {
        await PostgresFixture.RequireAsync(ct);
        var name = "rm_test_" + Guid.NewGuid().ToString("N")[..16];
        await using (var admin = new NpgsqlConnection(TestServices.Postgres))
        {
            await admin.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync(ct);
        }

        var builder = new NpgsqlConnectionStringBuilder(TestServices.Postgres) { Database = name, MaxPoolSize = 40 };
        return new PostgresTestDatabase(name, builder.ConnectionString);
    }

    /// <summary>The database refuses connections, as in an outage: no new ones, and the open ones are ended.</summary>
    public async Task RefuseConnectionsAsync(CancellationToken ct)
    {
        await AdminAsync($"ALTER DATABASE {Name} ALLOW_CONNECTIONS false", ct);
        await AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Name}'", ct);
    }

    /// <summary>
    /// The database takes no writes, as a primary demoted in a failover or a hot standby (SQLSTATE 25006 on every
    /// write), or takes them again: new sessions start so. With <paramref name="endSessions"/> the open ones are ended,
    /// so the worker's next ones are new; without it they keep the state they started with, as a node demoted and then
    /// promoted again keeps its sessions.
    /// </summary>
    public async Task SetReadOnlyAsync(bool readOnly, CancellationToken ct, bool endSessions = true)
    {
        await AdminAsync($"ALTER DATABASE {Name} SET default_transaction_read_only = {(readOnly ? "on" : "off")}", ct);
        if (endSessions)
        {
            await AdminAsync($"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{Name}'", ct);
        }
    }

    /// <summary>Runs <paramref name="sql"/> in this database (a trigger that refuses writes, for example).</summary>
    public async Task ExecuteAsync(string sql, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The database takes connections again.</summary>
    public Task AllowConnectionsAsync(CancellationToken ct) => AdminAsync($"ALTER DATABASE {Name} ALLOW_CONNECTIONS true", ct);

    private static async Task AdminAsync(string sql, CancellationToken ct)
    {
        await using var admin = new NpgsqlConnection(TestServices.Postgres);
        await admin.OpenAsync(ct);
        await using var command = new NpgsqlCommand(sql, admin);
        await command.ExecuteNonQueryAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(TestServices.Postgres);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
