using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// Everything one change (or one review) does to one patient, for the writer to store in the group's transaction:
/// the inbox row (a change only), the items to insert (id 0) or update — the changed item and every item re-normalised
/// by this rule-set version —, the patient's version bump, the findings opened and updated (continued with changes,
/// escalated, lowered, superseded, reinstated, resolved), the outbox rows, the <see cref="FindingsDiff"/> (telemetry,
/// results) and the snapshot the next decision of this patient in the same group starts from. The records are new
/// ones, owned by the decision; the snapshot it was made from is unchanged.
/// </summary>
internal sealed record Decision
{
    public required DecisionOutcome Outcome { get; init; }

    /// <summary>The inbox row of the change (applied or stale); null for a review.</summary>
    public ProcessedEvent? Inbox { get; init; }

    /// <summary>New items (id 0) and stored items with new values.</summary>
    public IReadOnlyList<RegimenItemRecord> ItemUpserts { get; init; } = [];

    /// <summary>Null when the regimen did not change (stale).</summary>
    public PatientBump? Bump { get; init; }

    public IReadOnlyList<FindingRecord> FindingsInserted { get; init; } = [];

    /// <summary>Findings of the snapshot with new values (same id and alert id).</summary>
    public IReadOnlyList<FindingRecord> FindingsUpdated { get; init; } = [];

    /// <summary>The outbox rows, one per alert; their trace parent is left to the caller.</summary>
    public IReadOnlyList<OutboxMessage> Alerts { get; init; } = [];

    /// <summary>
    /// Alert ids an earlier decision of the same group resolved and this one found again
    /// (<see cref="PatientSnapshot.ClosedInGroup"/>): their resolution messages from this group are not written.
    /// </summary>
    public IReadOnlyList<Guid> Reopened { get; init; } = [];

    /// <summary>What the re-evaluation changed; null when nothing was evaluated (stale).</summary>
    public FindingsDiff? Diff { get; init; }

    /// <summary>The evaluation behind the decision (telemetry); null when nothing was evaluated.</summary>
    public RegimenEvaluation? Evaluation { get; init; }

    /// <summary>Products this decision normalised (re-normalised by a new rule set, or new text), by outcome.</summary>
    public (int Recognised, int Unrecognised) Normalised { get; init; }

    /// <summary>The patient after this decision: what a next change of the same patient in the same group sees.</summary>
    public required PatientSnapshot After { get; init; }

    /// <summary>The outcome as the consumers report it.</summary>
    public ApplyOutcome ApplyOutcome => Outcome == DecisionOutcome.Stale ? ApplyOutcome.Stale : ApplyOutcome.Applied;
}
