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
}
