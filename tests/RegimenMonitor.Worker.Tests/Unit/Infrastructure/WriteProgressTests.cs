using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using RegimenMonitor.Worker.Infrastructure.Health;

namespace RegimenMonitor.Worker.Tests.Unit.Infrastructure;

/// <summary>
/// Readiness while the database answers its query but not the event writes (found by an independent fault probe: a
/// table locked by another session for 50 s, and a statement timeout that cancelled every write for 100 s, left
/// readiness Healthy while nothing committed).
/// </summary>
public sealed class WriteProgressTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 19, 0, 0, TimeSpan.Zero));

    private WriteProgress Progress() => new(_clock, NullLogger<WriteProgress>.Instance);

    [Fact]
    public void Changes_that_wait_without_an_answer_for_the_stall_time_make_it_stalled_until_one_is_answered()
    {
        var progress = Progress();
        progress.Started();
        progress.Started();
        _clock.Advance(WriteProgress.StallAfter - TimeSpan.FromSeconds(1));
        Assert.Null(progress.Stalled());

        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("no event write answered for 30 s while 2 change(s) wait on the database (a lock held by another session, or statements that do not finish)", progress.Stalled());

        progress.Answered();
        Assert.Null(progress.Stalled());
        // the other still waits: stalled again only a whole stall time after that answer
        _clock.Advance(WriteProgress.StallAfter);
        Assert.StartsWith("no event write answered for 30 s while 1 change(s) wait", progress.Stalled(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_steady_stream_of_answers_is_never_stalled_however_long_it_runs()
    {
        var progress = Progress();
        progress.Started();
        for (var i = 0; i < 600; i++)
        {
            progress.Started();
            _clock.Advance(TimeSpan.FromSeconds(1));
            progress.Answered();
            Assert.Null(progress.Stalled());
        }
    }

    [Fact]
    public void An_idle_worker_is_not_stalled_however_long_since_its_last_write()
    {
        var progress = Progress();
        progress.Started();
        progress.Answered();
        _clock.Advance(TimeSpan.FromHours(5));
        Assert.Null(progress.Stalled());
    }

    [Fact]
    public void Writes_that_all_fail_for_the_stall_time_make_it_stalled_until_they_stop_or_one_is_answered()
    {
        var progress = Progress();
        for (var i = 0; i <= 30; i += 5)
        {
            progress.Failed(progress.Started());
            Assert.Equal(i >= 30 ? "every event write failed for 30 s (cancelled or timed-out statements, or another failure: see the worker's warnings)" : null,
                progress.Stalled());
            _clock.Advance(TimeSpan.FromSeconds(5));
        }

        progress.Started();
        progress.Answered();
        Assert.Null(progress.Stalled());

        // failures that stopped (their messages went to _error, or the worker has nothing more to write) stop counting
        progress.Failed(progress.Started());
        _clock.Advance(WriteProgress.StallAfter);
        progress.Failed(progress.Started());
        Assert.NotNull(progress.Stalled());
        _clock.Advance(WriteProgress.StallAfter + TimeSpan.FromSeconds(1));
        Assert.Null(progress.Stalled());
    }

    [Fact]
    public void A_write_that_times_out_fails_from_its_start_and_its_retry_keeps_it_stalled()
    {
        // found by an independent fault probe: with the SQLite file locked by another process each write waited out the
        // 30 s busy timeout, failed and was retried a second later; counted from the failure, readiness said so at 60 s
        var progress = Progress();
        var first = progress.Started();
        _clock.Advance(WriteProgress.StallAfter - TimeSpan.FromSeconds(1));
        Assert.Null(progress.Stalled());
        _clock.Advance(TimeSpan.FromSeconds(1));
        progress.Failed(first);
        // between the failure and its retry, and while the retry waits
        Assert.StartsWith("every event write failed for 30 s", progress.Stalled(), StringComparison.Ordinal);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var retry = progress.Started();
        Assert.NotNull(progress.Stalled());
        _clock.Advance(TimeSpan.FromSeconds(28));
        Assert.StartsWith("every event write failed for 59 s", progress.Stalled(), StringComparison.Ordinal);
        // the retry waits out its own timeout: still failing, with no gap before it fails too
        _clock.Advance(TimeSpan.FromSeconds(1.4));
        Assert.StartsWith("every event write failed for 60 s", progress.Stalled(), StringComparison.Ordinal);
        progress.Failed(retry);
        Assert.NotNull(progress.Stalled());

        progress.Started();
        progress.Answered();
        Assert.Null(progress.Stalled());
    }

    [Fact]
    public void One_failure_among_answered_writes_is_no_stall()
    {
        // found by a review: counted from the start of a busy period hours long, one failure read as "failed for hours"
        var progress = Progress();
        progress.Started(); // a write that stays in flight all along, as under steady intake
        for (var i = 0; i < 100; i++)
        {
            progress.Started();
            _clock.Advance(TimeSpan.FromSeconds(1));
            progress.Answered();
        }

        var failing = progress.Started();
        _clock.Advance(TimeSpan.FromMilliseconds(100));
        progress.Failed(failing);
        Assert.Null(progress.Stalled());

        // and a new write shortly after a failure waits afresh
        progress.Started();
        _clock.Advance(WriteProgress.StallAfter - TimeSpan.FromSeconds(2));
        Assert.Null(progress.Stalled());
    }

    [Fact]
    public void A_wait_abandoned_at_a_stop_neither_answers_nor_fails()
    {
        var progress = Progress();
        progress.Started();
        progress.Abandoned();
        _clock.Advance(TimeSpan.FromMinutes(2));
        Assert.Null(progress.Stalled());
    }
}
