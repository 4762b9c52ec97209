namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// The patient row a decision writes: the version it read (<see cref="ExpectedVersion"/>, checked on write), the new
/// version, <c>updated_at</c>, <c>next_review_at</c> (when the evaluation can next change by time alone) and
/// <c>history_json</c> (the summary of the compacted items, <see cref="RegimenHistory"/>).
/// </summary>
internal sealed record PatientBump(
    long PatientId, int ExpectedVersion, int NewVersion, DateTimeOffset UpdatedAt, DateTimeOffset? NextReviewAt, string? HistoryJson = null);
