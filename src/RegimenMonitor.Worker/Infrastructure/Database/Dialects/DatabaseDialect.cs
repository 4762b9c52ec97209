using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Quartz;
using RegimenMonitor.Worker.Infrastructure.Configuration;

namespace RegimenMonitor.Worker.Infrastructure.Database.Dialects;

/// <summary>
/// What differs between the databases, in one class per database: the EF provider and its model conventions, the
/// group's reads and writes, whether it takes one writer at a time, the folder of its migration scripts and how a
/// script is cut into batches, the lock two replicas take around migrating, the outbox claim, the Quartz store, and how
/// its connection string is checked, probed and its failures explained. Everything else (the model, the services, the
/// jobs) is shared. Adding a database is one subclass listed in <see cref="All"/>, one enum value and one folder of
/// migration scripts (CONTRIBUTING.md, "Adding a database").
/// </summary>
internal abstract partial class DatabaseDialect
{
    public abstract DatabaseProvider Provider { get; }

    /// <summary>The folder under Infrastructure/Database/Migrations holding this database's numbered scripts.</summary>
    public abstract string MigrationsFolder { get; }

    /// <summary>The connection string used when none is configured, or null when one is required (server databases).</summary>
    public virtual string? DefaultConnectionString => null;

    /// <summary>
    /// The reason, naming the column but never the value, when <paramref name="exception"/> is this database refusing a
    /// value as data (bad encoding, too long, out of range): the event's fault, never retried. Null otherwise.
    /// </summary>
    public virtual string? RefusedValue(Exception exception) => null;

    /// <summary>
    /// Whether <paramref name="exception"/> says the database is away or refusing this worker — a connection refused,
    /// dropped or timed out, a server shutting down or not accepting connections, a login refused, the database
    /// missing — rather than anything about what was asked of it. A message that fails this way is not at fault: it is
    /// retried for as long as the outage lasts and never goes to <c>_error</c> (<see cref="Messaging.OutageRetryPolicy"/>).
    /// </summary>
    public virtual bool IsOutage(Exception exception) => Observability.RejectionLogDemotion.IsDatabaseConnection(exception);

    /// <summary>
    /// Whether the worker's start should wait for the server (<c>run</c>, <c>Database:StartTimeout</c>): an outage
    /// (<see cref="IsOutage"/>) other than a refused login or a missing database, which waiting mends neither of.
    /// </summary>
    public virtual bool IsWorthWaitingFor(Exception exception) => IsOutage(exception);

    /// <summary>Whether the database is a server the worker's start asks before it migrates (not a file on this host).</summary>
    public virtual bool IsServer => true;

    /// <summary>
    /// Whether <paramref name="exception"/> says the database takes no writes now (a standby, a primary demoted in a
    /// failover, a database set read-only): an outage (<see cref="IsOutage"/>) whose sessions stay read-only after it
    /// ends, so the pools are emptied (<see cref="ReadOnlySessionInterceptor"/>, the scheduler store's
    /// <c>IsTransient</c>, the readiness check). Never for SQLite.
    /// </summary>
    public virtual bool IsReadOnly(Exception exception) => false;

    /// <summary>
    /// Whether <paramref name="exception"/> is the inbox's primary key refusing an event id another transaction stored
    /// after this one read the inbox (a redelivery racing its first delivery, an id reused at the same moment): not a
    /// fault, the change is decided again against the stored row (<see cref="Regimens.RegimenStore"/>). Only the key of
    /// <c>processed_events</c>; every other unique violation is an error as before.
    /// </summary>
    public virtual bool IsInboxKeyConflict(Exception exception) => false;

    /// <summary>
    /// The readiness probe's query: one row, one column, 1 when the database takes no writes now (a standby, a primary
    /// demoted in a failover, a database set read-only), else 0. SQLite's answers 0: a file that cannot be written fails
    /// the writes themselves.
    /// </summary>
    public virtual string ReadinessQuery => "SELECT 0";

    /// <summary>
    /// The database server's current time (UTC), for the readiness check's comparison with this host's clock; null where
    /// the database is a file on this host (SQLite: one clock).
    /// </summary>
    public virtual string? ServerClockQuery => null;

    /// <summary>
    /// Empties the client's connection pool for <paramref name="connection"/>'s database: after an outage its idle
    /// connections are to a server that dropped them, and each would fail once when next used. Nothing for SQLite (a
    /// file, no server to drop them).
    /// </summary>
    public virtual void ClearPool(DbConnection connection)
    {
    }

    /// <summary>
    /// Empties every connection pool of the client: the EF context's and the scheduler store's (their connection strings
    /// differ, so their pools do). Busy connections close when they are returned. Nothing for SQLite.
    /// </summary>
    public virtual void ClearAllPools()
    {
    }

    /// <summary>
    /// Empties every pool (<see cref="ClearAllPools"/>) when <paramref name="exception"/> says the database takes no
    /// writes (<see cref="IsReadOnly"/>): a session keeps the read-only state it started with, so after a failover the
    /// next attempt needs new ones. Also, at most every <see cref="SessionSettingClearInterval"/>, when a statement was
    /// cancelled by a setting a session keeps (<see cref="IsCancelledBySessionSetting"/>): a <c>statement_timeout</c> set
    /// on the worker's role and reset later stays in the sessions opened meanwhile until they close (found by an
    /// independent fault probe: alerts held for 3.5 to 4 minutes after the reset, every dispatch cancelled). Called
    /// wherever a write can fail: EF's commands (<see cref="ReadOnlySessionInterceptor"/>), the group commit's own
    /// statements (<see cref="SetBasedFlush"/>), the scheduler store. True when it emptied them.
    /// </summary>
    public bool ForgetStaleSessions(Exception exception)
    {
        if (!IsReadOnly(exception))
        {
            if (!IsCancelledBySessionSetting(exception))
            {
                return false;
            }

            // new sessions read the role's settings as they are now; a timeout that still stands costs a reconnect
            // every few seconds, not one per failed statement
            var now = Environment.TickCount64;
            var last = Interlocked.Read(ref _sessionSettingCleared);
            if (now - last < (long)SessionSettingClearInterval.TotalMilliseconds || Interlocked.CompareExchange(ref _sessionSettingCleared, now, last) != last)
            {
                return false;
            }
        }

        ClearAllPools();
        return true;
    }

    /// <summary>How often at most the pools are emptied for statements cancelled by a session's setting.</summary>
    public static readonly TimeSpan SessionSettingClearInterval = TimeSpan.FromSeconds(5);

    private long _sessionSettingCleared = long.MinValue / 2;

    /// <summary>
    /// Whether a statement was cancelled by a limit its session keeps (PostgreSQL: 57014 <c>query_canceled</c>, which a
    /// <c>statement_timeout</c> raises, and 55P03 <c>lock_not_available</c>, a <c>lock_timeout</c>). False where sessions
    /// have no such settings.
    /// </summary>
    public virtual bool IsCancelledBySessionSetting(Exception exception) => false;

    /// <summary>Whether Quartz runs on the database's clustered store (server databases) or in memory (SQLite).</summary>
    public virtual bool ClusteredScheduler => true;

    /// <summary>Every database the worker runs on, one dialect per <see cref="DatabaseProvider"/> value.</summary>
    public static IReadOnlyList<DatabaseDialect> All { get; } = [SqliteDialect.Instance, PostgreSqlDialect.Instance, SqlServerDialect.Instance];

    /// <summary>The dialect of the configured provider.</summary>
    public static DatabaseDialect For(DatabaseProvider provider) =>
        All.FirstOrDefault(d => d.Provider == provider)
        ?? throw new ArgumentOutOfRangeException(nameof(provider), provider, "unknown database provider");

    /// <summary>The dialect of the EF provider a context runs on (<see cref="RegimenDbContext.Dialect"/> caches it).</summary>
    public static DatabaseDialect For(DatabaseFacade database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return All.FirstOrDefault(d => d.Runs(database))
               ?? throw new NotSupportedException($"no database dialect for the EF provider {database.ProviderName}");
    }

    /// <summary>Whether <paramref name="database"/> runs on this dialect's EF provider.</summary>
    public abstract bool Runs(DatabaseFacade database);

    /// <summary>
    /// What is wrong with the configured connection string for this database (empty, another database's, unreadable),
    /// each failure naming the setting and how to fix it; never echoes the string (it may hold a password).
    /// </summary>
    public abstract IEnumerable<string> ConnectionStringFailures(DatabaseOptions options);

    /// <summary>Where <paramref name="connectionString"/> points, for messages: never the password.</summary>
    public abstract string Describe(string connectionString);

    /// <summary>
    /// Connects once, within <paramref name="timeout"/> unless the connection string sets its own, saying on
    /// <paramref name="progress"/> where it connects; with <paramref name="requireSchema"/>, returns whether the schema
    /// history exists (true without looking otherwise). Errors propagate, for <see cref="ExplainFailure"/>.
    /// </summary>
    public abstract Task<bool> ProbeAsync(string connectionString, bool requireSchema, TextWriter progress, TimeSpan timeout, CancellationToken ct);

    /// <summary>This database's own error in <paramref name="chain"/> (cause and fix), or null when none is its.</summary>
    public abstract DatabaseFailure? ExplainFailure(IReadOnlyList<Exception> chain, DatabaseOptions? database);

    /// <summary>Configures EF Core for this database.</summary>
    public abstract void UseProvider(DbContextOptionsBuilder options, string connectionString);

    /// <summary>Model conventions this database needs (none by default).</summary>
    public virtual void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
    }

    /// <summary>
    /// Whether the database takes one writer at a time (SQLite): then each change is written alone (no group commit)
    /// and each endpoint consumes one message at a time, as its lock would serialise them anyway.
    /// </summary>
    public virtual bool SingleWriter => false;

    /// <summary>
    /// Writes a group's <see cref="RegimenWrites"/> in <paramref name="transaction"/>, before EF saves what it tracks
    /// (<see cref="SetBasedFlush"/>). A patient whose version moved since it was read fails the write with
    /// <see cref="DbUpdateConcurrencyException"/>; new items get their ids.
    /// </summary>
    public abstract Task WriteRegimenAsync(RegimenDbContext db, DbTransaction transaction, RegimenWrites writes, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts a group's new patients (in its transaction) and returns every one of them as stored, by reference. Here
    /// through EF Core: another worker creating the same patient at the same moment makes this fail on the unique
    /// reference, and the group is decided again; PostgreSQL inserts what is not there yet instead.
    /// </summary>
    public virtual async Task<IReadOnlyList<PatientRecord>> CreatePatientsAsync(RegimenDbContext db, List<PatientRecord> created, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(created);
        db.Patients.AddRange(created);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var patient in created)
        {
            db.Entry(patient).State = EntityState.Detached;
        }

        return created;
    }

    /// <summary>
    /// Records a finished sweep of every regimen unless its stamp has a row already (another replica or verb wrote it
    /// meanwhile). Here through EF Core, which fails on the key when another process inserted it at the same moment (and
    /// logs that failure at Error before the caller sees it); the server dialects insert what is not there yet instead.
    /// Returns whether this call wrote the row.
    /// </summary>
    public virtual async Task<bool> RecordFullSweepAsync(RegimenDbContext db, FullSweep sweep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(sweep);
        db.FullSweeps.Add(sweep);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The inbox rows among <paramref name="eventIds"/> (<see cref="GroupReads"/>; the portable query by default).</summary>
    public virtual IQueryable<ProcessedEvent> ProcessedEventsQuery(RegimenDbContext db, Guid[] eventIds)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ProcessedEvents.Where(e => eventIds.Contains(e.EventId));
    }

    /// <summary>The stored patients among <paramref name="patientRefs"/>, without their items.</summary>
    public virtual IQueryable<PatientRecord> PatientsQuery(RegimenDbContext db, string[] patientRefs)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Patients.Where(p => patientRefs.Contains(p.PatientRef));
    }

    /// <summary>
    /// <paramref name="item"/> as this dialect's reads return it after a write (a copy), or null when the dialect does
    /// not say: then the worker keeps no item cache (Regimens/LiveItemCache) and every group reads its items. The
    /// default: null.
    /// </summary>
    public virtual RegimenItemRecord? AsStored(RegimenItemRecord item) => null;

    /// <summary>True when <see cref="AsStored"/> says how rows read back (returns a copy for any finite item). Default: false.</summary>
    public virtual bool TellsHowRowsReadBack => false;

    /// <summary>Every item of the given patients.</summary>
    public virtual IQueryable<RegimenItemRecord> ItemsQuery(RegimenDbContext db, long[] patientIds)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.RegimenItems.Where(i => patientIds.Contains(i.PatientId));
    }

    /// <summary>
    /// The live items of the given patients (<see cref="LiveBound"/>: per patient, the items after <paramref name="after"/>'s
    /// id; and the items <paramref name="kept"/>), a superset that the caller narrows: by default the items of those
    /// patients after the lowest of the ids, and the kept ones.
    /// </summary>
    public virtual IQueryable<RegimenItemRecord> LiveItemsQuery(RegimenDbContext db, long[] patientIds, long[] after, long[] kept)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(after);
        var lowest = after.Length == 0 ? 0 : after.Min();
        return db.RegimenItems.Where(i => (patientIds.Contains(i.PatientId) && i.Id > lowest) || kept.Contains(i.Id));
    }

    /// <summary>
    /// The items of the given (patient id, kind, ingredient) triples — an item's <c>ingredients</c> are its ingredient
    /// names joined by commas —, a superset that the caller narrows to the compacted ones: by default every item of
    /// those patients.
    /// </summary>
    public virtual IQueryable<RegimenItemRecord> IngredientItemsQuery(RegimenDbContext db, long[] patientIds, string[] kinds, string[] ingredients)
    {
        ArgumentNullException.ThrowIfNull(db);
        var distinctIds = patientIds.Distinct().ToArray();
        return db.RegimenItems.Where(i => distinctIds.Contains(i.PatientId));
    }

    /// <summary>
    /// The items with the given keys (patient id, kind, item key), a superset that the caller narrows: by default every
    /// item of those patients with one of those keys.
    /// </summary>
    public virtual IQueryable<RegimenItemRecord> ItemsByKeyQuery(RegimenDbContext db, long[] patientIds, string[] kinds, string[] itemKeys)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(itemKeys);
        var distinctIds = patientIds.Distinct().ToArray();
        var distinctKeys = itemKeys.Distinct(StringComparer.Ordinal).ToArray();
        return db.RegimenItems.Where(i => distinctIds.Contains(i.PatientId) && distinctKeys.Contains(i.ItemKey));
    }

    /// <summary>The findings of the given patients in one of <paramref name="states"/>.</summary>
    public virtual IQueryable<FindingRecord> FindingsQuery(RegimenDbContext db, long[] patientIds, string[] states)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Findings.Where(f => patientIds.Contains(f.PatientId) && states.Contains(f.State));
    }

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

    /// <summary>An open connection for the migration runner.</summary>
    public virtual Task<DbConnection> OpenMigrationConnectionAsync(string connectionString, CancellationToken ct) =>
        OpenStoppableAsync(CreateConnection(connectionString), ct);

    /// <summary>
    /// Opens <paramref name="connection"/>, or gives up at once when <paramref name="ct"/> is cancelled: Npgsql does not
    /// abandon a connect whose server accepted the TCP connection but never answers, and would hold a stop (SIGTERM at
    /// start-up, while migrating) for its whole connection timeout. An abandoned open is left to finish in the
    /// background, and the connection is disposed then (never under a running open). On failure the connection is
    /// disposed; on success the caller owns it.
    /// </summary>
    public static async Task<TConnection> OpenStoppableAsync<TConnection>(TConnection connection, CancellationToken ct)
        where TConnection : DbConnection
    {
        ArgumentNullException.ThrowIfNull(connection);
        var open = connection.OpenAsync(ct);
        try
        {
            await open.WaitAsync(ct);
            return connection;
        }
        catch (OperationCanceledException) when (!open.IsCompleted)
        {
            _ = open.ContinueWith(static (_, state) => ((DbConnection)state!).Dispose(), connection, CancellationToken.None,
                TaskContinuationOptions.None, TaskScheduler.Default);
            throw;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>The transaction one migration script and its history row run in.</summary>
    public virtual async Task<DbTransaction> BeginMigrationScriptAsync(DbConnection connection, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        return await connection.BeginTransactionAsync(ct);
    }

    /// <summary>
    /// Takes the migration lock on <paramref name="connection"/> for the whole run (server databases: a session-level
    /// lock; two replicas migrate one after the other and the second finds everything applied). SQLite has none: its
    /// script transaction takes the database write lock instead (<see cref="BeginMigrationScriptAsync"/>).
    /// </summary>
    public abstract Task AcquireMigrationLockAsync(DbConnection connection, CancellationToken ct);

    public abstract Task ReleaseMigrationLockAsync(DbConnection connection);

    /// <summary>The statements of one migration script, sent one command each, in its transaction.</summary>
    public virtual IReadOnlyList<string> Batches(string script) => [script];

    /// <summary>The <c>applied_at</c> value of a history row.</summary>
    public virtual object HistoryTimestamp(DateTimeOffset now) => now;

    /// <summary>The upper-cased keys of a connection string.</summary>
    protected static HashSet<string> ConnectionStringKeys(string connectionString) =>
        connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries)
            .Select(part => part.Split('=', 2)[0].Trim().ToUpperInvariant()).ToHashSet();

    /// <summary>
    /// Why <paramref name="connectionString"/> does not parse for a provider, in our words, or null: not key=value pairs,
    /// an unknown keyword (by its position only: it may be part of a password with an unquoted ';'), or a value the
    /// provider refuses (its keyword, one the provider knows, named). Never the
    /// provider's message, which may quote the string and its password, or name .NET types.
    /// </summary>
    internal static string? ConnectionStringProblem(string connectionString, Func<DbConnectionStringBuilder> provider)
    {
        ArgumentNullException.ThrowIfNull(provider);
        var pairs = new DbConnectionStringBuilder();
        try
        {
            pairs.ConnectionString = connectionString;
        }
        catch (ArgumentException)
        {
            return "it is not a list of key=value pairs separated by ';'";
        }

        var position = 0;
        foreach (string key in pairs.Keys)
        {
            position++;
            var builder = provider();
            try
            {
                builder[key] = pairs[key];
            }
            catch (Exception e) when (IsParserFailure(e))
            {
                // an unknown keyword is not shown: it may be the rest of a password with an unquoted ';' (found by an
                // independent edge probe: Password=S3cr;etPart=… was echoed as "unknown keyword 'etpart'")
                return builder.ContainsKey(key) ? $"the value of '{key}' is not one it accepts"
                    : $"unknown keyword in key=value pair {position}, not shown as it may be part of a value: a value that holds ';' must be quoted, e.g. Password=\"a;b\"";
            }
        }

        try
        {
            // the provider's own parser reads some strings otherwise than the generic one: '===' is one key '=' with no
            // value there, which Npgsql refuses with a KeyNotFoundException (found by an independent edge probe)
            provider().ConnectionString = connectionString;
        }
        catch (Exception e) when (IsParserFailure(e))
        {
            return "it is not a list of key=value pairs separated by ';'";
        }

        return null;
    }

    private static bool IsParserFailure(Exception e) =>
        e is ArgumentException or FormatException or KeyNotFoundException or InvalidOperationException or OverflowException or NotSupportedException;

    protected static DateTimeOffset Utc(DateTimeOffset value) => value.ToUniversalTime();

    protected static DateTimeOffset? Utc(DateTimeOffset? value) => value?.ToUniversalTime();

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
