using Microsoft.Extensions.Logging;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Infrastructure.Health;

/// <summary>
/// Whether the event writes make progress, for readiness (<see cref="DatabaseHealthCheck"/>): not while changes have
/// waited on the database for <see cref="StallAfter"/> without one write answering, nor while every write has failed for
/// <see cref="StallAfter"/>. A database with a table locked by another session, or one that cancels every statement
/// (a statement timeout set too low), answers the readiness query at once while nothing commits: found by an
/// independent fault probe, readiness Healthy for 50 s of a held lock and 100 s of cancelled statements. Fed by the
/// writer (<see cref="Regimens.RegimenWriter"/>) at each change's start and end; in memory, a lock per change.
/// </summary>
internal sealed class WriteProgress(TimeProvider time, ILogger<WriteProgress> logger)
{
    /// <summary>How long writes may wait, or fail, before readiness says so.</summary>
    public static readonly TimeSpan StallAfter = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private int _waiting;
    private DateTimeOffset _busySince;
    private DateTimeOffset _lastAnswer = DateTimeOffset.MinValue;
    private DateTimeOffset? _failingSince;
    private DateTimeOffset _lastFailure = DateTimeOffset.MinValue;
    // whether the last look found the writes stalled: the warning is logged when that changes, not on every probe
    private bool _stalled;

    /// <summary>A change was handed to the database; returns when, for <see cref="Failed"/>.</summary>
    public DateTimeOffset Started()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_waiting++ == 0)
            {
                _busySince = now;
            }

            return now;
        }
    }

    /// <summary>The database answered the change: it committed, or was a duplicate, or refused it for what is stored.</summary>
    public void Answered()
    {
        lock (_lock)
        {
            _waiting--;
            _lastAnswer = time.GetUtcNow();
            _failingSince = null;
        }
    }

    /// <summary>
    /// The change's write, handed to the database at <paramref name="startedAt"/> (<see cref="Started"/>), failed (it is
    /// retried, or goes to <c>_error</c>). The failing run counts from that write's start: a write that waits out a
    /// timeout (SQLite's 30 s busy timeout on a file another process holds locked) failed for all of its wait, and
    /// counted from its failure readiness said so only after a second timeout, 60 s (found by an independent fault probe).
    /// </summary>
    public void Failed(DateTimeOffset startedAt)
    {
        lock (_lock)
        {
            _waiting--;
            _lastFailure = time.GetUtcNow();
            _failingSince ??= startedAt < _lastFailure ? startedAt : _lastFailure;
        }
    }

    /// <summary>The change's wait was cancelled (the worker stopping): neither an answer nor a failure.</summary>
    public void Abandoned()
    {
        lock (_lock)
        {
            _waiting--;
        }
    }

    /// <summary>What is wrong when the writes have stalled or failed for <see cref="StallAfter"/>, else null.</summary>
    public string? Stalled()
    {
        string? stalled;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            var since = _lastAnswer > _busySince ? _lastAnswer : _busySince;
            if (_waiting > 0 && now - since >= StallAfter)
            {
                stalled = $"no event write answered for {(now - since).TotalSeconds:0} s while {_waiting} change(s) wait on the database (a lock held by another session, or statements that do not finish)";
            }
            // failing still: a failure within the stall time, or a write (a retry) in flight since, none answered
            else if (_failingSince is { } failing && now - failing >= StallAfter && (now - _lastFailure <= StallAfter || _waiting > 0))
            {
                stalled = $"every event write failed for {(now - failing).TotalSeconds:0} s (cancelled or timed-out statements, or another failure: see the worker's warnings)";
            }
            else
            {
                stalled = null;
            }

            if (_stalled == stalled is not null)
            {
                return stalled;
            }

            _stalled = stalled is not null;
        }

        if (stalled is not null)
        {
            Log.WritesStalled(logger, stalled);
        }
        else
        {
            Log.WritesMoveAgain(logger);
        }

        return stalled;
    }
}
