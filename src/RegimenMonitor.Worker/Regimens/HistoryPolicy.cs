namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// When a decision compacts a patient's history (<see cref="RegimenHistory"/>): once the patient has more than
/// <see cref="CompactAbove"/> items in its per-event read, items that ended more than <see cref="CutoffMargin"/> before
/// the decision's instant are summarised. The margin keeps every later decision at or after the cutoff even when the
/// replicas' clocks differ; a decision before the cutoff reads every item instead.
/// </summary>
internal sealed record HistoryPolicy(int CompactAbove, TimeSpan CutoffMargin)
{
    /// <summary>The defaults: compact above 24 items, one day's margin (<c>Regimen:CompactHistoryAbove</c>, <c>Regimen:HistoryCutoffMargin</c>).</summary>
    public static HistoryPolicy Default { get; } = new(24, TimeSpan.FromDays(1));

    /// <summary>Never compacts: every item is read and evaluated on every event.</summary>
    public static HistoryPolicy Off { get; } = new(0, TimeSpan.FromDays(1));

    public bool Enabled => CompactAbove > 0;
}
