using RegimenMonitor.LoadDriver.Measurement;

namespace RegimenMonitor.LoadDriver.Tests;

public sealed class LatencyStatisticsTests
{
    private static readonly double[] OneToHundred = [.. Enumerable.Range(1, 100).Select(i => (double)i)];

    [Theory]
    [InlineData(50, 50)]
    [InlineData(95, 95)]
    [InlineData(99, 99)]
    [InlineData(100, 100)]
    [InlineData(1, 1)]
    [InlineData(0.5, 1)]
    [InlineData(7, 7)]
    [InlineData(99.9, 100)]
    public void Nearest_rank_over_one_to_one_hundred(double percent, double expected) =>
        Assert.Equal(expected, LatencyStatistics.Percentile(OneToHundred, percent));

    [Theory]
    [InlineData(new[] { 5.0 }, 50, 5.0)]
    [InlineData(new[] { 5.0 }, 99, 5.0)]
    [InlineData(new[] { 1.0, 2.0 }, 50, 1.0)]
    [InlineData(new[] { 1.0, 2.0 }, 51, 2.0)]
    [InlineData(new[] { 10.0, 20.0, 30.0, 40.0 }, 75, 30.0)]
    [InlineData(new[] { 10.0, 20.0, 30.0, 40.0 }, 76, 40.0)]
    public void Nearest_rank_picks_an_observed_sample(double[] sorted, double percent, double expected) =>
        Assert.Equal(expected, LatencyStatistics.Percentile(sorted, percent));

    [Fact]
    public void Twenty_samples_have_their_95th_percentile_at_rank_19()
    {
        var sorted = Enumerable.Range(1, 20).Select(i => i * 10.0).ToArray();

        Assert.Equal(190, LatencyStatistics.Percentile(sorted, 95));
    }

    [Fact]
    public void Summary_of_unsorted_samples()
    {
        double[] samples = [9, 1, 5, 3, 7, 2, 8, 4, 6, 10];

        var stats = LatencyStatistics.From(samples)!;

        Assert.Equal(new LatencyStatistics(10, 1, 5.5, 5, 10, 10, 10), stats);
    }

    [Fact]
    public void No_samples_no_summary() => Assert.Null(LatencyStatistics.From([]));

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(100.01)]
    [InlineData(double.NaN)]
    public void A_percentile_outside_0_to_100_is_refused(double percent) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => LatencyStatistics.Percentile(OneToHundred, percent));
}
