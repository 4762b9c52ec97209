using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Infrastructure.Health;

/// <summary>
/// Readiness: the database answers a trivial query within <see cref="HealthOptions.DatabaseTimeout"/> and takes writes
/// (<see cref="Database.Dialects.DatabaseDialect.ReadinessQuery"/>: not a standby or a primary demoted in a failover). A
/// pooled connection is not trusted on its own: the query goes to the server, and a read-only answer empties the pool
/// (a session keeps the read-only state it started with; <see cref="Database.ReadOnlySessionInterceptor"/>), and no write
/// was refused for want of a resource lately (<see cref="WriteRefusals"/>), and the event writes are answered
/// (<see cref="WriteProgress"/>), and this host's clock agrees with the
/// database server's within <see cref="MaxClockSkew"/>. Probes are not traced (they would drown the traces ops look for).
/// </summary>
internal sealed class DatabaseHealthCheck(IServiceScopeFactory scopes, IOptions<HealthOptions> options, WriteRefusals refusals, ILogger<DatabaseHealthCheck> logger,
    WriteProgress? progress = null) : IHealthCheck
{
    public const string Name = "database";

    /// <summary>
    /// How far this host's clock may be from the database server's. A replica ten minutes ahead took a stop dated six
    /// minutes ahead as already reported, and sent its all-clear early, while another replica refused the same event
    /// (found by an independent fault probe; readiness said Healthy). The worker now takes its time from the server
    /// (<see cref="DatabaseClock"/>), but its logs and traces keep this host's clock, so a host this far off is still not
    /// ready. Clocks kept by NTP agree within milliseconds; the comparison itself is good to half a
    /// round trip.
    /// </summary>
    internal static readonly TimeSpan MaxClockSkew = TimeSpan.FromSeconds(30);

    /// <summary>This host's clock, compared with the server's (a test sets another); not the worker's TimeProvider.</summary>
    internal TimeProvider HostClock { get; init; } = TimeProvider.System;

    // whether the last comparison found the clocks apart: the warning is logged when that changes, not on every probe
    private int _skewed;

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

    /// <summary>What is wrong when this host's clock is more than <see cref="MaxClockSkew"/> from the server's, else null.</summary>
    private async Task<string?> SkewAsync(System.Data.Common.DbConnection connection, string clockQuery, CancellationToken ct)
    {
        if (await ServerClock.ReadAsync(connection, clockQuery, HostClock, ct) is not { Skew: var skew })
        {
            return null;
        }

        if (skew.Duration() <= MaxClockSkew)
        {
            if (Interlocked.Exchange(ref _skewed, 0) == 1)
            {
                Log.ClockAgreesAgain(logger);
            }

            return null;
        }

        var seconds = Math.Round(skew.Duration().TotalSeconds);
        var direction = skew > TimeSpan.Zero ? "ahead of" : "behind";
        if (Interlocked.Exchange(ref _skewed, 1) == 0)
        {
            Log.ClockSkew(logger, seconds, direction, MaxClockSkew.TotalSeconds);
        }

        return $"this host's clock is {seconds:0} s {direction} the database server's (more than {MaxClockSkew.TotalSeconds:0} s): the worker takes its time from the database server meanwhile, but its logs and traces keep this host's; check the time (NTP) of this host and of the database server";
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

                if (db.Dialect.ServerClockQuery is { } clockQuery && await SkewAsync(connection, clockQuery, deadline.Token) is { } skew)
                {
                    return context => new HealthCheckResult(context.Registration.FailureStatus, skew);
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

            if (progress?.Stalled() is { } stalled)
            {
                // it answers a read at once, but the event writes wait or fail: a lock held elsewhere, statements cancelled
                return context => new HealthCheckResult(context.Registration.FailureStatus, stalled);
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
