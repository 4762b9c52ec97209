using RegimenMonitor.LoadDriver.Measurement;

namespace RegimenMonitor.LoadDriver.Tests;

public sealed class TailInTimeTests
{
    private static readonly long Start = new DateTime(2026, 12, 4, 5, 0, 0, DateTimeKind.Utc).Ticks;

    private static long At(double seconds) => Start + TimeSpan.FromSeconds(seconds).Ticks;

    [Fact]
    public void A_stall_shows_as_the_seconds_that_hold_the_tail_worst_first()
    {
        var events = new List<(long, double)>();
        for (var i = 0; i < 10; i++)
        {
            events.Add((At(i * 0.1), 20));       // second 0: fast
            events.Add((At(1 + i * 0.1), i < 3 ? 150 : 30)); // second 1: three over the goal
            events.Add((At(2 + i * 0.1), i < 8 ? 400 : 90)); // second 2: eight over the goal
        }

        var slow = SlowSeconds.From(Start, events, goalMs: 100, keep: 5);

        Assert.Equal(11, slow.OverGoal);
        Assert.Equal(2, slow.SecondsWithAny);
        Assert.Equal(3, slow.Seconds);
        Assert.Equal([new SlowSecond(2, 10, 8, 400), new SlowSecond(1, 10, 3, 150)], slow.Worst);
        Assert.Equal("11 events over 100 ms, in 2 of 3 s; most at +2 s (8 of 10, max 400 ms), +1 s (3 of 10, max 150 ms)", slow.Describe());
    }

    [Fact]
    public void An_event_at_the_goal_is_not_over_it_and_keep_limits_the_list()
    {
        var events = new List<(long, double)> { (At(0.5), 100), (At(1.5), 101), (At(2.5), 102), (At(3.5), 103) };

        var slow = SlowSeconds.From(Start, events, goalMs: 100, keep: 2);

        Assert.Equal(3, slow.OverGoal);
        Assert.Equal(3, slow.SecondsWithAny);
        Assert.Equal(4, slow.Seconds);
        // equal counts: the slowest second first
        Assert.Equal([3, 2], slow.Worst.Select(s => s.Second));
    }

    [Fact]
    public void Publishes_that_slipped_past_the_runs_end_count_in_its_last_second()
    {
        var events = new List<(long, double)> { (At(0.5), 10), (At(1.5), 120), (At(2.004), 130) };

        var slow = SlowSeconds.From(Start, events, goalMs: 100, keep: 5, runSeconds: 2);

        Assert.Equal(2, slow.Seconds);
        Assert.Equal([new SlowSecond(1, 2, 2, 130)], slow.Worst);
        Assert.Equal(3, SlowSeconds.From(Start, events, goalMs: 100, keep: 5).Seconds);
    }

    [Fact]
    public void A_run_without_slow_events_says_so()
    {
        var slow = SlowSeconds.From(Start, [(At(0.1), 12), (At(1.2), 40)], goalMs: 100, keep: 5);

        Assert.Equal(0, slow.OverGoal);
        Assert.Empty(slow.Worst);
        Assert.Equal("no event over 100 ms", slow.Describe());
    }

    [Fact]
    public void A_statement_seen_waiting_in_several_samples_counts_once_at_its_longest()
    {
        var commitA = At(10.2);
        var commitB = At(10.31);
        var observations = new List<(int, long, double)>
        {
            (101, commitA, 30), (101, commitA, 80), (101, commitA, 230), // one COMMIT seen three times
            (102, commitB, 190),                                         // another backend, waiting behind it
            (101, At(20), 12),                                           // a short wait later: under the threshold
            (103, At(-0.5), 60),                                         // began before the first publish
        };

        var waits = WalFlushWaits.From(Start, observations, intervalMs: 25, samples: 1200, thresholdMs: 50, keep: 2);

        Assert.Equal(3, waits.OverThreshold);
        Assert.Equal([new WalFlushWait(10.2, 230), new WalFlushWait(10.3, 190)], waits.Longest);
        Assert.Equal("3 of 50 ms or more (1,200 samples, every 25 ms); longest 230 ms from +10.2 s, 190 ms from +10.3 s", waits.Describe());
        Assert.Equal("longest 60 ms from -0.5 s", WalFlushWaits.From(Start, observations[5..], 25, 10, 50, 1).Describe().Split("; ")[1]);
    }

    [Fact]
    public void Sampling_that_stopped_early_is_reported()
    {
        var waits = WalFlushWaits.From(Start, [], intervalMs: 25, samples: 40, thresholdMs: 50, keep: 5) with { SamplingError = "connection refused" };

        Assert.Equal("none of 50 ms or more seen (40 samples, every 25 ms); sampling stopped early: connection refused", waits.Describe());
    }
}
