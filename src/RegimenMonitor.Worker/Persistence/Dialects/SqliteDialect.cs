using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RegimenMonitor.Worker.Configuration;

namespace RegimenMonitor.Worker.Persistence.Dialects;

/// <summary>
/// SQLite, the embedded single-process profile: one writer at a time, timestamps as Unix milliseconds, the group's
/// writes through EF, the portable reads and outbox claim, Quartz in memory, no migration session lock.
/// </summary>
internal sealed class SqliteDialect : DatabaseDialect
{
    public static readonly SqliteDialect Instance = new();

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public override string MigrationsFolder => "sqlite";

    public override bool ClusteredScheduler => false;

    public override bool SingleWriter => true;

    public override string CreateHistoryTableSql => "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)";

    public override bool Runs(DatabaseFacade database) => database.IsSqlite();

    public override void UseProvider(DbContextOptionsBuilder options, string connectionString) => options.UseSqlite(connectionString);

    // SQLite has no timestamp type EF can compare or order in SQL: store UTC Unix milliseconds.
    public override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        ArgumentNullException.ThrowIfNull(configurationBuilder);
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UnixMillisecondsConverter>();
    }

    /// <summary>
    /// SQLite: the patients' version bumps as version-checked UPDATEs (the patients stay untracked, so EF never walks
    /// their item lists), the items and inbox rows as EF changes saved with the findings.
    /// </summary>
    public override async Task WriteRegimenAsync(RegimenDbContext db, DbTransaction transaction, RegimenWrites writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(writes);
        foreach (var (patient, readVersion) in writes.Patients)
        {
            var updated = await db.Patients.Where(p => p.Id == patient.Id && p.Version == readVersion)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.Version, patient.Version)
                    .SetProperty(p => p.UpdatedAt, patient.UpdatedAt)
                    .SetProperty(p => p.NextReviewAt, patient.NextReviewAt), cancellationToken);
            if (updated != 1)
            {
                throw new DbUpdateConcurrencyException("1 of 1 patient(s) changed since it was read");
            }
        }

        db.ProcessedEvents.AddRange(writes.Events);
        foreach (var item in writes.NewItems)
        {
            db.Entry(item).State = EntityState.Added;
        }

        foreach (var item in writes.ChangedItems)
        {
            db.Entry(item).State = EntityState.Modified;
        }
    }

    public override IQueryable<OutboxMessage> ClaimQuery(RegimenDbContext db, DateTimeOffset now, int batchSize) =>
        ClaimWithLinq(db, now, batchSize);

    public override DbConnection CreateConnection(string connectionString) => new SqliteConnection(connectionString);

    // SQLite serialises writers itself: the runner takes BEGIN IMMEDIATE per script instead of a session lock.
    public override Task AcquireMigrationLockAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;

    public override Task ReleaseMigrationLockAsync(DbConnection connection) => Task.CompletedTask;

    public override object HistoryTimestamp(DateTimeOffset now) => now.ToString("O");

    private sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.ToUnixTimeMilliseconds(),
        v => DateTimeOffset.FromUnixTimeMilliseconds(v));
}
