namespace RegimenMonitor.Contracts;

/// <summary>Why an alert left <c>active</c> (set on <c>resolved</c> and <c>superseded</c> messages).</summary>
public sealed record AlertResolution
{
    /// <summary>
    /// <c>combination-ended</c> (a product ended: stopped, its supply ran out, or a washout after it is over),
    /// <c>dispense-withdrawn</c> (a dispense or a report was withdrawn: entered in error, cancelled, declined),
    /// <c>superseded</c> (folded into another alert, see <see cref="RegimenAlertRaised.SupersededBy"/>; still a risk),
    /// <c>rule-set-changed</c> (the updated knowledge base no longer raises it) or <c>no-longer-detected</c>.
    /// </summary>
    public required string Reason { get; init; }

    /// <summary>When the change was recorded.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>The products whose ending or withdrawal ended the combination.</summary>
    public IReadOnlyList<AlertEndedProduct>? Ended { get; init; }

    /// <summary>For <c>rule-set-changed</c>: the version that had raised the alert.</summary>
    public string? PreviousRuleSetVersion { get; init; }

    /// <summary>
    /// On a resolved alert whose other products are still reported together: the active alert that reports them (for
    /// example the load finding raised again with three agents after the fourth ended). Not an all-clear.
    /// </summary>
    public Guid? ContinuedIn { get; init; }
}
