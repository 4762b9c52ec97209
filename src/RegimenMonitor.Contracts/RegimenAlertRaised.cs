namespace RegimenMonitor.Contracts;

/// <summary>
/// What a care team receives on <c>care.regimen-alerts</c> (topic exchange; routing key
/// <c>&lt;concern&gt;.&lt;severity&gt;</c>, escalations on <c>escalation.&lt;severity&gt;</c>). One
/// <see cref="AlertId"/> covers one episode of one finding: it is first <c>active</c>, later <c>resolved</c>.
/// </summary>
public sealed record RegimenAlertRaised
{
    /// <summary>Exchange the alerts are published to.</summary>
    public const string ExchangeName = "care.regimen-alerts";

    /// <summary>Stable for one episode of one finding.</summary>
    public Guid AlertId { get; init; }

    /// <summary>The publisher's patient reference.</summary>
    public required string PatientId { get; init; }

    /// <summary><c>active</c> or <c>resolved</c>.</summary>
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
}
