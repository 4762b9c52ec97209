using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Npgsql;
using Quartz;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Observability;
using RegimenMonitor.Worker.Infrastructure.Runtime;

namespace RegimenMonitor.Worker.Infrastructure.Database.Dialects;

/// <summary>
/// PostgreSQL: set-based group-commit writes (<c>unnest</c>, PostgreSqlDialect.Writes.cs), reads by per-key index probes,
/// <c>FOR UPDATE SKIP LOCKED</c> outbox claim, a session advisory lock around migrations, Quartz's clustered store.
/// </summary>
/// <remarks>
/// The group's reads (<see cref="GroupReads"/>) are each one statement of per-key index probes whose plan does not
/// depend on planner statistics: <c>unnest(@keys) CROSS JOIN LATERAL (SELECT … WHERE key = k OFFSET 0)</c>. The
/// <c>OFFSET 0</c> keeps the subquery from being flattened into a join, so the planner can only run it once per key, and
/// for one key on an indexed column an index probe is cheaper than a scan of the table at any size past a few pages,
/// with or without statistics. The join shape it replaces (<c>patients … LEFT JOIN regimen_items ON patient_id</c>,
/// <c>patient_id = ANY(@ids)</c>) was planned as a sequential scan on a fresh database: without statistics PostgreSQL
/// assumes 200 distinct values per column, so a patient "has" 0.5 % of all items and 256 patients "have" all of them
/// (docs/performance.md).
/// </remarks>
internal sealed partial class PostgreSqlDialect : DatabaseDialect
{
    public static readonly PostgreSqlDialect Instance = new();

    private const long AdvisoryLockKey = 0x52_4D_4D_49_47; // "RMMIG"

    // 2000-01-01T00:00:00Z, PostgreSQL's epoch for timestamps, in .NET ticks
    private const long PostgresEpochTicks = 630_822_816_000_000_000;

    public override DatabaseProvider Provider => DatabaseProvider.PostgreSql;

    public override string MigrationsFolder => "postgresql";

    public override string CreateHistoryTableSql =>
        "CREATE TABLE IF NOT EXISTS schema_migrations (version varchar(128) PRIMARY KEY, applied_at timestamptz NOT NULL)";

    public override bool Runs(DatabaseFacade database) => database.IsNpgsql();

    // SQLSTATE class 22 (data exception): 22021 a character not in the encoding such as NUL, 22001 too long, 22003 out
    // of range, 22P05 untranslatable
    public override string? RefusedValue(Exception exception)
    {
        if (exception is PostgresException { SqlState: ['2', '2', _, _, _] state } postgres)
        {
            var column = string.IsNullOrEmpty(postgres.ColumnName) ? "a field" : $"column {postgres.ColumnName}";
            return $"{column} holds a value the database cannot store (SQLSTATE {state}; text must be UTF-8 without NUL or control characters, numbers within range)";
        }

        return null;
    }

    public override string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"PostgreSQL at {builder.Host}:{builder.Port}, database '{builder.Database}'";
    }

    public override async Task<bool> ProbeAsync(string connectionString, bool requireSchema, TextWriter progress, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(progress);
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.Timeout = (int)timeout.TotalSeconds;
        }

        // Npgsql takes Timeout=0 as no limit
        var limit = builder.Timeout == 0 ? "no time limit: Timeout=0" : $"up to {builder.Timeout} s";
        await progress.WriteLineAsync($"connecting to PostgreSQL at {builder.Host}:{builder.Port}, database '{builder.Database}' ({limit}) ...");
        await using var connection = await OpenStoppableAsync(new NpgsqlConnection(builder.ConnectionString), ct);
        if (!requireSchema)
        {
            return true;
        }

        await using var command = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", connection);
        return await command.ExecuteScalarAsync(ct) is true;
    }

    // besides the server's outage classes (RejectionLogDemotion.PostgresOutageClasses, in the base), a connection that
    // failed without a server's answer
    public override bool IsOutage(Exception exception) =>
        base.IsOutage(exception)
        || Observability.NetworkErrors.Chain(exception).Any(e => e is NpgsqlException and not PostgresException);

    // a refused login (class 28) or no such database (3D) is an outage to a running worker, not to one starting
    public override bool IsWorthWaitingFor(Exception exception) =>
        IsOutage(exception) && !Observability.NetworkErrors.Chain(exception).Any(e =>
            e is PostgresException { SqlState: var state } && (state.StartsWith("28", StringComparison.Ordinal) || state.StartsWith("3D", StringComparison.Ordinal)));

    // a hot standby and a database set default_transaction_read_only both start read-only transactions
    public override string ReadinessQuery => "SELECT CASE WHEN current_setting('transaction_read_only') = 'on' THEN 1 ELSE 0 END";

    public override string ServerClockQuery => "SELECT clock_timestamp()";

    public override bool IsReadOnly(Exception exception) =>
        Observability.NetworkErrors.Chain(exception).Any(e => e is PostgresException { SqlState: Observability.RejectionLogDemotion.PostgresReadOnly });

    // not a cancellation of the worker's own (a token, Npgsql's command timeout: the server reports those as 57014 too,
    // wrapped in an OperationCanceledException or a TimeoutException), which no new session would avoid (a review)
    public override bool IsCancelledBySessionSetting(Exception exception)
    {
        var chain = Observability.NetworkErrors.Chain(exception).ToList();
        return chain.Any(e => e is PostgresException { SqlState: "57014" or "55P03" }) && !chain.Any(e => e is OperationCanceledException or TimeoutException);
    }

    // unique_violation (23505) on the table's primary key (its only unique constraint)
    public override bool IsInboxKeyConflict(Exception exception) =>
        Observability.NetworkErrors.Chain(exception).Any(e => e is PostgresException { SqlState: "23505", TableName: "processed_events" });

    public override void ClearPool(DbConnection connection) => NpgsqlConnection.ClearPool((NpgsqlConnection)connection);

    public override void ClearAllPools() => NpgsqlConnection.ClearAllPools();

    public override DatabaseFailure? ExplainFailure(IReadOnlyList<Exception> chain, DatabaseOptions? database)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (chain.OfType<PostgresException>().FirstOrDefault() is { } postgres)
        {
            return Postgres(postgres, database);
        }

        if (chain.OfType<NpgsqlException>().FirstOrDefault() is { } npgsql)
        {
            var target = PostgresTarget(database);
            if (chain.Any(e => e.Message.Contains("unknown response", StringComparison.OrdinalIgnoreCase)
                || e.Message.Contains("unknown message code", StringComparison.OrdinalIgnoreCase)))
            {
                // something else listens there (found by an edge probe: the driver's raw protocol text for RabbitMQ's port)
                return new DatabaseFailure($"the server at {target} answered, but not as PostgreSQL (another service on that port, such as RabbitMQ on 5672?).",
                    "check Host and Port in ConnectionStrings__Database (PostgreSQL's default port is 5432).");
            }

            var network = NetworkErrors.Describe(chain)
                          ?? (chain.Any(e => e is TimeoutException) || npgsql.Message.Contains("timeout", StringComparison.OrdinalIgnoreCase) ? "no answer within the connection timeout" : npgsql.Message);
            return new DatabaseFailure($"cannot reach PostgreSQL at {target}: {network}.",
                "check Host and Port in ConnectionStrings__Database (PostgreSQL's default port is 5432) and that the server is running and accepts TCP connections from here.");
        }

        return null;
    }

    private static DatabaseFailure Postgres(PostgresException postgres, DatabaseOptions? database)
    {
        var builder = Builder(database);
        var target = PostgresTarget(database);
        return postgres.SqlState switch
        {
            "28P01" or "28000" => new DatabaseFailure($"PostgreSQL at {target} refused the login of user '{builder?.Username}' (wrong user name or password, or pg_hba.conf does not allow it).",
                "check Username and Password in ConnectionStrings__Database."),
            "3D000" => new DatabaseFailure(builder is null ? "the configured PostgreSQL server has no such database." : $"PostgreSQL at {builder.Host}:{builder.Port} has no database '{builder.Database}'.",
                $"create it (`createdb -O {ShellWords.Quote(builder?.Username)} {ShellWords.Operand(builder?.Database)}`) or correct Database= in ConnectionStrings__Database."),
            "42P01" => DatabaseFailure.NoSchema,
            "42501" => new DatabaseFailure($"user '{builder?.Username}' lacks a privilege on the database at {target}: {postgres.MessageText}",
                "grant the user ownership of the database (the worker creates its tables), or run `migrate` as the owner."),
            "53300" or "57P03" => new DatabaseFailure($"PostgreSQL at {target} is not accepting connections now: {postgres.MessageText}",
                "wait for it to finish starting, or raise max_connections / lower the number of replicas."),
            _ => new DatabaseFailure($"PostgreSQL at {target} reported: {DatabaseErrorRedaction.Redact(postgres.MessageText)} (SQLSTATE {postgres.SqlState}).",
                "run again with --verbose for the details."),
        };
    }

    private static NpgsqlConnectionStringBuilder? Builder(DatabaseOptions? database)
    {
        if (database is null || database.Provider != DatabaseProvider.PostgreSql)
        {
            return null;
        }

        try
        {
            return new NpgsqlConnectionStringBuilder(database.EffectiveConnectionString);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static string PostgresTarget(DatabaseOptions? database) =>
        Builder(database) is { } b ? $"{b.Host}:{b.Port} (database '{b.Database}')" : "the configured server";


    public override IEnumerable<string> ConnectionStringFailures(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return ["Database:Provider is PostgreSql but ConnectionStrings:Database is empty; set ConnectionStrings__Database to e.g. 'Host=db;Username=regimen;Password=...;Database=regimen'."];
        }

        var connectionString = options.EffectiveConnectionString;
        var keys = ConnectionStringKeys(connectionString);
        if ((keys.Contains("DATA SOURCE") || keys.Contains("FILENAME")) && !keys.Contains("HOST") && !keys.Contains("SERVER"))
        {
            return ["ConnectionStrings:Database is a SQLite connection string (Data Source=...) but Database:Provider is PostgreSql; set Database__Provider=Sqlite, or give a PostgreSQL connection string such as 'Host=db;Username=regimen;Password=...;Database=regimen'."];
        }

        if (ConnectionStringProblem(connectionString, () => new NpgsqlConnectionStringBuilder()) is { } problem)
        {
            return [$"ConnectionStrings:Database is not a valid PostgreSQL connection string ({problem}); use the form 'Host=db;Port=5432;Username=regimen;Password=...;Database=regimen'."];
        }

        // the builder takes any whole number as a port and no host at all; Npgsql refuses both only when it connects,
        // with .NET's "(Parameter 'port')", "(Parameter 'Host')"
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.Host))
        {
            return ["ConnectionStrings:Database has no Host for PostgreSQL; use the form 'Host=db;Port=5432;Username=regimen;Password=...;Database=regimen'."];
        }

        if (builder.Port is < 1 or > 65535 || HostPorts(builder.Host).Any(p => p is < 1 or > 65535))
        {
            return ["ConnectionStrings:Database is not a valid PostgreSQL connection string (the value of 'port' is not one it accepts: a port is 1 to 65535); use the form 'Host=db;Port=5432;Username=regimen;Password=...;Database=regimen'."];
        }

        // "Database=" left empty: the server answered "no database ''" (exit 1, a runtime failure a supervisor restarts)
        // and the fix offered `createdb -O user ` without a name (found by an independent edge probe)
        // the keys outside quoted values (a quoted password may hold "db=…"; a review)
        var unquoted = ConnectionStringKeys(QuotedValue().Replace(connectionString, "\"\""));
        if ((unquoted.Contains("DATABASE") || unquoted.Contains("DB")) && string.IsNullOrWhiteSpace(builder.Database))
        {
            return ["ConnectionStrings:Database has an empty Database= for PostgreSQL; give the database's name, e.g. 'Host=db;Port=5432;Username=regimen;Password=...;Database=regimen'."];
        }

        if (builder.IncludeErrorDetail)
        {
            // PostgreSQL's error details quote row values, and Npgsql then puts them in exception messages, in its
            // trace events and so in logs: patient ids and product texts would leave the database
            return ["ConnectionStrings:Database sets Include Error Detail: PostgreSQL's error details quote row values (patient ids, product texts), which would reach the logs and traces; remove it (RegimenMonitor keeps patient data out of telemetry)."];
        }

        return [];
    }

    // the ports written into Host (Host=db:5433 or db1:5433,db2:5434; an IPv6 address in brackets: [::1]:5433)
    private static IEnumerable<long> HostPorts(string hosts)
    {
        foreach (var host in hosts.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var colon = host.LastIndexOf(':');
            var address = colon > 0 ? host[..colon] : "";
            if (colon > 0 && (!address.Contains(':', StringComparison.Ordinal) || address.EndsWith(']'))
                && long.TryParse(host[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port))
            {
                yield return port;
            }
        }
    }

    public override void UseProvider(DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(TunedForWorker(connectionString));

    public override IQueryable<ProcessedEvent> ProcessedEventsQuery(RegimenDbContext db, Guid[] eventIds)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.ProcessedEvents.FromSql($"""
            SELECT e.* FROM unnest({eventIds}) AS k(id)
            CROSS JOIN LATERAL (SELECT * FROM processed_events WHERE event_id = k.id OFFSET 0) AS e
            """);
    }

    public override IQueryable<PatientRecord> PatientsQuery(RegimenDbContext db, string[] patientRefs)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Patients.FromSql($"""
            SELECT p.* FROM unnest({patientRefs}) AS k(ref)
            CROSS JOIN LATERAL (SELECT * FROM patients WHERE patient_ref = k.ref OFFSET 0) AS p
            """);
    }

    public override bool TellsHowRowsReadBack => true;

    /// <summary>
    /// The item as read back: <c>timestamptz</c> holds microseconds from 2000-01-01 UTC — Npgsql writes the UTC ticks
    /// from that epoch divided by ten, truncated toward zero, and reads UTC back — and text as written. Null for the
    /// instants Npgsql writes as infinity (the least and greatest <see cref="DateTimeOffset"/>). A test holds this to
    /// what a real server returns (LiveItemCacheDatabaseTests).
    /// </summary>
    public override RegimenItemRecord? AsStored(RegimenItemRecord item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (Infinite(item.StartedAt) || Infinite(item.EffectiveAt) || Infinite(item.UpdatedAt) || (item.StoppedAt is { } stopped && Infinite(stopped)))
        {
            return null;
        }

        var copy = item.Copy();
        copy.StartedAt = Stored(item.StartedAt);
        copy.StoppedAt = item.StoppedAt is { } stoppedAt ? Stored(stoppedAt) : null;
        copy.EffectiveAt = Stored(item.EffectiveAt);
        copy.UpdatedAt = Stored(item.UpdatedAt);
        return copy;

        static bool Infinite(DateTimeOffset value) => value.UtcTicks == DateTime.MinValue.Ticks || value.UtcTicks == DateTime.MaxValue.Ticks;

        static DateTimeOffset Stored(DateTimeOffset value)
        {
            var fromEpoch = value.UtcTicks - PostgresEpochTicks;
            return new DateTimeOffset(value.UtcTicks - (fromEpoch % 10), TimeSpan.Zero);
        }
    }

    public override IQueryable<RegimenItemRecord> ItemsQuery(RegimenDbContext db, long[] patientIds)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.RegimenItems.FromSql($"""
            SELECT i.* FROM unnest({patientIds}) AS k(id)
            CROSS JOIN LATERAL (SELECT * FROM regimen_items WHERE patient_id = k.id OFFSET 0) AS i
            """);
    }

    public override IQueryable<RegimenItemRecord> LiveItemsQuery(RegimenDbContext db, long[] patientIds, long[] after, long[] kept)
    {
        ArgumentNullException.ThrowIfNull(db);
        // exactly the live items: per patient a range of the index (patient_id, id) (migration 0007), and the kept ones
        // by primary key
        return db.RegimenItems.FromSql($"""
            SELECT i.* FROM unnest({patientIds}, {after}) AS k(id, after)
            CROSS JOIN LATERAL (SELECT * FROM regimen_items WHERE patient_id = k.id AND id > k.after OFFSET 0) AS i
            UNION ALL
            SELECT i.* FROM unnest({kept}) AS k(id)
            CROSS JOIN LATERAL (SELECT * FROM regimen_items WHERE id = k.id OFFSET 0) AS i
            """);
    }

    public override IQueryable<RegimenItemRecord> ItemsByKeyQuery(RegimenDbContext db, long[] patientIds, string[] kinds, string[] itemKeys)
    {
        ArgumentNullException.ThrowIfNull(db);
        // one probe of the unique index (patient_id, kind, item_key) per key
        return db.RegimenItems.FromSql($"""
            SELECT i.* FROM unnest({patientIds}, {kinds}, {itemKeys}) AS k(patient_id, kind, item_key)
            CROSS JOIN LATERAL (SELECT * FROM regimen_items r
                WHERE r.patient_id = k.patient_id AND r.kind = k.kind AND r.item_key = k.item_key OFFSET 0) AS i
            """);
    }

    public override IQueryable<RegimenItemRecord> IngredientItemsQuery(RegimenDbContext db, long[] patientIds, string[] kinds, string[] ingredients)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(ingredients);
        // per triple, the patient's items of that kind through the unique index (patient_id, kind, item_key); only the
        // ones naming the ingredient are returned (LIKE with its wildcards escaped)
        string[] patterns = [.. ingredients.Select(i => "%," + i.Replace(@"\", @"\\", StringComparison.Ordinal)
            .Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal) + ",%")];
        return db.RegimenItems.FromSql($"""
            SELECT i.* FROM unnest({patientIds}, {kinds}, {patterns}) AS k(patient_id, kind, pattern)
            CROSS JOIN LATERAL (SELECT * FROM regimen_items r
                WHERE r.patient_id = k.patient_id AND r.kind = k.kind AND ',' || r.ingredients || ',' LIKE k.pattern OFFSET 0) AS i
            """);
    }

    public override IQueryable<FindingRecord> FindingsQuery(RegimenDbContext db, long[] patientIds, string[] states)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Findings.FromSql($"""
            SELECT f.* FROM unnest({patientIds}) AS k(id)
            CROSS JOIN LATERAL (SELECT * FROM findings WHERE patient_id = k.id AND state = ANY({states}) OFFSET 0) AS f
            """);
    }

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

    /// <summary>
    /// The PostgreSQL connection string the EF context uses: no <c>DISCARD ALL</c> when a pooled connection is returned
    /// (<c>No Reset On Close=true</c>; the worker leaves no session state behind), unless set explicitly. Automatic
    /// statement preparation (<c>Max Auto Prepare</c>) is left off on purpose. The group's statements now have one text
    /// each, but a prepared statement's generic plan is made once per connection, early, while the tables are small, and
    /// nothing replaces it as they grow until they are analysed: measured, the version-checked patient update then read
    /// every page of <c>patients</c> each time (229 blocks, 2.2–2.5 ms instead of about 80 µs). Custom plans (forced)
    /// avoid that but saved only about 10 % of the database CPU at 1,000 events/s (docs/performance.md, "Prepared
    /// statements measured again"). A deployment can still set it in the connection string.
    /// The same happens to the plans PostgreSQL itself prepares and keeps per session: the foreign-key checks of
    /// <c>regimen_items</c> and <c>findings</c> against <c>patients</c>. Made while <c>patients</c> had a page or two,
    /// their generic plan scanned the whole table for every item inserted, until an autovacuum analyse replaced it
    /// (measured 2026-12-06: the item insert took 74–86 ms a group instead of 4–6 ms, the database 333–341 µs per event
    /// instead of about 60, and the throughput halved, in two runs of four). So the worker's sessions plan every such
    /// statement for its values (<c>plan_cache_mode=force_custom_plan</c>, added to the session's options unless they
    /// set <c>plan_cache_mode</c> themselves). The options are the connection string's <c>Options</c> or, without that
    /// key, the <c>PGOPTIONS</c> environment variable (which Npgsql reads only when the connection string has none, so
    /// it is carried over, not replaced). <c>Options=</c> given empty sends no options at all: PgBouncer 1.20 and later
    /// refuse a startup option naming a setting they do not track, so a deployment behind one sets it on the role
    /// instead (docs/configuration.md, "Databases").
    /// </summary>
    public static string TunedForWorker(string connectionString) =>
        TunedForWorker(connectionString, Environment.GetEnvironmentVariable("PGOPTIONS"));

    /// <summary><see cref="TunedForWorker(string)"/> with the <c>PGOPTIONS</c> value given.</summary>
    internal static string TunedForWorker(string connectionString, string? environmentOptions)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!HasKey(connectionString, "No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        var ownOptions = HasKey(connectionString, "Options");
        var options = ownOptions ? builder.Options : environmentOptions;
        if (ownOptions && string.IsNullOrWhiteSpace(options))
        {
            return builder.ConnectionString; // explicitly none
        }

        if (options?.Contains("plan_cache_mode", StringComparison.OrdinalIgnoreCase) != true)
        {
            builder.Options = string.IsNullOrWhiteSpace(options) ? CustomPlans : options + " " + CustomPlans;
        }

        return builder.ConnectionString;
    }

    /// <summary>The session setting <see cref="TunedForWorker(string)"/> adds.</summary>
    internal const string CustomPlans = "-c plan_cache_mode=force_custom_plan";

    private static bool HasKey(string connectionString, params string[] names) =>
        connectionString.Split(';').Select(part => part.Split('=', 2)[0].Trim())
            .Any(key => names.Any(n => string.Equals(n, key, StringComparison.OrdinalIgnoreCase)));

    // a value in double or single quotes, as connection strings quote a value holding ';' or '='
    [System.Text.RegularExpressions.GeneratedRegex("\"(?:[^\"]|\"\")*\"|'(?:[^']|'')*'")]
    private static partial System.Text.RegularExpressions.Regex QuotedValue();
}
