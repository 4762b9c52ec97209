using Testcontainers.MsSql;
using RegimenMonitor.Worker.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(SqlServerFixture))]

namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>
/// The SQL Server fixture: <c>RM_TEST_SQLSERVER</c> (a connection string to a login that may create databases, e.g.
/// <c>sa</c> on <c>master</c>) wins; else a <c>mcr.microsoft.com/mssql/server:2022-latest</c> container; else a skip
/// (<see cref="ServiceFixture{TValue}"/>). Each test then creates its own database.
/// </summary>
public sealed class SqlServerFixture : ServiceFixture<string>
{
    internal const string Variable = "RM_TEST_SQLSERVER";
    internal const string Image = "mcr.microsoft.com/mssql/server:2022-latest";

    private static SqlServerFixture? s_current;

    public override ValueTask InitializeAsync()
    {
        s_current = this;
        return ValueTask.CompletedTask;
    }

    /// <summary>The administrative connection string, or the test is skipped with the reason.</summary>
    internal static Task<string> RequireAsync(CancellationToken ct) =>
        (s_current ?? throw new InvalidOperationException("the SQL Server assembly fixture has not been initialised")).RequireValueAsync(ct);

    private protected override ServiceSource Choose() =>
        ServiceSource.Choose("SQL Server", Variable, Environment.GetEnvironmentVariable(Variable), () => DockerGate.Available,
            $"scripts/test.sh installs no SQL Server; the GitHub workflow's sqlserver job runs these against a service container, or set {Variable}");

    private protected override string FromEnvironment(string value) => value;

    private protected override async Task<(string Value, IAsyncDisposable Container)> StartContainerAsync(CancellationToken ct)
    {
        var container = new MsSqlBuilder(Image).Build();
        await container.StartAsync(ct);
        return (container.GetConnectionString(), container);
    }
}
