using Testcontainers.PostgreSql;
using RegimenMonitor.Worker.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(PostgresFixture))]

namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL fixture: <c>RM_TEST_POSTGRES</c> (a connection string to a role that may create databases) wins; else
/// a <c>postgres:17-alpine</c> container; else a skip (<see cref="ServiceFixture{TValue}"/>). Each test then creates
/// its own database (<see cref="PostgresTestDatabase"/>).
/// </summary>
public sealed class PostgresFixture : ServiceFixture<string>
{
    internal const string Variable = "RM_TEST_POSTGRES";
    internal const string Image = "postgres:17-alpine";

    private static PostgresFixture? s_current;

    public override ValueTask InitializeAsync()
    {
        s_current = this;
        return ValueTask.CompletedTask;
    }

    /// <summary>The administrative connection string, or the test is skipped with the reason.</summary>
    internal static Task<string> RequireAsync(CancellationToken ct) =>
        (s_current ?? throw new InvalidOperationException("the PostgreSQL assembly fixture has not been initialised")).RequireValueAsync(ct);

    /// <summary>The connection string resolved by an earlier <see cref="RequireAsync"/> (for synchronous helpers).</summary>
    internal static string Resolved =>
        s_current?.Value ?? throw new InvalidOperationException("ask PostgresFixture.RequireAsync (PostgresTestDatabase.CreateAsync) first");

    private protected override ServiceSource Choose() =>
        ServiceSource.Choose("PostgreSQL", Variable, Environment.GetEnvironmentVariable(Variable), () => DockerGate.Available);

    private protected override string FromEnvironment(string value) => value;

    private protected override async Task<(string Value, IAsyncDisposable Container)> StartContainerAsync(CancellationToken ct)
    {
        var container = new PostgreSqlBuilder(Image).Build();
        await container.StartAsync(ct);
        return (container.GetConnectionString(), container);
    }
}
