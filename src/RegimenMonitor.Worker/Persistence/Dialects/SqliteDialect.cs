using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RegimenMonitor.Worker.Configuration;

namespace RegimenMonitor.Worker.Persistence.Dialects;

/// <summary>SQLite, the embedded single-process profile: EF write path, Quartz in memory, no migration session lock.</summary>
internal sealed class SqliteDialect : DatabaseDialect
{
    public static readonly SqliteDialect Instance = new();

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override string MigrationsFolder => "sqlite";

    public override bool ClusteredScheduler => false;

    public override string CreateHistoryTableSql => "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)";

    public override void UseProvider(DbContextOptionsBuilder options, string connectionString) => options.UseSqlite(connectionString);

    public override IQueryable<OutboxMessage> ClaimQuery(RegimenDbContext db, DateTimeOffset now, int batchSize) =>
        ClaimWithLinq(db, now, batchSize);

    public override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    // SQLite serialises writers itself: the runner takes BEGIN IMMEDIATE per script instead of a session lock.
    public override Task AcquireMigrationLockAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;

    public override Task ReleaseMigrationLockAsync(DbConnection connection) => Task.CompletedTask;

    public override object HistoryTimestamp(DateTimeOffset now) => now.ToString("O");
}
