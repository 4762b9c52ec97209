namespace RegimenMonitor.Worker.Configuration;

internal enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}
