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

    /// <summary>
    /// The commit rate while the driver was still publishing and after it stopped: the events committed by the last
    /// publish over the time from the first publish to it, and the rest over the time from it to the last commit. The
    /// driver shares the machine with the system under test, so the first part runs with less CPU for the pipeline;
    /// a first half slower than the second is this when it matches the part committed while publishing.
    /// </summary>
    /// <returns>Both rates (0 for a part without commits or elapsed time) and the seconds from the first publish to the last.</returns>
    public static (double WhilePublishing, double AfterPublishing, double PublishingSeconds) AroundPublishing(
        long firstPublishTicks, long lastPublishTicks, IReadOnlyList<long> sortedCommitTicks)
    {
        ArgumentNullException.ThrowIfNull(sortedCommitTicks);
        var n = sortedCommitTicks.Count;
        var publishingSeconds = TimeSpan.FromTicks(Math.Max(0, lastPublishTicks - firstPublishTicks)).TotalSeconds;
        if (n == 0)
        {
            return (0, 0, publishingSeconds);
        }

        var during = 0;
        while (during < n && sortedCommitTicks[during] <= lastPublishTicks)
        {
            during++;
        }

        var afterSeconds = TimeSpan.FromTicks(Math.Max(0, sortedCommitTicks[n - 1] - lastPublishTicks)).TotalSeconds;
        return (
            during > 0 && publishingSeconds > 0 ? during / publishingSeconds : 0,
            n - during > 0 && afterSeconds > 0 ? (n - during) / afterSeconds : 0,
            publishingSeconds);
    }
}
