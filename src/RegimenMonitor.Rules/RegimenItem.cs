namespace RegimenMonitor.Rules;

/// <summary>
/// One product in a patient's regimen as the engine sees it: already normalised to ingredients by
/// <see cref="ProductNormaliser"/>, with the time facts the rules need. The worker maps wire events to these.
/// </summary>
public sealed record RegimenItem
{
    /// <summary>Stable id of the item within the regimen (the dispenseId or statementId).</summary>
    public required string ItemId { get; init; }

    /// <summary>Whether the item is a dispensed medication or a reported supplement/OTC product.</summary>
    public required RegimenItemKind Kind { get; init; }

    /// <summary>The product text exactly as the feed sent it; carried into findings, never logged.</summary>
    public required string ProductText { get; init; }

    /// <summary>Canonical ingredient names (lower-case) the product was normalised to; empty when unrecognised.</summary>
    public required IReadOnlyList<string> Ingredients { get; init; }

    /// <summary>Dispensed at (medication) or started on (supplement).</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Days of supply of a dispense; null for supplements (they run until stopped).</summary>
    public int? DaysSupply { get; init; }

    /// <summary>True when <see cref="DaysSupply"/> is a configured default because the feed sent none.</summary>
    public bool DaysSupplyAssumed { get; init; }

    /// <summary>When a supplement statement was stopped; null while it is taken.</summary>
    public DateTimeOffset? StoppedAt { get; init; }

    /// <summary>The event id that last set this item (for the alert's explanation).</summary>
    public string? SourceEventId { get; init; }
}
