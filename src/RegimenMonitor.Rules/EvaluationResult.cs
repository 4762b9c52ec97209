namespace RegimenMonitor.Rules;

/// <summary>The outcome of evaluating one regimen at one instant.</summary>
public sealed record EvaluationResult
{
    /// <summary>Version of the knowledge base that produced the findings.</summary>
    public required string RuleSetVersion { get; init; }

    /// <summary>Findings, ordered by severity (highest first), then rule id.</summary>
    public required IReadOnlyList<Finding> Findings { get; init; }

    /// <summary>
    /// The earliest instant after asOf at which the result can change with time alone (a coverage or grace end,
    /// a washout end, a duration threshold); null when nothing in the regimen is time-dependent any more.
    /// The regimen sweep re-evaluates a patient only once this instant has passed.
    /// </summary>
    public DateTimeOffset? NextChangeAt { get; init; }
}
