namespace RegimenMonitor.LoadDriver.EventMix;

/// <summary>
/// One generated wire-contract event: the structured fields (for tests and reporting) and the raw JSON body that is
/// published, as a non-.NET publisher would write it.
/// </summary>
internal sealed record LoadEvent
{
    public required Guid EventId { get; init; }

    public required string PatientId { get; init; }

    /// <summary><c>pharmacy.medication-dispensed</c> or <c>care.supplement-reported</c>.</summary>
    public required string Exchange { get; init; }

    public required EventCategory Category { get; init; }

    /// <summary>True for dispenses (medications), false for supplement statements.</summary>
    public required bool IsMedication { get; init; }

    /// <summary>The dispense id or statement id: events with the same key replace each other.</summary>
    public required string ItemKey { get; init; }

    public required string ProductText { get; init; }

    /// <summary>The wire status (<c>completed</c>, <c>entered-in-error</c>, <c>active</c>, <c>stopped</c>).</summary>
    public required string Status { get; init; }

    /// <summary><c>dispensedAt</c> or <c>reportedAt</c>.</summary>
    public required DateTimeOffset EffectiveAt { get; init; }

    public int? DaysSupply { get; init; }

    public DateOnly? StartedOn { get; init; }

    public DateOnly? StoppedOn { get; init; }

    /// <summary>When the event happened in the feed (orders the stream); a reversal happens after its dispense.</summary>
    public required DateTimeOffset OccurredAt { get; init; }

    /// <summary>This event completes a combination that the rule set alerts on.</summary>
    public bool CompletesAlert { get; init; }

    /// <summary>The UTF-8 JSON body.</summary>
    public required ReadOnlyMemory<byte> Body { get; init; }
}
