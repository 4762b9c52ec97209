using RegimenMonitor.Rules;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// A validated event, mapped to what it does to one regimen item: set it (insert or replace) or withdraw it.
/// </summary>
internal sealed record RegimenChange
{
    public required Guid EventId { get; init; }

    public required string EventType { get; init; }

    public required string PatientRef { get; init; }

    public required RegimenItemKind Kind { get; init; }

    /// <summary>dispenseId or statementId: the key a later correction replaces.</summary>
    public required string ItemKey { get; init; }

    /// <summary>The event's own timestamp (dispensedAt / reportedAt): orders corrections of one item.</summary>
    public required DateTimeOffset EffectiveAt { get; init; }

    /// <summary>True for entered-in-error / cancelled / declined: the item no longer counts.</summary>
    public required bool Withdraws { get; init; }

    public required string Status { get; init; }

    public required string ProductText { get; init; }

    /// <summary>
    /// True when the event gave no product text and <see cref="ProductText"/> was made from its code ("NDC …",
    /// "RxNorm …"): a field the event does not give, which <see cref="EventFingerprint.Differing"/> does not name.
    /// </summary>
    public bool TextFromCode { get; init; }

    public string? Atc { get; init; }

    public string? Rxnorm { get; init; }

    public string? Ndc { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>True when the event gave no start (a statement without startedOn): a replacement keeps the earlier start.</summary>
    public bool StartInferred { get; init; }

    /// <summary>
    /// True when the start is inferred from the stop (a stop reported without startedOn, at or after the stop: the day
    /// before it). An earlier start of the item it replaces, before the stop, is kept instead.
    /// </summary>
    public bool StartBeforeStop { get; init; }

    public int? DaysSupply { get; init; }

    public bool DaysSupplyAssumed { get; init; }

    public DateTimeOffset? StoppedAt { get; init; }

    /// <summary>
    /// True when the event gave no stop date and <see cref="StoppedAt"/> is its <c>reportedAt</c> (a stopped statement
    /// without <c>stoppedOn</c>): a field the event does not give, which <see cref="EventFingerprint.Differing"/> does not name.
    /// </summary>
    public bool StopInferred { get; init; }

    /// <summary>Optional fields carried for the explanation (quantity, dosage, pharmacy, prescription, source).</summary>
    public string? DetailsJson { get; init; }
}
