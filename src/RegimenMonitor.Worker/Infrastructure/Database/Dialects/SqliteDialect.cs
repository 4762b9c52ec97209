using System.Data.Common;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using RegimenMonitor.Worker.Infrastructure.Configuration;

namespace RegimenMonitor.Worker.Infrastructure.Database.Dialects;

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

    public override string? DefaultConnectionString => DatabaseOptions.DefaultSqliteConnectionString;

    public override string CreateHistoryTableSql => "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TEXT NOT NULL)";

    public override bool Runs(DatabaseFacade database) => database.IsSqlite();

    public override string Describe(string connectionString) =>
        $"SQLite file '{Path.GetFullPath(new SqliteConnectionStringBuilder(connectionString).DataSource)}'";

    /// <summary>The embedded database has nothing to connect to: only whether the file holds the schema is checked.</summary>
    public override async Task<bool> ProbeAsync(string connectionString, bool requireSchema, TextWriter progress, TimeSpan timeout, CancellationToken ct)
    {
        var path = new SqliteConnectionStringBuilder(connectionString).DataSource;
        if (path.Length > 0 && path != ":memory:")
        {
            // as the server dialects say where they connect: a wrong working directory shows before anything is written
            var full = Path.GetFullPath(path);
            await progress.WriteLineAsync(File.Exists(full)
                ? $"using the SQLite database file {full}"
                : $"using the SQLite database file {full} (it does not exist yet{(requireSchema || !Creatable(full) ? string.Empty : "; it is created")})");
        }

        if (!requireSchema)
        {
            return true;
        }

        if (path.Length == 0 || path == ":memory:" || !File.Exists(path))
        {
            return false;
        }

        var readOnly = new SqliteConnectionStringBuilder(connectionString) { Mode = SqliteOpenMode.ReadOnly }.ConnectionString;
        await using var connection = new SqliteConnection(readOnly);
        await connection.OpenAsync(ct);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    // the nearest part of the path that exists is a folder (the folders below it are created): not, for example, a
    // path through a file, for which the open's own failure is reported next
    private static bool Creatable(string full)
    {
        for (var directory = Path.GetDirectoryName(full); directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (Directory.Exists(directory))
            {
                return true;
            }

            if (File.Exists(directory))
            {
                return false;
            }
        }

        return false;
    }

    public override DatabaseFailure? ExplainFailure(IReadOnlyList<Exception> chain, DatabaseOptions? database) =>
        chain.OfType<SqliteException>().FirstOrDefault() is { } sqlite ? Sqlite(sqlite, database) : null;

    // an outage is the base's: RejectionLogDemotion.IsDatabaseConnection counts SQLite's busy, locked, read-only, I/O,
    // full and cannot-open codes (SqliteOutageCodes), so the retries and the log lines agree on what an outage is

    public override bool IsServer => false;

    // SQLITE_CONSTRAINT (19) naming the key: "UNIQUE constraint failed: processed_events.event_id" (a second process
    // on the same file; one process writes one change at a time)
    public override bool IsInboxKeyConflict(Exception exception) =>
        Observability.NetworkErrors.Chain(exception).Any(e => e is SqliteException { SqliteErrorCode: 19 } sqlite
            && sqlite.Message.Contains("processed_events.event_id", StringComparison.Ordinal));

    private static DatabaseFailure Sqlite(SqliteException sqlite, DatabaseOptions? database)
    {
        var path = database is null ? "the SQLite file" : $"'{Path.GetFullPath(new SqliteConnectionStringBuilder(database.EffectiveConnectionString).DataSource)}'";
        if (sqlite.Message.Contains("no such table", StringComparison.OrdinalIgnoreCase))
        {
            return DatabaseFailure.NoSchema;
        }

        return sqlite.SqliteErrorCode switch
        {
            14 => new DatabaseFailure($"cannot open the SQLite database {path} (missing directory or no permission to write there).",
                "point ConnectionStrings__Database at a writable path (e.g. 'Data Source=/var/lib/regimen-monitor/regimen-monitor.db'), or make the directory writable for this user."),
            26 => new DatabaseFailure($"{path} is not a SQLite database.",
                "point ConnectionStrings__Database at the worker's database file, or set Database__Provider=PostgreSql for a PostgreSQL connection string."),
            5 or 6 => new DatabaseFailure($"the SQLite database {path} is locked by another process.",
                "SQLite allows one writer: stop the other process (a running worker?), or use PostgreSQL for several processes."),
            8 => new DatabaseFailure($"the SQLite database {path} is read-only for this user.",
                "make the file and its directory writable for this user."),
            _ => new DatabaseFailure($"SQLite error on {path}: {sqlite.Message}", "run again with --verbose for the details."),
        };
    }

    public override IEnumerable<string> ConnectionStringFailures(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var connectionString = options.EffectiveConnectionString;
        var keys = ConnectionStringKeys(connectionString);
        if (keys.Contains("HOST") || keys.Contains("SERVER") || keys.Contains("USERNAME") || keys.Contains("USER ID"))
        {
            return ["ConnectionStrings:Database is a server connection string (Host=...) but Database:Provider is Sqlite; set Database__Provider=PostgreSql, or give a SQLite connection string such as 'Data Source=data/regimen-monitor.db'."];
        }

        if (ConnectionStringProblem(connectionString, () => new SqliteConnectionStringBuilder()) is { } problem)
        {
            return [$"ConnectionStrings:Database is not a valid SQLite connection string ({problem}); use the form 'Data Source=data/regimen-monitor.db'."];
        }

        // an empty Data Source parses, and fails only when the file is opened, with .NET's "(Parameter 'path')"
        if (string.IsNullOrWhiteSpace(new SqliteConnectionStringBuilder(connectionString).DataSource))
        {
            return ["ConnectionStrings:Database has no Data Source (the SQLite file); use the form 'Data Source=data/regimen-monitor.db', or leave ConnectionStrings__Database unset for that default."];
        }

        // every connection to an in-memory database opens an empty one of its own: the tables migrated on one were missing
        // on the next ("no such table" with a stack), and nothing was kept (found by an independent edge probe)
        var builder = new SqliteConnectionStringBuilder(connectionString);
        if (builder.DataSource == ":memory:" || builder.Mode == SqliteOpenMode.Memory || IsInMemoryUri(builder.DataSource))
        {
            return ["ConnectionStrings:Database names an in-memory SQLite database (:memory:, Mode=Memory or a file: URI with mode=memory): each connection would open an empty database of its own and nothing would be kept; give a file, e.g. 'Data Source=data/regimen-monitor.db'."];
        }

        // the bundled SQLite library (e_sqlite3) has no encryption: the first open failed with its words and exit 1, a
        // runtime failure a supervisor restarts, for a setting that never works (found by an independent edge probe)
        if (!string.IsNullOrEmpty(builder.Password))
        {
            return ["ConnectionStrings:Database gives a Password (not shown), but the SQLite library this program ships has no encryption, so the file would never open; remove the Password and protect the file by its permissions."];
        }

        // the builder takes any whole number (found by an independent edge probe: Default Timeout=-5 was accepted)
        if (builder.DefaultTimeout < 0)
        {
            return [$"ConnectionStrings:Database has a negative Default Timeout ({builder.DefaultTimeout.ToString(System.Globalization.CultureInfo.InvariantCulture)}; also written Command Timeout): give the seconds a command may wait for a database another process is writing, 0 or more (the default is 30), or leave it out."];
        }

        return [];
    }

    /// <summary>A SQLite URI filename (<c>file:</c>, case-sensitive as SQLite reads it) naming an in-memory database.</summary>
    private static bool IsInMemoryUri(string dataSource)
    {
        if (!dataSource.StartsWith("file:", StringComparison.Ordinal))
        {
            return false;
        }

        var query = dataSource.IndexOf('?', StringComparison.Ordinal);
        var path = query < 0 ? dataSource[5..] : dataSource[5..query];
        return path == ":memory:"
            || (query >= 0 && dataSource[(query + 1)..].Split('&').Contains("mode=memory", StringComparer.Ordinal));
    }

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
                    .SetProperty(p => p.NextReviewAt, patient.NextReviewAt)
                    .SetProperty(p => p.HistoryJson, patient.HistoryJson), cancellationToken);
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

    /// <summary>Creates the database file's directory, opens it in WAL mode, waiting up to 30 s for another writer.</summary>
    public override async Task<DbConnection> OpenMigrationConnectionAsync(string connectionString, CancellationToken ct)
    {
        var builder = new SqliteConnectionStringBuilder(connectionString);
        var directory = Path.GetDirectoryName(Path.GetFullPath(builder.DataSource));
        if (!string.IsNullOrEmpty(directory) && builder.Mode != SqliteOpenMode.Memory)
        {
            try
            {
                Directory.CreateDirectory(directory);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // a directory that cannot be made (a file in the path, no permission) is SQLite's "cannot open"
                // (SQLITE_CANTOPEN): reported with the path and the fix like the others, not as a bare IO message
                throw new SqliteException($"cannot create the database file's directory: {ex.Message}", 14);
            }
        }

        var connection = (SqliteConnection)await base.OpenMigrationConnectionAsync(connectionString, ct);
        connection.DefaultTimeout = 300; // how long a command (and BEGIN IMMEDIATE) retries while another process writes
        await using var pragmas = connection.CreateCommand();
        pragmas.CommandText = "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=30000;";
        await pragmas.ExecuteNonQueryAsync(ct);
        return connection;
    }

    /// <summary>
    /// <c>BEGIN IMMEDIATE</c>: takes the database write lock now, so a second process migrating at the same time waits
    /// here and then finds the script in the history.
    /// </summary>
    public override Task<DbTransaction> BeginMigrationScriptAsync(DbConnection connection, CancellationToken ct) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    // SQLite serialises writers itself: each script's transaction takes the write lock instead of a session lock.
    public override Task AcquireMigrationLockAsync(DbConnection connection, CancellationToken ct) => Task.CompletedTask;

    public override Task ReleaseMigrationLockAsync(DbConnection connection) => Task.CompletedTask;

    public override object HistoryTimestamp(DateTimeOffset now) => now.ToString("O");

    private sealed class UnixMillisecondsConverter() : ValueConverter<DateTimeOffset, long>(
        v => v.ToUnixTimeMilliseconds(),
        v => DateTimeOffset.FromUnixTimeMilliseconds(v));
}
