namespace RegimenMonitor.LoadDriver.Measurement;

/// <summary>One statement of the worker seen waiting for the write-ahead log to reach the disk.</summary>
/// <param name="FromSecond">When its wait began (the statement's start), seconds from the phase's first publish.</param>
/// <param name="WaitedMs">How long the statement had run when last seen waiting (for a <c>COMMIT</c>, the flush is all it
/// waits for): a lower bound, as the activity is sampled.</param>
internal sealed record WalFlushWait(double FromSecond, double WaitedMs);

/// <summary>
/// The worker's statements seen in pg_stat_activity waiting for a WAL flush (<c>IO:WALSync</c>, <c>IO:WALWrite</c>, or
/// <c>LWLock:WALWrite</c> while another backend flushes for them), one entry per statement execution. A commit cannot
/// finish before the disk confirms its WAL, so these are the part of the tail no code of the worker can shorten.
/// </summary>
internal sealed record WalFlushWaits(double IntervalMs, int Samples, double ThresholdMs, int OverThreshold, IReadOnlyList<WalFlushWait> Longest)
{
    /// <summary>Why sampling stopped early, when it did (the figures then cover the part before).</summary>
    public string? SamplingError { get; init; }

    /// <summary>Keys each observation by (backend, statement start), keeps its longest wait, and the <paramref name="keep"/> longest.</summary>
    public static WalFlushWaits From(
        long firstPublishTicks, IEnumerable<(int Pid, long StatementStartTicks, double WaitedMs)> observations, double intervalMs, int samples, double thresholdMs, int keep)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var waits = observations
            .GroupBy(o => (o.Pid, o.StatementStartTicks))
            .Select(g => new WalFlushWait(Math.Round(TimeSpan.FromTicks(g.Key.StatementStartTicks - firstPublishTicks).TotalSeconds, 1), g.Max(o => o.WaitedMs)))
            .Where(w => w.WaitedMs >= thresholdMs)
            .OrderByDescending(w => w.WaitedMs)
            .ToList();
        return new WalFlushWaits(intervalMs, samples, thresholdMs, waits.Count, [.. waits.Take(keep)]);
    }

    public string Describe() => (OverThreshold == 0
        ? $"none of {ThresholdMs:N0} ms or more seen ({Samples:N0} samples, every {IntervalMs:N0} ms)"
        : $"{OverThreshold:N0} of {ThresholdMs:N0} ms or more ({Samples:N0} samples, every {IntervalMs:N0} ms); longest "
            + string.Join(", ", Longest.Select(w => $"{w.WaitedMs:N0} ms from {w.FromSecond:+0.0;-0.0} s")))
        + (SamplingError is null ? string.Empty : $"; sampling stopped early: {SamplingError}");
}
