namespace RegimenMonitor.Worker.Infrastructure.Database;

/// <summary>
/// Which of a patient's stored items are live (read with every event): those with an id after <see cref="After"/>, and
/// the ids in <see cref="Kept"/> (sorted, each at most <see cref="After"/>). The rest are compacted: the patient's
/// history summary stands for them (Regimens/RegimenHistory). <see cref="All"/>: every item is live.
/// </summary>
internal readonly record struct LiveBound(long After, long[] Kept)
{
    /// <summary>No summary: every item is live.</summary>
    public static readonly LiveBound All = new(0, []);

    /// <summary>True when the stored item with this id is live.</summary>
    public bool IsLive(long id) => id > After || (Kept is not null && Array.BinarySearch(Kept, id) >= 0);
}
