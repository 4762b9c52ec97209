namespace RegimenMonitor.LoadDriver.Measurement;

/// <summary>
/// The rate of the first and the second half of a measured run, so that a cliff (a plan that turns into a scan as the
/// tables grow, say) cannot hide in the average: the first half is the first ⌈N/2⌉ commits over the time from the first
/// publish to the commit that completes it; the second half is the remaining commits over the time from that commit to
/// the last.
/// </summary>
internal static class ThroughputHalves
{
    /// <summary>Events per second of each half; 0 for a half without elapsed time (fewer than two commits).</summary>
    public static (double First, double Second) From(long firstPublishTicks, IReadOnlyList<long> sortedCommitTicks)
    {
        ArgumentNullException.ThrowIfNull(sortedCommitTicks);
        var n = sortedCommitTicks.Count;
        if (n < 2)
        {
            return (0, 0);
        }

        var half = (n + 1) / 2;
        var middle = sortedCommitTicks[half - 1];
        var firstSeconds = TimeSpan.FromTicks(middle - firstPublishTicks).TotalSeconds;
        var secondSeconds = TimeSpan.FromTicks(sortedCommitTicks[n - 1] - middle).TotalSeconds;
        return (firstSeconds > 0 ? half / firstSeconds : 0, secondSeconds > 0 ? (n - half) / secondSeconds : 0);
    }
}
