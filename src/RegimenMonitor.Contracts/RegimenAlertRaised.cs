namespace RegimenMonitor.Contracts;

/// <summary>
/// What a care team receives on <c>care.regimen-alerts</c> (topic exchange; routing key
/// <c>&lt;concern&gt;.&lt;severity&gt;</c>, escalations on <c>escalation.&lt;severity&gt;</c>). One
/// <see cref="AlertId"/> covers one episode of one finding: it is first <c>active</c> (possibly again, with another
/// severity), later <c>resolved</c> or <c>superseded</c>, always with the reason in <see cref="Resolution"/>.
/// </summary>
public sealed record RegimenAlertRaised
{
    /// <summary>Exchange the alerts are published to.</summary>
    public const string ExchangeName = "care.regimen-alerts";

    /// <summary>Stable for one episode of one finding.</summary>
    public Guid AlertId { get; init; }

    /// <summary>The publisher's patient reference.</summary>
    public required string PatientId { get; init; }

    /// <summary>
    /// <c>active</c>, <c>resolved</c> (the risk is over: see <see cref="Resolution"/>) or <c>superseded</c> (the risk
    /// continues under the alert <see cref="SupersededBy"/>; never an all-clear).
    /// </summary>
    public required string Status { get; init; }

    /// <summary>serotonergic-contraindicated, serotonergic-stacking, nutrient-depletion, absorption-timing or kratom-interaction.</summary>
    public required string Concern { get; init; }

    /// <summary>info, moderate, major or contraindicated.</summary>
    public required string Severity { get; init; }

    /// <summary>One-line headline.</summary>
    public required string Title { get; init; }

    /// <summary>Why: mechanism, which products, since when.</summary>
    public required string Detail { get; init; }

    /// <summary>What to do.</summary>
    public required string Recommendation { get; init; }

    /// <summary>The products involved.</summary>
    public required IReadOnlyList<AlertInvolvement> Involves { get; init; }

    /// <summary>The nutrient, for nutrient-depletion alerts.</summary>
    public string? Nutrient { get; init; }

    /// <summary>Knowledge-base rule id, e.g. SER-07.</summary>
    public required string RuleId { get; init; }

    /// <summary>Version of the rule set that raised the alert.</summary>
    public required string RuleSetVersion { get; init; }

    /// <summary>Evidence behind the rule.</summary>
    public required IReadOnlyList<AlertEvidence> Evidence { get; init; }

    /// <summary>When this alert (or its resolution) was raised.</summary>
    public DateTimeOffset RaisedAt { get; init; }

    /// <summary>
    /// What this message reports: <c>opened</c>, <c>severity-raised</c>, <c>severity-lowered</c>, <c>reinstated</c>
    /// (reported on its own again after the alert that superseded it ended), <c>updated</c> (the same alert at the same
    /// severity, but its start moved or it went to or from a washout), <c>resolved</c>, <c>superseded</c> or
    /// <c>escalated</c>.
    /// </summary>
    public string? Transition { get; init; }

    /// <summary>When the combination began (the start of the overlap, or the threshold date).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>
    /// For an alert that holds only through a washout (one product ended, the other started inside its window): when the
    /// window is over. Absent while the products are taken together.
    /// </summary>
    public DateTimeOffset? WashoutUntil { get; init; }

    /// <summary>The severity before this message, when it changed.</summary>
    public string? PreviousSeverity { get; init; }

    /// <summary>Why the alert left <c>active</c>: set on <c>resolved</c> and <c>superseded</c> messages.</summary>
    public AlertResolution? Resolution { get; init; }

    /// <summary>For <c>superseded</c>: the alert that now covers this one.</summary>
    public Guid? SupersededBy { get; init; }

    /// <summary>The alerts this one covers (each was sent <c>superseded</c> naming this one).</summary>
    public IReadOnlyList<Guid>? Supersedes { get; init; }

    /// <summary>Set on an escalation (routing key <c>escalation.&lt;severity&gt;</c>).</summary>
    public AlertEscalation? Escalation { get; init; }

    /// <summary>
    /// Texts of the patient's current products the engine could not recognise and therefore did not check. Empty or
    /// absent: every current product was checked.
    /// </summary>
    public IReadOnlyList<string>? Unchecked { get; init; }
}
