using Testcontainers.PostgreSql;
using RegimenMonitor.Worker.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(PostgresFixture))]

namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL fixture (an xunit assembly fixture): <c>RM_TEST_POSTGRES</c> (a connection string to a role that may
/// create databases) wins; else, if a Docker engine answers, one <c>postgres:17-alpine</c> container is started on
/// first use and removed when the run ends; else every test that asks for PostgreSQL is skipped with the reason. Each
/// test then creates its own database (<see cref="PostgresTestDatabase"/>).
/// </summary>
public sealed class PostgresFixture : IAsyncLifetime
{
    internal const string Variable = "RM_TEST_POSTGRES";
    internal const string Image = "postgres:17-alpine";

    private static PostgresFixture? s_current;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private PostgreSqlContainer? _container;
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
        var fixture = s_current ?? throw new InvalidOperationException("the PostgreSQL assembly fixture has not been initialised");
        var connectionString = await fixture.ResolveAsync(ct);
        if (connectionString is null)
        {
            Assert.Skip(fixture._source!.SkipReason!);
        }

        return connectionString;
    }

    /// <summary>The connection string resolved by an earlier <see cref="RequireAsync"/> (for synchronous helpers).</summary>
    internal static string Resolved =>
        s_current?._connectionString ?? throw new InvalidOperationException("ask PostgresFixture.RequireAsync (PostgresTestDatabase.CreateAsync) first");

    private async Task<string?> ResolveAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_source is not null)
            {
                return _connectionString;
            }

            var source = ServiceSource.Choose("PostgreSQL", Variable, Environment.GetEnvironmentVariable(Variable), () => DockerGate.Available);
            if (source.Kind == ServiceSourceKind.Environment)
            {
                _connectionString = source.Value;
            }
            else if (source.Kind == ServiceSourceKind.Container)
            {
                var container = new PostgreSqlBuilder(Image).Build();
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
