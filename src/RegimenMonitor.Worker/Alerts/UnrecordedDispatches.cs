namespace RegimenMonitor.Worker.Alerts;

/// <summary>
/// Alerts this process published (the broker confirmed them to a queue) whose batch could not be marked dispatched: the
/// database refused the write or went away before the commit. The next dispatch run records them first, before it
/// claims or publishes anything, so while the database takes no writes nothing more is published, instead of the same
/// batch every run. Kept in memory only: after a restart the rows are published once more (at least once, same message
/// id). Read by nothing else.
/// </summary>
internal sealed class UnrecordedDispatches
{
    private readonly Lock _lock = new();
    private readonly Dictionary<Guid, DateTimeOffset> _published = [];

    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _published.Count;
            }
        }
    }

    /// <summary>Remembers <paramref name="ids"/> as published at <paramref name="publishedAt"/>.</summary>
    public void Add(IEnumerable<Guid> ids, DateTimeOffset publishedAt)
    {
        lock (_lock)
        {
            foreach (var id in ids)
            {
                _published.TryAdd(id, publishedAt);
            }
        }
    }

    /// <summary>The remembered alerts, grouped by the instant they were published.</summary>
    public List<(DateTimeOffset PublishedAt, List<Guid> Ids)> Snapshot()
    {
        lock (_lock)
        {
            return [.. _published.GroupBy(p => p.Value).Select(g => (g.Key, g.Select(p => p.Key).ToList()))];
        }
    }

    /// <summary>Forgets <paramref name="ids"/>, now recorded.</summary>
    public void Remove(IEnumerable<Guid> ids)
    {
        lock (_lock)
        {
            foreach (var id in ids)
            {
                _published.Remove(id);
            }
        }
    }
}
