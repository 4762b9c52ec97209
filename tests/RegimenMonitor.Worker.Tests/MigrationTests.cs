using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using RegimenMonitor.Worker.Configuration;
using RegimenMonitor.Worker.Persistence;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests;

public sealed class MigrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MigrationRunner Runner(DatabaseProvider provider, string connectionString) =>
        new(Options.Create(new DatabaseOptions { Provider = provider, ConnectionString = connectionString }), TimeProvider.System, NullLogger<MigrationRunner>.Instance);

    [Fact]
    public async Task Migrations_apply_on_an_empty_sqlite_database_and_are_a_no_op_the_second_time()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rm-migrate-{Guid.NewGuid():N}", "state.db");
        var connectionString = $"Data Source={path};Pooling=False";
        var scripts = MigrationRunner.LoadScripts(DatabaseProvider.Sqlite);
        Assert.NotEmpty(scripts);

        Assert.Equal(scripts.Count, await Runner(DatabaseProvider.Sqlite, connectionString).MigrateAsync(Ct));
        Assert.Equal(0, await Runner(DatabaseProvider.Sqlite, connectionString).MigrateAsync(Ct));

        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(Ct);
        await using var command = new SqliteCommand("SELECT COUNT(*) FROM schema_migrations", connection);
        Assert.Equal((long)scripts.Count, await command.ExecuteScalarAsync(Ct));
        await using var tables = new SqliteCommand("SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name IN ('patients','regimen_items','processed_events')", connection);
        Assert.Equal(3L, await tables.ExecuteScalarAsync(Ct));
        Directory.Delete(Path.GetDirectoryName(path)!, true);
    }

    [Fact]
    public async Task Migrations_apply_on_an_empty_postgresql_database_once_even_when_two_replicas_race()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        var scripts = MigrationRunner.LoadScripts(DatabaseProvider.PostgreSql);
        Assert.NotEmpty(scripts);

        var applied = await Task.WhenAll(
            Runner(DatabaseProvider.PostgreSql, database.ConnectionString).MigrateAsync(Ct),
            Runner(DatabaseProvider.PostgreSql, database.ConnectionString).MigrateAsync(Ct));
        Assert.Equal(scripts.Count, applied.Sum());
        Assert.Equal(0, await Runner(DatabaseProvider.PostgreSql, database.ConnectionString).MigrateAsync(Ct));

        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT COUNT(*) FROM schema_migrations", connection);
        Assert.Equal((long)scripts.Count, await command.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public void Every_provider_has_the_same_migration_versions()
    {
        var sqlite = MigrationRunner.LoadScripts(DatabaseProvider.Sqlite).Select(s => s.Version);
        var postgres = MigrationRunner.LoadScripts(DatabaseProvider.PostgreSql).Select(s => s.Version);
        var sqlServer = MigrationRunner.LoadScripts(DatabaseProvider.SqlServer).Select(s => s.Version);
        Assert.Equal(sqlite, postgres);
        Assert.Equal(sqlite, sqlServer);
    }
}
