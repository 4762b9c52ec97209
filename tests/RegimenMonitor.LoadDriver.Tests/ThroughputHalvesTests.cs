using RegimenMonitor.LoadDriver.Measurement;

namespace RegimenMonitor.LoadDriver.Tests;

public sealed class ThroughputHalvesTests
{
    private static long[] Seconds(params double[] values) => [.. values.Select(v => TimeSpan.FromSeconds(v).Ticks)];

    [Fact]
    public void An_even_run_has_two_equal_halves()
    {
        var (first, second) = ThroughputHalves.From(0, Seconds(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));

        // 5 commits in the 5 s to the fifth, 5 more in the 5 s after it
        Assert.Equal((1.0, 1.0), (first, second));
    }

    [Fact]
    public void A_cliff_in_the_second_half_shows()
    {
        // 4 commits within 1 s of the first publish, then 4 more over 8 s
        var (first, second) = ThroughputHalves.From(0, Seconds(0.25, 0.5, 0.75, 1, 3, 5, 7, 9));

        Assert.Equal(4.0, first);
        Assert.Equal(0.5, second);
    }

    [Fact]
    public void An_odd_count_puts_the_middle_commit_in_the_first_half_and_counts_from_the_first_publish()
    {
        // first publish at 1 s; 3 commits by 4 s (3 s), 2 commits in the 4 s after
        var (first, second) = ThroughputHalves.From(TimeSpan.FromSeconds(1).Ticks, Seconds(2, 3, 4, 6, 8));

        Assert.Equal(1.0, first);
        Assert.Equal(0.5, second);
    }

    [Fact]
    public void Fewer_than_two_commits_have_no_rates()
    {
        Assert.Equal((0.0, 0.0), ThroughputHalves.From(0, Seconds(1)));
        Assert.Equal((0.0, 0.0), ThroughputHalves.From(0, []));
    }

    [Fact]
    public void Commits_split_at_the_last_publish()
    {
        // publishing from 0 to 4 s: 6 commits by then (1.5/s); 4 more in the 4 s after (1/s)
        var (during, after, publishing) = ThroughputHalves.AroundPublishing(0, Seconds(4)[0], Seconds(1, 2, 2.5, 3, 3.5, 4, 5, 6, 7, 8));

        Assert.Equal(1.5, during);
        Assert.Equal(1.0, after);
        Assert.Equal(4.0, publishing);
    }

    [Fact]
    public void A_run_committed_only_while_publishing_has_no_rate_after()
    {
        var (during, after, publishing) = ThroughputHalves.AroundPublishing(Seconds(1)[0], Seconds(3)[0], Seconds(2, 2.5, 3));

        Assert.Equal(1.5, during);
        Assert.Equal(0.0, after);
        Assert.Equal(2.0, publishing);
    }

    [Fact]
    public void A_run_committed_only_after_publishing_has_no_rate_while()
    {
        var (during, after, _) = ThroughputHalves.AroundPublishing(0, Seconds(1)[0], Seconds(2, 3, 5));

        Assert.Equal(0.0, during);
        Assert.Equal(0.75, after);
        Assert.Equal((0.0, 0.0, 0.0), ThroughputHalves.AroundPublishing(0, 0, []));
    }
}
