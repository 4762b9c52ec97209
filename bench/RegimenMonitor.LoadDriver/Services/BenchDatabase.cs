using Npgsql;

namespace RegimenMonitor.LoadDriver.Services;

/// <summary>
/// The worker's own fresh PostgreSQL database for one run, and what the driver reads from it: how many events are
/// committed, when each one committed, and the server's statistics for this database.
/// </summary>
internal sealed class BenchDatabase : IAsyncDisposable
{
    private readonly string _adminConnectionString;
    private readonly NpgsqlDataSource _dataSource;

    private BenchDatabase(string adminConnectionString, string name, string connectionString)
    {
        _adminConnectionString = adminConnectionString;
        Name = name;
        ConnectionString = connectionString;
        // the driver's own connections are named, so its polling is kept out of the worker's backend CPU
        _dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = DriverApplicationName, MaxPoolSize = 4 }.ConnectionString);
    }

    private const string DriverApplicationName = "regimen-load";

    public string Name { get; }

    /// <summary>For the worker (the driver's own connection uses a separate small pool).</summary>
    public string ConnectionString { get; }

    /// <summary>Whether <c>pg_xact_commit_timestamp</c> works (<c>track_commit_timestamp = on</c>).</summary>
    public bool CommitTimestamps { get; private set; }

    /// <summary>Whether pg_stat_statements is loaded and installed in this database.</summary>
    public bool StatementStatistics { get; private set; }

    public string CommitTimeSource => CommitTimestamps ? "pg_xact_commit_timestamp(xmin)" : "processed_events.processed_at";

    /// <summary>Server version; throws <see cref="ServiceUnavailableException"/> with what to do when unreachable.</summary>
    public static async Task<string> ServerVersionAsync(string adminConnectionString, CancellationToken ct)
    {
        try
        {
            await using var connection = new NpgsqlConnection(adminConnectionString);
            await connection.OpenAsync(ct);
            await using var command = new NpgsqlCommand("SHOW server_version", connection);
            return (string)(await command.ExecuteScalarAsync(ct))!;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or ArgumentException && !ct.IsCancellationRequested)
        {
            throw new ServiceUnavailableException(
                $"cannot connect to PostgreSQL with '{Redacted(adminConnectionString)}' ({ex.Message}). Start the services with `bash scripts/services.sh` "
                + "or pass --postgres with a role that may create databases.", ex);
        }
    }

    /// <summary>
    /// A fresh database for the run. <paramref name="randomPageCost"/> (opt-in, <c>--random-page-cost</c>) sets the
    /// planner's random_page_cost on it; by default it keeps the server's setting, as a new deployment would.
    /// </summary>
    public static async Task<BenchDatabase> CreateAsync(string adminConnectionString, string name, double? randomPageCost, CancellationToken ct)
    {
        await using (var admin = new NpgsqlConnection(adminConnectionString))
        {
            await admin.OpenAsync(ct);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", admin);
            await create.ExecuteNonQueryAsync(ct);
            if (randomPageCost is { } cost)
            {
                await using var tune = new NpgsqlCommand($"ALTER DATABASE {name} SET random_page_cost = {cost.ToString(System.Globalization.CultureInfo.InvariantCulture)}", admin);
                await tune.ExecuteNonQueryAsync(ct);
            }
        }

        var builder = new NpgsqlConnectionStringBuilder(adminConnectionString) { Database = name };
        var database = new BenchDatabase(adminConnectionString, name, builder.ConnectionString);
        await database.ProbeAsync(ct);
        return database;
    }

    private async Task ProbeAsync(CancellationToken ct)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(ct);
        await using (var command = new NpgsqlCommand("SHOW track_commit_timestamp", connection))
        {
            CommitTimestamps = (string?)await command.ExecuteScalarAsync(ct) == "on";
        }

        await using (var command = new NpgsqlCommand("SHOW shared_preload_libraries", connection))
        {
            if (((string?)await command.ExecuteScalarAsync(ct) ?? string.Empty).Contains("pg_stat_statements", StringComparison.Ordinal))
            {
                await using var create = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", connection);
                await create.ExecuteNonQueryAsync(ct);
                StatementStatistics = true;
            }
        }
    }

    /// <summary>Planner statistics for every table of the worker's database (opt-in <c>--analyze</c>: after the warm-up).</summary>
    public async Task AnalyzeAsync(CancellationToken ct)
    {
        await using var command = _dataSource.CreateCommand("ANALYZE");
        command.CommandTimeout = 300;
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>Rows in processed_events (0 before the worker has created the table).</summary>
    public async Task<long> CountProcessedAsync(CancellationToken ct)
    {
        await using var command = _dataSource.CreateCommand("SELECT CASE WHEN to_regclass('processed_events') IS NULL THEN 0 ELSE (SELECT count(*) FROM processed_events) END");
        return (long)(await command.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Commit time of every processed event (commit timestamp when tracked, otherwise processed_at).</summary>
    public async Task<Dictionary<Guid, DateTime>> CommitTimesAsync(CancellationToken ct)
    {
        var sql = CommitTimestamps
            ? "SELECT event_id, coalesce(pg_xact_commit_timestamp(xmin), processed_at) FROM processed_events"
            : "SELECT event_id, processed_at FROM processed_events";
        await using var command = _dataSource.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var times = new Dictionary<Guid, DateTime>();
        while (await reader.ReadAsync(ct))
        {
            times[reader.GetGuid(0)] = reader.GetDateTime(1);
        }

        return times;
    }

    /// <summary>This database's counters from pg_stat_database (cumulative).</summary>
    public async Task<DatabaseCounters> CountersAsync(CancellationToken ct)
    {
        await using var command = _dataSource.CreateCommand(
            "SELECT xact_commit, xact_rollback, tup_returned, tup_fetched, tup_inserted, tup_updated, tup_deleted, blks_read, blks_hit, "
            + "coalesce(deadlocks, 0) FROM pg_stat_database WHERE datname = current_database()");
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new DatabaseCounters(reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4),
            reader.GetInt64(5), reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9));
    }

    /// <summary>Process ids of the server backends serving the worker in this database (not the driver's own).</summary>
    public async Task<IReadOnlyList<int>> BackendPidsAsync(CancellationToken ct)
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name <> '{DriverApplicationName}'");
        await using var reader = await command.ExecuteReaderAsync(ct);
        var pids = new List<int>();
        while (await reader.ReadAsync(ct))
        {
            pids.Add(reader.GetInt32(0));
        }

        return pids;
    }

    /// <summary>
    /// A query of the worker's statements waiting for the write-ahead log to reach the disk, prepared on a connection of
    /// its own: the sampler runs it 40 times a second, and unprepared its planning alone took the server about 0.7 ms
    /// each time. <c>LWLock:WALWrite</c> is a backend waiting while another one flushes for it (<c>WALWriteLock</c>
    /// before PostgreSQL 13).
    /// </summary>
    public async Task<WalFlushProbe> OpenWalFlushProbeAsync(CancellationToken ct)
    {
        var connection = await _dataSource.OpenConnectionAsync(ct);
        try
        {
            var command = new NpgsqlCommand(
                "SELECT pid, query_start, extract(epoch FROM clock_timestamp() - query_start)::float8 * 1000 FROM pg_stat_activity "
                + "WHERE datname = current_database() AND application_name <> $1 AND state = 'active' AND query_start IS NOT NULL "
                + "AND ((wait_event_type = 'IO' AND wait_event IN ('WALSync', 'WALWrite')) OR (wait_event_type = 'LWLock' AND wait_event IN ('WALWrite', 'WALWriteLock')))",
                connection)
            {
                Parameters = { new NpgsqlParameter<string> { TypedValue = DriverApplicationName } },
            };
            await command.PrepareAsync(ct);
            return new WalFlushProbe(connection, command);
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>See <see cref="OpenWalFlushProbeAsync"/>.</summary>
    internal sealed class WalFlushProbe(NpgsqlConnection connection, NpgsqlCommand command) : IAsyncDisposable
    {
        /// <summary>Backend, statement start (UTC ticks) and how long the statement has run (ms), of each waiting now.</summary>
        public async Task<List<(int Pid, long StatementStartTicks, double RunningMs)>> ReadAsync(CancellationToken ct)
        {
            await using var reader = await command.ExecuteReaderAsync(ct);
            var waiters = new List<(int, long, double)>();
            while (await reader.ReadAsync(ct))
            {
                waiters.Add((reader.GetInt32(0), reader.GetFieldValue<DateTime>(1).ToUniversalTime().Ticks, reader.GetDouble(2)));
            }

            return waiters;
        }

        public async ValueTask DisposeAsync()
        {
            await command.DisposeAsync();
            await connection.DisposeAsync();
        }
    }

    /// <summary>Clears pg_stat_statements for this database only.</summary>
    public async Task ResetStatementsAsync(CancellationToken ct)
    {
        if (!StatementStatistics)
        {
            return;
        }

        await using var command = _dataSource.CreateCommand(
            "SELECT pg_stat_statements_reset(0, (SELECT oid FROM pg_database WHERE datname = current_database()), 0)");
        await command.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The statements the worker ran in this database since the last reset, most called first.</summary>
    public async Task<IReadOnlyList<StatementStatistics>> StatementsAsync(int limit, CancellationToken ct)
    {
        if (!StatementStatistics)
        {
            return [];
        }

        await using var command = _dataSource.CreateCommand(
            "SELECT calls, total_exec_time, rows, query FROM pg_stat_statements "
            + "WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) "
            + "AND query NOT LIKE '%pg_stat%' AND query NOT LIKE '%processed_events) END%' AND query NOT LIKE '%pg_xact_commit_timestamp%' "
            + "ORDER BY calls DESC, total_exec_time DESC LIMIT $1");
        command.Parameters.AddWithValue(limit);
        await using var reader = await command.ExecuteReaderAsync(ct);
        var statements = new List<StatementStatistics>();
        while (await reader.ReadAsync(ct))
        {
            var query = reader.GetString(3).ReplaceLineEndings(" ");
            statements.Add(new StatementStatistics(reader.GetInt64(0), reader.GetDouble(1), reader.GetInt64(2), query.Length > 300 ? query[..300] + "…" : query));
        }

        return statements;
    }

    public async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();

    /// <summary>Drops the database (and the worker's remaining connections to it).</summary>
    public async Task DropAsync()
    {
        await _dataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_adminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }

    public static string Redacted(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            if (!string.IsNullOrEmpty(builder.Password))
            {
                builder.Password = "***";
            }

            return builder.ConnectionString;
        }
        catch (ArgumentException)
        {
            return "(unparseable connection string)";
        }
    }
}

/// <summary>Cumulative pg_stat_database counters of one database.</summary>
internal sealed record DatabaseCounters(
    long Commits, long Rollbacks, long TuplesReturned, long TuplesFetched, long TuplesInserted, long TuplesUpdated, long TuplesDeleted,
    long BlocksRead, long BlocksHit, long Deadlocks)
{
    public DatabaseCounters Minus(DatabaseCounters before)
    {
        ArgumentNullException.ThrowIfNull(before);
        return new(Commits - before.Commits, Rollbacks - before.Rollbacks, TuplesReturned - before.TuplesReturned, TuplesFetched - before.TuplesFetched,
            TuplesInserted - before.TuplesInserted, TuplesUpdated - before.TuplesUpdated, TuplesDeleted - before.TuplesDeleted,
            BlocksRead - before.BlocksRead, BlocksHit - before.BlocksHit, Deadlocks - before.Deadlocks);
    }
}

/// <summary>One normalised statement from pg_stat_statements.</summary>
internal sealed record StatementStatistics(long Calls, double TotalMilliseconds, long Rows, string Query);
