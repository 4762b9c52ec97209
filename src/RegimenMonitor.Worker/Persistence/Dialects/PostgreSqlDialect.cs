using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Quartz;
using RegimenMonitor.Worker.Configuration;

namespace RegimenMonitor.Worker.Persistence.Dialects;

/// <summary>
/// PostgreSQL: set-based group-commit writes (<c>unnest</c>, in <see cref="SetBasedFlush"/>), <c>FOR UPDATE SKIP
/// LOCKED</c> outbox claim, a session advisory lock around migrations, Quartz's clustered store.
/// </summary>
internal sealed class PostgreSqlDialect : DatabaseDialect
{
    public static readonly PostgreSqlDialect Instance = new();

    private const long AdvisoryLockKey = 0x52_4D_4D_49_47; // "RMMIG"

    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public override string MigrationsFolder => "postgresql";

    public override string CreateHistoryTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version varchar(128) PRIMARY KEY, applied_at timestamptz NOT NULL)";

    public override void UseProvider(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(DatabaseOptions.TunedForWorker(connectionString));

    public override IQueryable<OutboxMessage> ClaimQuery(RegimenDbContext db, DateTimeOffset now, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Outbox.FromSql($"""
            SELECT * FROM alert_outbox
            WHERE dispatched_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= {now})
            ORDER BY created_at, id
            LIMIT {batchSize}
            FOR UPDATE SKIP LOCKED
            """);
    }

    public override void UseSchedulerStore(IPersistentStoreBuilder store, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(store);
        store.UsePostgres(connectionString);
    }

    public override DbConnection CreateConnection(string connectionString) => new NpgsqlConnection(connectionString);

    public override Task AcquireMigrationLockAsync(DbConnection connection, CancellationToken ct) =>
        ExecuteAsync(connection, $"SELECT pg_advisory_lock({AdvisoryLockKey})", ct);

    public override Task ReleaseMigrationLockAsync(DbConnection connection) =>
        ExecuteAsync(connection, $"SELECT pg_advisory_unlock({AdvisoryLockKey})", CancellationToken.None);
}
