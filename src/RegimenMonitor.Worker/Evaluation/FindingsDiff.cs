using RegimenMonitor.Worker.Persistence;

namespace RegimenMonitor.Worker.Evaluation;

/// <summary>What one re-evaluation changed: the input of the alert outbox.</summary>
internal sealed class FindingsDiff
{
    public List<FindingRecord> Opened { get; } = [];

    /// <summary>Continuing findings whose severity rose.</summary>
    public List<FindingRecord> Escalated { get; } = [];

    public List<FindingRecord> Resolved { get; } = [];

    public int Continuing { get; set; }

    public bool IsEmpty => Opened.Count == 0 && Escalated.Count == 0 && Resolved.Count == 0;
}
