namespace RegimenMonitor.Worker.Infrastructure.Configuration;

internal enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}
