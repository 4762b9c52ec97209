namespace RegimenMonitor.Rules.Loading;

/// <summary>ingredients.json as parsed, before validation: the catalogue's entries with their raw texts.</summary>
internal sealed record IngredientsFile(
    string Version,
    IReadOnlyList<IngredientEntry> Ingredients,
    IReadOnlyList<PhraseEntry> Phrases,
    IReadOnlyList<ExclusionEntry> NotInCatalogue,
    IReadOnlyList<string> NeverCorrect,
    IReadOnlyList<GuardedPhraseEntry> GuardedPhrases,
    NotByMouthEntry NotByMouth,
    ProductLineEntry ProductLines,
    IReadOnlyList<string> Labelers);
