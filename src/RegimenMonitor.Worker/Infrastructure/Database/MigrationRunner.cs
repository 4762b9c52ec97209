using System.Data.Common;
using System.Reflection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database.Dialects;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Infrastructure.Database;

/// <summary>
/// Applies the embedded, versioned SQL scripts of the configured provider, in order, each in its own transaction,
/// recording them in <c>schema_migrations</c>. Two replicas never migrate at once: a server database holds its
/// dialect's session lock for the whole run (PostgreSQL: an advisory lock; SQL Server: <c>sp_getapplock</c>); SQLite's
/// script transaction takes the database write lock (<c>BEGIN IMMEDIATE</c>) and the history is re-checked inside it.
/// </summary>
internal sealed class MigrationRunner(IOptions<DatabaseOptions> options, TimeProvider timeProvider, ILogger<MigrationRunner> logger)
{
    public async Task<int> MigrateAsync(CancellationToken cancellationToken)
    {
        var database = options.Value;
        var dialect = DatabaseDialect.For(database.Provider);
        var scripts = LoadScripts(database.Provider);
        return await MigrateAsync(dialect, database.EffectiveConnectionString, scripts, cancellationToken);
    }

    internal static IReadOnlyList<(string Version, string Sql)> LoadScripts(DatabaseProvider provider)
    {
        var prefix = $"Migrations/{DatabaseDialect.For(provider).MigrationsFolder}/";
        var assembly = Assembly.GetExecutingAssembly();
        return assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                using var reader = new StreamReader(stream);
                return (Path.GetFileNameWithoutExtension(n[prefix.Length..]), reader.ReadToEnd());
            })
            .ToList();
    }

    private async Task<int> MigrateAsync(DatabaseDialect dialect, string connectionString, IReadOnlyList<(string Version, string Sql)> scripts, CancellationToken ct)
    {
        await using var connection = await dialect.OpenMigrationConnectionAsync(connectionString, ct);
        await dialect.AcquireMigrationLockAsync(connection, ct);
        try
        {
            await ExecuteAsync(connection, null, dialect.CreateHistoryTableSql, ct);
            var applied = 0;
            foreach (var (version, sql) in scripts)
            {
                // the dialect's script transaction (SQLite: it takes the write lock, so a second process waits here)
                await using var transaction = await dialect.BeginMigrationScriptAsync(connection, ct);
                if (await IsAppliedAsync(connection, transaction, version, ct))
                {
                    continue;
                }

                await ApplyAsync(dialect, connection, transaction, version, sql, timeProvider.GetUtcNow(), ct);
                await transaction.CommitAsync(ct);
                applied++;
            }

            return applied;
        }
        finally
        {
            await dialect.ReleaseMigrationLockAsync(connection);
        }
    }

    private async Task ApplyAsync(DatabaseDialect dialect, DbConnection connection, DbTransaction transaction, string version, string sql,
        DateTimeOffset now, CancellationToken ct)
    {
        Log.MigrationApplying(logger, version);
        foreach (var batch in dialect.Batches(sql))
        {
            await ExecuteAsync(connection, transaction, batch, ct);
        }

        await using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = "INSERT INTO schema_migrations (version, applied_at) VALUES (@version, @appliedAt)";
        AddParameter(insert, "@version", version);
        AddParameter(insert, "@appliedAt", dialect.HistoryTimestamp(now));
        await insert.ExecuteNonQueryAsync(ct);
    }

    private static async Task<bool> IsAppliedAsync(DbConnection connection, DbTransaction transaction, string version, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT COUNT(*) FROM schema_migrations WHERE version = @version";
        AddParameter(command, "@version", version);
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) > 0;
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction? transaction, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.CommandTimeout = 300;
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }
}
