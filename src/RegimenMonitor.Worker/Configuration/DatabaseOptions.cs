using RegimenMonitor.Worker.Persistence.Dialects;

namespace RegimenMonitor.Worker.Configuration;

/// <summary>Which database keeps the state. Section <c>Database</c>; connection string <c>ConnectionStrings:Database</c>.</summary>
internal sealed class DatabaseOptions
{
    public const string SectionName = "Database";
    public const string DefaultSqliteConnectionString = "Data Source=data/regimen-monitor.db";

    /// <summary><c>Sqlite</c> (default, embedded), <c>PostgreSql</c> or <c>SqlServer</c>.</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Filled from <c>ConnectionStrings:Database</c>; SQLite falls back to a file under ./data.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations when the worker starts (the <c>migrate</c> verb always does).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary>The connection string, or the database's default when it has one and none is set (SQLite: a file under ./data).</summary>
    public string EffectiveConnectionString =>
        string.IsNullOrWhiteSpace(ConnectionString)
        && DatabaseDialect.All.FirstOrDefault(d => d.Provider == Provider)?.DefaultConnectionString is { } fallback
            ? fallback
            : ConnectionString ?? string.Empty;

    /// <summary>
    /// The PostgreSQL connection string the EF context uses: no <c>DISCARD ALL</c> when a pooled connection is returned
    /// (<c>No Reset On Close=true</c>; the worker leaves no session state behind), unless set explicitly. Automatic
    /// statement preparation (<c>Max Auto Prepare</c>) is left off on purpose: it halved the database CPU per event with
    /// one transaction per event, but with group commit the batched statements vary in shape and preparing them
    /// costs more than it saves (database CPU per event 188 µs without, 646 µs with; docs/performance.md).
    /// </summary>
    public static string TunedForWorker(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (!HasKey(connectionString, "No Reset On Close", "NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        return builder.ConnectionString;
    }

    private static bool HasKey(string connectionString, params string[] names) =>
        connectionString.Split(';').Select(part => part.Split('=', 2)[0].Trim())
            .Any(key => names.Any(n => string.Equals(n, key, StringComparison.OrdinalIgnoreCase)));
}
