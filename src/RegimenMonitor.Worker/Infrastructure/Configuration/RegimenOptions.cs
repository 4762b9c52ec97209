namespace RegimenMonitor.Worker.Infrastructure.Configuration;

/// <summary>Regimen defaults. Section <c>Regimen</c>.</summary>
internal sealed class RegimenOptions
{
    public const string SectionName = "Regimen";

    /// <summary>Days of supply assumed when a dispense carries none (the item is marked as assumed).</summary>
    public int DefaultDaysSupply { get; set; } = 30;

    /// <summary>
    /// How far an event's own time (dispensedAt, reportedAt, an acknowledgement's acknowledgedAt) may lie ahead of this
    /// service's clock; a later one is rejected to the endpoint's _error queue (a dispense dated years ahead is a data
    /// error, not a plan). An acknowledgement may also be dated this much before its alert was raised, no earlier.
    /// </summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// A patient with more items than this in its per-event read has the items that ended before the cutoff compacted
    /// into coverage runs (exact; docs/decision.md). 0 turns compaction off: every item is read on every event, and a
    /// patient compacted before is un-compacted at its next event.
    /// </summary>
    public int CompactHistoryAbove { get; set; } = 24;

    /// <summary>
    /// How far before a decision's instant the compaction cutoff lies: more than the clock difference between any two
    /// replicas (a decision before a patient's cutoff reads every item instead).
    /// </summary>
    public TimeSpan HistoryCutoffMargin { get; set; } = TimeSpan.FromDays(1);

    /// <summary>
    /// How many regimen items the worker keeps in memory, as the database holds them after a committed decision, so that
    /// the next event of the same patient version does not read them again (Regimens/LiveItemCache; PostgreSQL only).
    /// About half a KB each held, about 1 KB each at the worker's peak under load (docs/performance.md); 0 turns the
    /// cache off.
    /// </summary>
    public int CachedItems { get; set; } = 8_192;
}
