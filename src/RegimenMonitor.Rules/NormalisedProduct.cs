namespace RegimenMonitor.Rules;

/// <summary>The result of normalising one product text (and optional codes) to ingredients.</summary>
public sealed record NormalisedProduct
{
    /// <summary>Canonical ingredient names, sorted, distinct; empty when unrecognised.</summary>
    public required IReadOnlyList<string> Ingredients { get; init; }

    /// <summary>True when at least one ingredient was recognised.</summary>
    public bool IsRecognised => Ingredients.Count > 0;

    /// <summary>How the match was made: <c>atc</c>, <c>rxnorm</c>, <c>text</c>, <c>fuzzy</c> or <c>none</c>.</summary>
    public required string MatchedBy { get; init; }
}
