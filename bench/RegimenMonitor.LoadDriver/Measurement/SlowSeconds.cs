namespace RegimenMonitor.LoadDriver.Measurement;

/// <summary>One second of a fixed-rate run (counted from its first publish) with events over the latency goal.</summary>
internal sealed record SlowSecond(int Second, int Events, int OverGoal, double MaxMs);

/// <summary>
/// Where a fixed-rate run's tail lies in time. A tail spread over every second points at a cost each event pays; one
/// held in a few seconds points at a stall that holds up every event at once (a collection, a lock, the disk).
/// </summary>
internal sealed record SlowSeconds(double GoalMs, int OverGoal, int SecondsWithAny, int Seconds, IReadOnlyList<SlowSecond> Worst)
{
    /// <summary>
    /// Groups events by the second of their publish (from <paramref name="firstPublishTicks"/>) and keeps the
    /// <paramref name="keep"/> seconds with the most events over <paramref name="goalMs"/> (then the slowest first).
    /// With <paramref name="runSeconds"/>, the publishes that slipped past the run's end count in its last second, so
    /// a 30-s run has 30.
    /// </summary>
    public static SlowSeconds From(long firstPublishTicks, IReadOnlyList<(long PublishTicks, double LatencyMs)> events, double goalMs, int keep, int? runSeconds = null)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentOutOfRangeException.ThrowIfNegative(keep);
        var last = runSeconds is { } n and > 0 ? n - 1 : int.MaxValue;
        var seconds = events
            .GroupBy(e => Math.Min(last, (int)((e.PublishTicks - firstPublishTicks) / TimeSpan.TicksPerSecond)))
            .Select(g => new SlowSecond(g.Key, g.Count(), g.Count(e => e.LatencyMs > goalMs), g.Max(e => e.LatencyMs)))
            .ToList();
        var slow = seconds.Where(s => s.OverGoal > 0).ToList();
        return new SlowSeconds(goalMs, slow.Sum(s => s.OverGoal), slow.Count, seconds.Count,
            [.. slow.OrderByDescending(s => s.OverGoal).ThenByDescending(s => s.MaxMs).ThenBy(s => s.Second).Take(keep)]);
    }

    public string Describe() => OverGoal == 0
        ? $"no event over {GoalMs:N0} ms"
        : $"{OverGoal:N0} events over {GoalMs:N0} ms, in {SecondsWithAny:N0} of {Seconds:N0} s; most at "
            + string.Join(", ", Worst.Select(s => $"+{s.Second} s ({s.OverGoal:N0} of {s.Events:N0}, max {s.MaxMs:N0} ms)"));
}
