namespace RegimenMonitor.Contracts;

/// <summary>A supplement, herbal or OTC product as reported.</summary>
public sealed record SupplementProduct
{
    /// <summary>Product text as reported, e.g. "St. John's Wort 300 mg". Required.</summary>
    public string? Text { get; init; }

    /// <summary>ATC code, when known.</summary>
    public string? Atc { get; init; }
}
