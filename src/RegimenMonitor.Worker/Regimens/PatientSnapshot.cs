using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// One patient's regimen as a decision reads it: the patient row's values, its items (withdrawn ones too) and the open
/// findings (<c>active</c> and <c>superseded</c>). Either every item (<see cref="Complete"/>, compacted ones included
/// and evaluated like the others) or the live items plus the <see cref="History"/> that stands for the compacted ones
/// (<see cref="HistoryReads"/> chooses). A decision never changes the records it holds; it returns a new snapshot
/// (<see cref="Decision.After"/>) with copies of what changed.
/// </summary>
internal sealed record PatientSnapshot(
    long PatientId,
    string PatientRef,
    int Version,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? NextReviewAt,
    IReadOnlyList<RegimenItemRecord> Items,
    IReadOnlyList<FindingRecord> OpenFindings)
{
    /// <summary>
    /// True when <see cref="PatientSnapshot.Items"/> holds every stored item of the patient; false when it holds the
    /// live ones and <see cref="History"/> stands for the rest.
    /// </summary>
    public bool Complete { get; init; } = true;

    /// <summary>The summary of the compacted items: evaluated with the live ones when not <see cref="Complete"/>.</summary>
    public RegimenHistory? History { get; init; }

    /// <summary>
    /// Findings an earlier decision of the same group closed, as they were before it closed them: nothing of that has
    /// been committed or sent, so a later decision of the group that finds the combination again reopens the same
    /// finding instead of opening another, and its closing message is withdrawn (<see cref="Decision.Reopened"/>).
    /// Empty for a snapshot read from the database.
    /// </summary>
    public IReadOnlyList<FindingRecord> ClosedInGroup { get; init; } = [];

    /// <summary>
    /// The snapshot of a patient read with its items, and its open findings in the order they were stored (so the alerts
    /// of one decision come in the same order whatever order the database returned the rows in).
    /// </summary>
    public static PatientSnapshot From(PatientRecord patient, IEnumerable<FindingRecord> openFindings)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(openFindings);
        return new PatientSnapshot(patient.Id, patient.PatientRef, patient.Version, patient.UpdatedAt, patient.NextReviewAt,
            [.. patient.Items], [.. openFindings.OrderBy(f => f.Id)]);
    }
}
