namespace RegimenMonitor.LoadDriver.Measurement;

/// <summary>
/// Summary of a set of latencies in milliseconds. Percentiles use the nearest-rank method: the p-th percentile is
/// the smallest sample such that at least p % of the samples are less than or equal to it (no interpolation, so
/// every reported figure is a latency that was actually observed).
/// </summary>
internal sealed record LatencyStatistics(int Count, double Min, double Mean, double P50, double P95, double P99, double Max)
{
    public static LatencyStatistics? From(IEnumerable<double> milliseconds)
    {
        ArgumentNullException.ThrowIfNull(milliseconds);
        var sorted = milliseconds.ToArray();
        if (sorted.Length == 0)
        {
            return null;
        }

        Array.Sort(sorted);
        return new LatencyStatistics(sorted.Length, sorted[0], sorted.Average(), Percentile(sorted, 50), Percentile(sorted, 95),
            Percentile(sorted, 99), sorted[^1]);
    }

    /// <summary>Nearest-rank percentile of ascending <paramref name="sorted"/>; <paramref name="percent"/> in (0, 100].</summary>
    public static double Percentile(IReadOnlyList<double> sorted, double percent)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0)
        {
            throw new ArgumentException("no samples", nameof(sorted));
        }

        if (percent is <= 0 or > 100 || double.IsNaN(percent))
        {
            throw new ArgumentOutOfRangeException(nameof(percent), percent, "a percentile is in (0, 100]");
        }

        // multiply first: percent * count is exact for whole percents, so 95 % of 20 samples is rank 19, not 20
        var rank = (int)Math.Ceiling(percent * sorted.Count / 100.0 - 1e-9);
        return sorted[Math.Clamp(rank, 1, sorted.Count) - 1];
    }
}
