using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database.Dialects;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

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
    public async Task Migrations_apply_on_an_empty_sqlite_database_once_even_when_two_processes_race()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rm-migrate-{Guid.NewGuid():N}", "state.db");
        var connectionString = $"Data Source={path};Pooling=False";
        var scripts = MigrationRunner.LoadScripts(DatabaseProvider.Sqlite);
        Assert.NotEmpty(scripts);

        var applied = await Task.WhenAll(
            Task.Run(() => Runner(DatabaseProvider.Sqlite, connectionString).MigrateAsync(Ct), Ct),
            Task.Run(() => Runner(DatabaseProvider.Sqlite, connectionString).MigrateAsync(Ct), Ct));
        Assert.Equal(scripts.Count, applied.Sum());

        await using (var connection = new SqliteConnection(connectionString))
        {
            await connection.OpenAsync(Ct);
            await using var command = new SqliteCommand("SELECT version FROM schema_migrations ORDER BY version", connection);
            var versions = new List<string>();
            await using (var reader = await command.ExecuteReaderAsync(Ct))
            {
                while (await reader.ReadAsync(Ct))
                {
                    versions.Add(reader.GetString(0));
                }
            }

            Assert.Equal(scripts.Select(s => s.Version), versions);
        }

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

    [Fact]
    public void Every_database_provider_has_a_dialect_with_a_migrations_folder_holding_the_same_versions()
    {
        var providers = Enum.GetValues<DatabaseProvider>();
        Assert.Equal(providers.Order(), DatabaseDialect.All.Select(d => d.Provider).Order());
        var folders = Path.Combine(RepositoryRoot(), "src", "RegimenMonitor.Worker", "Infrastructure", "Database", "Migrations");
        var expected = MigrationRunner.LoadScripts(providers[0]).Select(s => s.Version).ToList();
        Assert.NotEmpty(expected);
        foreach (var provider in providers)
        {
            var dialect = DatabaseDialect.For(provider);
            Assert.Equal(provider, dialect.Provider);
            var folder = Path.Combine(folders, dialect.MigrationsFolder);
            Assert.True(Directory.Exists(folder), $"{provider}: no migrations folder {folder}");
            var onDisk = Directory.GetFiles(folder, "*.sql").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal);
            var embedded = MigrationRunner.LoadScripts(provider).Select(s => s.Version).ToList();
            Assert.Equal(onDisk, embedded);
            Assert.Equal(expected, embedded);
        }

        Assert.Equal(providers.Length, DatabaseDialect.All.Select(d => d.MigrationsFolder).Distinct(StringComparer.Ordinal).Count());
    }

    internal static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (Directory.Exists(Path.Combine(directory.FullName, "src", "RegimenMonitor.Worker")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"no repository root above {AppContext.BaseDirectory}");
    }
}
