using RegimenMonitor.Worker.Infrastructure.Database.Dialects;

namespace RegimenMonitor.Worker.Infrastructure.Configuration;

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

    /// <summary>
    /// How long <c>run</c> waits at start for a database server that does not answer (restarting, failing over, not up
    /// yet) before it stops with exit 1, as it waits for the broker (<see cref="MessagingOptions.StartTimeout"/>).
    /// </summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>The connection string, or the database's default when it has one and none is set (SQLite: a file under ./data).</summary>
    public string EffectiveConnectionString =>
        string.IsNullOrWhiteSpace(ConnectionString)
        && DatabaseDialect.All.FirstOrDefault(d => d.Provider == Provider)?.DefaultConnectionString is { } fallback
            ? fallback
            : ConnectionString ?? string.Empty;
}
