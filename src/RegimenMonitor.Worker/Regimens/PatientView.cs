namespace RegimenMonitor.Worker.Regimens;

/// <summary>What <c>inspect</c> prints: a patient's current regimen (and, later, active findings).</summary>
internal sealed record PatientView(
    string PatientId,
    int Version,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<RegimenItemView> Items,
    IReadOnlyList<ActiveFindingView> Findings,
    IReadOnlyList<string> Unrecognised);

/// <summary>
/// An active finding with its alert id, when it was raised, and what became of its alert: the care team's
/// acknowledgements (<see cref="Acknowledgements"/>, oldest first; empty when no one acknowledged it) and its escalations
/// (<see cref="Escalations"/>, how many times it was re-sent to <c>escalation.&lt;severity&gt;</c>, and
/// <see cref="EscalatedAt"/>, the latest; null when never). Escalations are counted from the outbox, which retention
/// purges (<c>Alerts:OutboxRetention</c>), and from the finding's own <c>escalated_at</c>, which it does not.
/// </summary>
internal sealed record ActiveFindingView(
    Guid AlertId,
    DateTimeOffset RaisedAt,
    string RuleSetVersion,
    IReadOnlyList<AcknowledgementView> Acknowledgements,
    DateTimeOffset? EscalatedAt,
    int Escalations,
    Alerts.FindingView Finding);

/// <summary>One acknowledgement of an alert as <c>inspect</c> shows it (not its free-text reason).</summary>
internal sealed record AcknowledgementView(string Outcome, string AcknowledgedBy, DateTimeOffset AcknowledgedAt);

/// <summary>
/// One regimen item as shown to people: what was received (codes and the details of the event), and when the engine
/// stops counting it as taken (<see cref="CoveredUntil"/>: the end of its days supply plus the refill grace, or its stop),
/// so a "supply ran out" resolution can be checked against the item. For a dispense a care team or pharmacist reported
/// stopped inside its supply, or an earlier statement such a stop ended, <see cref="ReportedStop"/> is that stop
/// (ReportedStops), and the coverage ends there.
/// </summary>
internal sealed record RegimenItemView(
    string Kind,
    string ItemKey,
    string Status,
    bool Withdrawn,
    string ProductText,
    IReadOnlyList<string>? Ingredients,
    DateTimeOffset StartedAt,
    int? DaysSupply,
    bool DaysSupplyAssumed,
    DateTimeOffset? StoppedAt,
    Guid SourceEventId,
    string? Atc = null,
    string? Rxnorm = null,
    string? Ndc = null,
    string? DosageText = null,
    decimal? Quantity = null,
    string? PharmacyId = null,
    string? PrescriptionId = null,
    string? Source = null,
    DateTimeOffset? SuppliedUntil = null,
    DateTimeOffset? CoveredUntil = null,
    DateTimeOffset? ReportedStop = null)
{
    /// <summary>The dispense's directions, read by the normaliser (the same text as <see cref="DosageText"/>).</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string? Directions => DosageText;
}
