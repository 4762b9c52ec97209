using Microsoft.Data.SqlClient;
using Testcontainers.MsSql;
using RegimenMonitor.Worker.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(SqlServerFixture))]

namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>
/// The SQL Server fixture (an xunit assembly fixture): <c>RM_TEST_SQLSERVER</c> (a connection string to a login that
/// may create databases, e.g. <c>sa</c> on <c>master</c>) wins; else, if a Docker engine answers, one
/// <c>mcr.microsoft.com/mssql/server:2022-latest</c> container is started on first use and removed when the run ends;
/// else every SQL Server test is skipped with the reason. Each test then creates its own database.
/// </summary>
public sealed class SqlServerFixture : IAsyncLifetime
{
    internal const string Variable = "RM_TEST_SQLSERVER";
    internal const string Image = "mcr.microsoft.com/mssql/server:2022-latest";

    private static SqlServerFixture? s_current;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private MsSqlContainer? _container;
    private string? _connectionString;
    private ServiceSource? _source;

    public ValueTask InitializeAsync()
    {
        s_current = this;
        return ValueTask.CompletedTask;
    }

    /// <summary>The administrative connection string, or the test is skipped (xunit's dynamic skip) with the reason.</summary>
    internal static async Task<string> RequireAsync(CancellationToken ct)
    {
        var fixture = s_current ?? throw new InvalidOperationException("the SQL Server assembly fixture has not been initialised");
        var connectionString = await fixture.ResolveAsync(ct);
        if (connectionString is null)
        {
            Assert.Skip(fixture._source!.SkipReason!);
        }

        return connectionString;
    }

    private async Task<string?> ResolveAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_source is not null)
            {
                return _connectionString;
            }

            var source = ServiceSource.Choose("SQL Server", Variable, Environment.GetEnvironmentVariable(Variable), () => DockerGate.Available,
                $"scripts/test.sh installs no SQL Server; the GitHub workflow's sqlserver job runs these against a service container, or set {Variable}");
            if (source.Kind == ServiceSourceKind.Environment)
            {
                _connectionString = source.Value;
            }
            else if (source.Kind == ServiceSourceKind.Container)
            {
                var container = new MsSqlBuilder(Image).Build();
                _container = container;
                await container.StartAsync(ct);
                _connectionString = container.GetConnectionString();
            }

            _source = source;
            return _connectionString;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        _gate.Dispose();
    }
}
