namespace RegimenMonitor.Contracts;

/// <summary>A dispensed product as the pharmacy system names it. Supplied codes win over the text.</summary>
public sealed record MedicationProduct
{
    /// <summary>Product text as the feed sends it, e.g. "Zoloft 50 mg tablet". Required.</summary>
    public string? Text { get; init; }

    /// <summary>RxNorm code, when known.</summary>
    public string? Rxnorm { get; init; }

    /// <summary>NDC code, when known.</summary>
    public string? Ndc { get; init; }

    /// <summary>ATC code, when known, e.g. "N06AB06".</summary>
    public string? Atc { get; init; }
}
