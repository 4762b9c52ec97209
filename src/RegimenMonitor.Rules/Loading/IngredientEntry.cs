namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// One catalogue ingredient as written: its canonical name, class tags, names and codes, and the words
/// (<paramref name="NotWith"/>) whose presence anywhere in a product text means its phrases name something else.
/// </summary>
internal sealed record IngredientEntry(
    string Name,
    IReadOnlyList<string> Tags,
    IReadOnlyList<string> Brands,
    IReadOnlyList<string> Synonyms,
    IReadOnlyList<string> Salts,
    IReadOnlyList<string> Atc,
    IReadOnlyList<string> RxNorm,
    IReadOnlyList<FormVariantEntry> FormVariants,
    IReadOnlyList<string> NotWith)
{
    public string Label => $"ingredient '{Name}'";
}
