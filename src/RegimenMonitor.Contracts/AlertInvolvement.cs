namespace RegimenMonitor.Contracts;

/// <summary>One product involved in an alert.</summary>
public sealed record AlertInvolvement
{
    /// <summary>Canonical ingredient name.</summary>
    public required string Ingredient { get; init; }

    /// <summary><c>medication</c> or <c>supplement</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The product text as the feed sent it.</summary>
    public required string ProductText { get; init; }

    /// <summary>The event that last set this product.</summary>
    public string? SourceEventId { get; init; }

    /// <summary>The dispenseId (medication) or statementId (supplement).</summary>
    public string? ItemId { get; init; }

    /// <summary>The prescription's id, when the dispense carried one.</summary>
    public string? PrescriptionId { get; init; }

    /// <summary>The dispensing pharmacy's id, when the dispense carried one.</summary>
    public string? PharmacyId { get; init; }

    /// <summary>When this dispense was handed over, or this supplement started (the item shown, not earlier refills).</summary>
    public DateTimeOffset? StartedAt { get; init; }
}
