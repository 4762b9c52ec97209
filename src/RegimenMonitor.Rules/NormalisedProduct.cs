namespace RegimenMonitor.Rules;

/// <summary>The result of normalising one product text (and optional codes) to ingredients.</summary>
public sealed record NormalisedProduct
{
    /// <summary>Canonical ingredient names, sorted, distinct; empty when unrecognised.</summary>
    public required IReadOnlyList<string> Ingredients { get; init; }

    /// <summary>True when at least one ingredient was recognised.</summary>
    public bool IsRecognised => Ingredients.Count > 0;

    /// <summary>
    /// How the match was made: <c>atc</c>, <c>rxnorm</c>, <c>text</c>, <c>fuzzy</c> (a word was corrected) or <c>none</c>; the
    /// worker sets <c>rxnorm</c> or <c>ndc</c> for a product read through its imported terminology.
    /// </summary>
    public required string MatchedBy { get; init; }

    /// <summary>Per ingredient (sorted by name), the route and phrase that mapped it, so a wrong mapping can be seen.</summary>
    public IReadOnlyList<IngredientMatch> Matches { get; init; } = [];

    /// <summary>
    /// True when the text contained mis-encoded characters (Windows-1252 read as Latin-1, UTF-8 read as Windows-1252,
    /// or U+FFFD) that were repaired or that blocked a correction, or characters folded to what they look like
    /// (invisible format characters, full-width forms, Cyrillic or Greek look-alikes in a Latin word); the mapping is
    /// still shown in <see cref="Matches"/>.
    /// </summary>
    public bool TextRepaired { get; init; }
}
