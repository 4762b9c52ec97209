using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Quartz;
using RegimenMonitor.Worker.Configuration;

namespace RegimenMonitor.Worker.Persistence.Dialects;

/// <summary>
/// What differs between the databases, in one class per database: the EF provider, the folder of its migration
/// scripts and how a script is cut into batches, the lock two replicas take around migrating, the outbox claim, and
/// the Quartz store. Everything else (the model, the services, the jobs) is shared.
/// </summary>
internal abstract class DatabaseDialect
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>The folder under Persistence/Migrations holding this database's numbered scripts.</summary>
    public abstract string MigrationsFolder { get; }

    /// <summary>Whether Quartz runs on the database's clustered store (server databases) or in memory (SQLite).</summary>
    public virtual bool ClusteredScheduler => true;

    public static DatabaseDialect For(DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => SqliteDialect.Instance,
        DatabaseProvider.PostgreSql => PostgreSqlDialect.Instance,
        DatabaseProvider.SqlServer => SqlServerDialect.Instance,
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown database provider"),
    };

    /// <summary>Configures EF Core for this database.</summary>
    public abstract void UseProvider(DbContextOptionsBuilder options, string connectionString);

    /// <summary>
    /// Claims up to <paramref name="batchSize"/> due outbox rows, oldest first, in the caller's transaction; on a server
    /// database the rows stay locked until it ends and a concurrent claim skips them.
    /// </summary>
    public Task<List<OutboxMessage>> ClaimOutboxAsync(RegimenDbContext db, DateTimeOffset now, int batchSize, CancellationToken ct) =>
        ClaimQuery(db, now, batchSize).ToListAsync(ct);

    /// <summary>The claim's query (not composed further: the locking clauses must stay as written).</summary>
    public abstract IQueryable<OutboxMessage> ClaimQuery(RegimenDbContext db, DateTimeOffset now, int batchSize);

    /// <summary>Points Quartz's persistent store at this database (only called when <see cref="ClusteredScheduler"/>).</summary>
    public virtual void UseSchedulerStore(IPersistentStoreBuilder store, string connectionString) =>
        throw new NotSupportedException($"{Provider} runs Quartz in memory");

    /// <summary>A new, closed connection for the migration runner.</summary>
    public abstract DbConnection CreateConnection(string connectionString);

    /// <summary>The schema history table, created when missing (run inside the migration lock).</summary>
    public abstract string CreateHistoryTableSql { get; }

    /// <summary>
    /// Takes the migration lock on <paramref name="connection"/> for the whole run (server databases: a session-level
    /// lock; two replicas migrate one after the other and the second finds everything applied). SQLite has none: it
    /// takes the database write lock per script instead (see <see cref="MigrationRunner"/>).
    /// </summary>
    public abstract Task AcquireMigrationLockAsync(DbConnection connection, CancellationToken ct);

    public abstract Task ReleaseMigrationLockAsync(DbConnection connection);

    /// <summary>The statements of one migration script, sent one command each, in its transaction.</summary>
    public virtual IReadOnlyList<string> Batches(string script) => [script];

    /// <summary>The <c>applied_at</c> value of a history row.</summary>
    public virtual object HistoryTimestamp(DateTimeOffset now) => now;

    protected static async Task ExecuteAsync(DbConnection connection, string sql, CancellationToken ct)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.CommandTimeout = 0; // waiting for another replica's migration is expected
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The portable claim: the due rows in creation order (SQLite: one writer at a time anyway).</summary>
    protected static IQueryable<OutboxMessage> ClaimWithLinq(RegimenDbContext db, DateTimeOffset now, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Outbox
            .Where(m => m.DispatchedAt == null && (m.NextAttemptAt == null || m.NextAttemptAt <= now))
            .OrderBy(m => m.CreatedAt).ThenBy(m => m.Id)
            .Take(batchSize);
    }
}
