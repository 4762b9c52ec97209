namespace RegimenMonitor.Worker.Infrastructure.Database;

/// <summary>One patient's regimen root. <see cref="Version"/> is the optimistic-concurrency token.</summary>
internal sealed class PatientRecord
{
    public long Id { get; set; }

    /// <summary>The publisher's opaque patient reference. Never logged or traced.</summary>
    public required string PatientRef { get; set; }

    /// <summary>Random key for correlation in logs and traces (not derived from the patient reference).</summary>
    public Guid SurrogateKey { get; set; }

    public int Version { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>When the evaluation can next change by time alone; the sweep picks patients whose instant has passed.</summary>
    public DateTimeOffset? NextReviewAt { get; set; }

    /// <summary>
    /// Which of the patient's items are compacted and the coverage runs that stand for them, their cutoff and the
    /// normalisation they were made with, as JSON (Regimens/RegimenHistory); null when nothing is compacted.
    /// </summary>
    public string? HistoryJson { get; set; }

    public List<RegimenItemRecord> Items { get; } = [];
}
