using System.Data.Common;
using System.Net.Sockets;
using System.Text;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Quartz;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Infrastructure.Database.Dialects;

/// <summary>
/// SQL Server (2016 or later): the outbox claim reads with <c>UPDLOCK, READPAST, ROWLOCK</c> (rows another dispatcher
/// holds are skipped, the claimed ones stay locked until the transaction ends), migrations run under a session-level
/// application lock (<c>sp_getapplock</c>), scripts are cut into batches at lines reading <c>GO</c> (as sqlcmd does),
/// Quartz uses its clustered store on SQL Server's schema. The group commit (SqlServerDialect.Writes.cs) writes the
/// version bumps, inbox rows and items as set-based statements over JSON arrays (<c>OPENJSON</c>) in one command.
/// </summary>
internal sealed partial class SqlServerDialect : DatabaseDialect
{
    public static readonly SqlServerDialect Instance = new();

    internal const string MigrationLockResource = "regimen-monitor-migrations";

    public override DatabaseProvider Provider => DatabaseProvider.SqlServer;

    public override string MigrationsFolder => "sqlserver";

    public override string CreateHistoryTableSql => """
        IF OBJECT_ID(N'schema_migrations', N'U') IS NULL
            CREATE TABLE schema_migrations (version nvarchar(128) NOT NULL PRIMARY KEY, applied_at datetimeoffset NOT NULL)
        """;

    public override bool Runs(DatabaseFacade database) => database.IsSqlServer();

    public override string Describe(string connectionString)
    {
        var builder = new SqlConnectionStringBuilder(connectionString);
        return $"SQL Server at {builder.DataSource}, database '{builder.InitialCatalog}'";
    }

    public override async Task<bool> ProbeAsync(string connectionString, bool requireSchema, TextWriter progress, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connectionString);
        ArgumentNullException.ThrowIfNull(progress);
        var builder = new SqlConnectionStringBuilder(connectionString);
        if (!connectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.ConnectTimeout = (int)timeout.TotalSeconds;
        }

        await progress.WriteLineAsync($"connecting to SQL Server at {builder.DataSource}, database '{builder.InitialCatalog}' (up to {builder.ConnectTimeout} s) ...");
        await using var connection = await OpenStoppableAsync(new SqlConnection(builder.ConnectionString), ct);
        if (!requireSchema)
        {
            return true;
        }

        await using var command = new SqlCommand("SELECT CASE WHEN OBJECT_ID(N'schema_migrations', N'U') IS NULL THEN 0 ELSE 1 END", connection);
        return Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    public override DatabaseFailure? ExplainFailure(IReadOnlyList<Exception> chain, DatabaseOptions? database) =>
        chain.OfType<SqlException>().FirstOrDefault() is { } sql ? SqlServer(sql, chain, database) : null;

    // 3906: the database is read-only; 976, 978, 983: an availability group replica that is not (or not yet) the
    // primary, as in a failover (PostgreSQL's 25006, RejectionLogDemotion.PostgresReadOnly)
    private static readonly int[] ReadOnlyNumbers = [3906, 976, 978, 983];

    // unreachable or timed out (-2, 2, 40, 53, 233, 10053, 10054, 10060, 10061, 11001), login refused (18456), the
    // database missing or not open to the login (4060), offline or starting (942, 952, 40613), busy (40197, 40501,
    // 49918-49920), being shut down (6005), and read-only (above; declared first, as static fields initialise in order)
    private static readonly int[] OutageNumbers = [-2, 2, 40, 53, 233, 10053, 10054, 10060, 10061, 11001, 18456, 4060, 942, 952, 40613, 40197, 40501, 49918, 49919, 49920, 6005, .. ReadOnlyNumbers];

    public override string ReadinessQuery => "SELECT CASE WHEN CAST(DATABASEPROPERTYEX(DB_NAME(), 'Updateability') AS nvarchar(128)) = N'READ_ONLY' THEN 1 ELSE 0 END";

    public override string ServerClockQuery => "SELECT SYSUTCDATETIME()";

    public override bool IsOutage(Exception exception) =>
        base.IsOutage(exception)
        || NetworkErrors.Chain(exception).Any(e => e is SqlException sql && OutageNumbers.Contains(sql.Number));

    // a refused login (18456) or a database that cannot be opened (4060): outages to a running worker, not to one starting
    public override bool IsWorthWaitingFor(Exception exception) =>
        IsOutage(exception) && !NetworkErrors.Chain(exception).Any(e => e is SqlException { Number: 18456 or 4060 });

    public override bool IsReadOnly(Exception exception) =>
        NetworkErrors.Chain(exception).Any(e => e is SqlException sql && ReadOnlyNumbers.Contains(sql.Number));

    // 2627 (a primary key or unique constraint) or 2601 (a unique index) on processed_events, whose only unique key is
    // its primary key: "… Cannot insert duplicate key in object 'dbo.processed_events'. …"
    public override bool IsInboxKeyConflict(Exception exception) =>
        NetworkErrors.Chain(exception).Any(e => e is SqlException { Number: 2627 or 2601 } sql
            && sql.Message.Contains(".processed_events'", StringComparison.OrdinalIgnoreCase));

    public override void ClearPool(DbConnection connection) => SqlConnection.ClearPool((SqlConnection)connection);

    public override void ClearAllPools() => SqlConnection.ClearAllPools();

    private static DatabaseFailure SqlServer(SqlException sql, IReadOnlyList<Exception> chain, DatabaseOptions? database)
    {
        var target = database is null ? "the configured server" : For(database.Provider).Describe(database.EffectiveConnectionString);
        if (chain.OfType<SocketException>().FirstOrDefault() is { } socket)
        {
            // on Linux a failed connect is error 0 or 35 with the socket error inside; SqlClient's parallel connect
            // reports a refused port as "Success", which says nothing
            var network = socket.SocketErrorCode == SocketError.Success
                ? "no connection could be made (the port refused it or nothing answered)"
                : NetworkErrors.Describe(chain);
            return new DatabaseFailure($"cannot reach {target}: {network}.", ReachFix);
        }

        return sql.Number switch
        {
            18456 => new DatabaseFailure($"{target} refused the login (wrong user name or password, or the login is disabled).",
                "check User Id and Password in ConnectionStrings__Database."),
            4060 => new DatabaseFailure($"{target}: the database does not exist or the login may not open it.",
                "create the database (CREATE DATABASE regimen) and grant the login access, or correct Database= in ConnectionStrings__Database."),
            208 => DatabaseFailure.NoSchema,
            -2 or 53 or 2 or 40 or 10060 or 10061 or 11001 => new DatabaseFailure($"cannot reach {target}: {sql.Message.Split('\n')[0].Trim()}", ReachFix),
            _ => new DatabaseFailure($"{target} reported error {sql.Number}: {DatabaseErrorRedaction.Redact(sql.Message.Split('\n')[0].Trim())}",
                "run again with --verbose for the details."),
        };
    }

    private const string ReachFix =
        "check Server (host,port; SQL Server's default port is 1433) in ConnectionStrings__Database and that the server accepts TCP connections from here.";

    public override IEnumerable<string> ConnectionStringFailures(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ConnectionFailures(options.ConnectionString);
    }

    /// <summary>What is wrong with a SQL Server connection string, naming the key and never echoing a value.</summary>
    internal static IEnumerable<string> ConnectionFailures(string? connectionString)
    {
        const string Example = "'Server=db,1433;Database=regimen;User Id=regimen;Password=...;TrustServerCertificate=true'";
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            yield return $"Database:Provider is SqlServer but ConnectionStrings:Database is empty; set ConnectionStrings__Database to e.g. {Example}.";
            yield break;
        }

        // the provider's own message may quote the string (and its password): only the keyword is named
        var problem = ConnectionStringProblem(connectionString, () => new SqlConnectionStringBuilder());
        var builder = problem is null ? new SqlConnectionStringBuilder(connectionString) : null;
        if (problem is not null)
        {
            yield return $"ConnectionStrings:Database is not a valid SQL Server connection string ({problem}); expected e.g. {Example}.";
        }
        else if (string.IsNullOrWhiteSpace(builder!.DataSource))
        {
            yield return $"ConnectionStrings:Database has no Server (Data Source) for SQL Server; expected e.g. {Example}.";
        }
        else if (string.IsNullOrWhiteSpace(builder.InitialCatalog))
        {
            yield return $"ConnectionStrings:Database has no Database (Initial Catalog) for SQL Server: the worker does not write to the login's default database; expected e.g. {Example}.";
        }
    }

    public override void UseProvider(DbContextOptionsBuilder options, string connectionString) => options.UseSqlServer(connectionString);

    public override IQueryable<OutboxMessage> ClaimQuery(RegimenDbContext db, DateTimeOffset now, int batchSize)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Outbox.FromSql($"""
            SELECT TOP ({batchSize}) * FROM alert_outbox WITH (UPDLOCK, READPAST, ROWLOCK)
            WHERE dispatched_at IS NULL AND (next_attempt_at IS NULL OR next_attempt_at <= {now})
            ORDER BY created_at, id
            """);
    }

    public override void UseSchedulerStore(IPersistentStoreBuilder store, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(store);
        store.UseSqlServer(SqlClientFactory.Instance, connectionString);
    }

    public override DbConnection CreateConnection(string connectionString) => new SqlConnection(connectionString);

    public override async Task AcquireMigrationLockAsync(DbConnection connection, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using var command = connection.CreateCommand();
        command.CommandText = $"""
            DECLARE @result int;
            EXEC @result = sp_getapplock @Resource = N'{MigrationLockResource}', @LockMode = N'Exclusive', @LockOwner = N'Session', @LockTimeout = -1;
            SELECT @result;
            """;
        command.CommandTimeout = 0; // another replica's migration may take a while
        var result = Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture);
        if (result < 0)
        {
            throw new InvalidOperationException($"sp_getapplock for the migration lock returned {result}");
        }
    }

    public override Task ReleaseMigrationLockAsync(DbConnection connection) =>
        ExecuteAsync(connection, $"EXEC sp_releaseapplock @Resource = N'{MigrationLockResource}', @LockOwner = N'Session'", CancellationToken.None);

    /// <summary>Cuts a script at lines reading <c>GO</c> (any case, surrounding blanks allowed); empty batches are dropped.</summary>
    public override IReadOnlyList<string> Batches(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var batches = new List<string>();
        var current = new StringBuilder();
        foreach (var line in script.Split('\n'))
        {
            if (string.Equals(line.Trim(), "GO", StringComparison.OrdinalIgnoreCase))
            {
                Add(batches, current);
                continue;
            }

            current.Append(line).Append('\n');
        }

        Add(batches, current);
        return batches;
    }

    private static void Add(List<string> batches, StringBuilder current)
    {
        var text = current.ToString().Trim();
        current.Clear();
        // a batch of comments only has nothing to run
        if (text.Split('\n').Any(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("--", StringComparison.Ordinal)))
        {
            batches.Add(text);
        }
    }
}
