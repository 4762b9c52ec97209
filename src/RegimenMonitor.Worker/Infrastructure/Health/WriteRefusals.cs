using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Npgsql;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Infrastructure.Health;

/// <summary>
/// The last time a write of this worker was refused for want of a resource — PostgreSQL's SQLSTATE 53100 (disk full),
/// 53200 (out of memory) and 58030 (an I/O error), SQL Server's 1105 and 9002 (a full file or log), SQLite's full
/// database — which readiness reports for <see cref="Window"/> after it
/// (<see cref="DatabaseHealthCheck"/>). Such a database answers the readiness query (a read needs no space) while every
/// event waits and the alert dispatch stops: found by an independent fault probe, readiness Healthy on every probe of a
/// 45-s full disk. Fed by the consumers' retries (<see cref="Messaging.ReceiveEndpoints.ConfigureRetry"/>) and the jobs'
/// failures (<see cref="Scheduling.JobTelemetryListener"/>); the events retry at least every 10 s and the dispatch every
/// few seconds while writes fail, so the window stays open for as long as they do and closes by itself once they stop.
/// </summary>
internal sealed class WriteRefusals(TimeProvider time)
{
    /// <summary>How long readiness reports a refused write.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private (DateTimeOffset At, string What)? _last;

    /// <summary>Records <paramref name="exception"/> when it is such a refusal.</summary>
    public void Saw(Exception? exception)
    {
        if (Refusal(exception) is { } what)
        {
            lock (_lock)
            {
                _last = (time.GetUtcNow(), what);
            }
        }
    }

    /// <summary>What refused a write within the last <see cref="Window"/>, or null.</summary>
    public string? Recent()
    {
        lock (_lock)
        {
            return _last is { } last && time.GetUtcNow() - last.At <= Window ? last.What : null;
        }
    }

    /// <summary>The refusal <paramref name="exception"/> is, named by code only (never a message), or null.</summary>
    internal static string? Refusal(Exception? exception) =>
        exception is null ? null
        : NetworkErrors.Chain(exception).Select(e => e switch
        {
            // a connection refused for too many clients (53300) is no refused write, and the readiness query meets it too
            PostgresException { SqlState: "53100" or "53200" or "58030" } postgres => $"SQLSTATE {postgres.SqlState}",
            SqlException { Number: 1105 or 9002 } sql => $"SQL Server error {sql.Number}",
            SqliteException { SqliteErrorCode: 13 } => "SQLite: the database or disk is full",
            _ => null,
        }).FirstOrDefault(w => w is not null);
}
