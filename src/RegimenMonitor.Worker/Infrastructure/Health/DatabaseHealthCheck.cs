using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Infrastructure.Health;

/// <summary>
/// Readiness: the database answers a trivial query within <see cref="HealthOptions.DatabaseTimeout"/> and takes writes
/// (<see cref="Database.Dialects.DatabaseDialect.ReadinessQuery"/>: not a standby or a primary demoted in a failover). A
/// pooled connection is not trusted on its own: the query goes to the server, and a read-only answer empties the pool
/// (a session keeps the read-only state it started with; <see cref="Database.ReadOnlySessionInterceptor"/>), and no write
/// was refused for want of a resource lately (<see cref="WriteRefusals"/>). Probes are not traced (they would drown
/// the traces ops look for).
/// </summary>
internal sealed class DatabaseHealthCheck(IServiceScopeFactory scopes, IOptions<HealthOptions> options, WriteRefusals refusals) : IHealthCheck
{
    public const string Name = "database";

    // the probe under way, shared by the requests that arrive meanwhile (one instance per host: HealthEndpoints registers
    // it as a singleton)
    private readonly SharedProbe _probe = new();

    /// <summary>
    /// Answers within <see cref="HealthOptions.DatabaseTimeout"/> whatever the driver does (found by an independent fault
    /// probe: with PostgreSQL stopped by SIGSTOP, the driver honoured the deadline only at its own 15-s connect timeout,
    /// and readiness answered after 15 to 32 s).
    /// </summary>
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var timeout = options.Value.DatabaseTimeout;
        return await _probe.AnswerAsync(() => ProbeAsync(timeout), timeout, cancellationToken) is { } answer
            ? answer(context)
            : new HealthCheckResult(context.Registration.FailureStatus, DidNotAnswer(timeout));
    }

    private static string DidNotAnswer(TimeSpan timeout) => $"database did not answer within {timeout.TotalSeconds:0.###} s";

    private async Task<Func<HealthCheckContext, HealthCheckResult>> ProbeAsync(TimeSpan timeout)
    {
        await Task.Yield(); // the caller takes the task under the lock; the probe runs outside it
        using var deadline = new CancellationTokenSource(timeout);
        using var suppressed = SuppressInstrumentationScope.Begin();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(deadline.Token);
            try
            {
                await using var command = connection.CreateCommand();
                command.CommandText = db.Dialect.ReadinessQuery;
                if (Convert.ToInt32(await command.ExecuteScalarAsync(deadline.Token), System.Globalization.CultureInfo.InvariantCulture) != 0)
                {
                    // reachable but not ready: every event would wait (an outage, OutageRetryPolicy) until it takes writes.
                    // The session may be one that started read-only before the database took writes again: the next probe
                    // asks a new one.
                    db.Dialect.ClearAllPools();
                    return context => new HealthCheckResult(context.Registration.FailureStatus, "database takes no writes (read-only: a standby, or a primary demoted in a failover)");
                }
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }

            if (refusals.Recent() is { } refused)
            {
                // it answers a read, but refused a write for want of space or another resource: events wait, alerts stop
                return context => new HealthCheckResult(context.Registration.FailureStatus,
                    $"database refuses writes ({refused}: out of disk space or another resource) within the last {WriteRefusals.Window.TotalSeconds:0} s");
            }

            return _ => HealthCheckResult.Healthy("database reachable");
        }
        catch (OperationCanceledException)
        {
            return context => new HealthCheckResult(context.Registration.FailureStatus, DidNotAnswer(timeout));
        }
        catch (Exception ex)
        {
            // whatever it is (the probe may finish after every request gave up on it: nothing else would observe it), the
            // exception's type and SQL state only: driver messages can quote server-side details
            var state = ex is DbException { SqlState: { Length: > 0 } sqlState } ? $" {sqlState}" : string.Empty;
            return context => new HealthCheckResult(context.Registration.FailureStatus, $"database unreachable ({ex.GetType().Name}{state})");
        }
    }
}
