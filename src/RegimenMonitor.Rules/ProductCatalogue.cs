using System.Collections.Frozen;

namespace RegimenMonitor.Rules;

/// <summary>
/// The compiled ingredient catalogue: canonical names and class tags by ingredient id, and the lookup tables the
/// <see cref="ProductNormaliser"/> matches product text and codes with. Immutable once loaded.
/// </summary>
internal sealed class ProductCatalogue
{
    public required string[] IngredientNames { get; init; }

    public required ulong[] IngredientTags { get; init; }

    public required FrozenDictionary<string, int> IngredientIds { get; init; }

    /// <summary>Normalised phrase (name, synonym, brand, salt, combination) → ingredient ids.</summary>
    public required Dictionary<string, int[]> Phrases { get; init; }

    /// <summary>Longest phrase, in words.</summary>
    public required int MaxPhraseWords { get; init; }

    /// <summary>Normalised phrase → how it names its ingredients (name, brand, synonym or salt, combination).</summary>
    public required Dictionary<string, MatchRoute> PhraseRoutes { get; init; }

    /// <summary>
    /// Phrases that name an ingredient only when followed by a strength ("same 400 mg", "7-OH 15 mg") or, if one word,
    /// written exactly so ("SAMe").
    /// </summary>
    public required Dictionary<string, (string Exact, int[] Target)> GuardedWords { get; init; }

    /// <summary>Longest guarded phrase, in words.</summary>
    public required int MaxGuardedWords { get; init; }

    /// <summary>Common words never corrected into a catalogue name ("ultra" is not Ultram).</summary>
    public required FrozenSet<string> NeverCorrect { get; init; }

    /// <summary>Real names deliberately not catalogued, with the reason (null for a bare fuzzy guard).</summary>
    public required FrozenDictionary<string, string?> NotInCatalogue { get; init; }

    public required Dictionary<string, int[]> AtcCodes { get; init; }

    public required Dictionary<string, int[]> RxNormCodes { get; init; }

    /// <summary>Single-word names eligible for fuzzy matching; target null marks a known non-catalogue name.</summary>
    public required (string Word, int[]? Targets)[] FuzzyWords { get; init; }

    /// <summary>Letter sets of <see cref="FuzzyWords"/>, for a cheap lower bound of the edit distance.</summary>
    public required uint[] FuzzyMasks { get; init; }

    /// <summary>Words that are never ingredients (units, dose forms, salts).</summary>
    public required FrozenSet<string> StopWords { get; init; }

    /// <summary>Form variants: ingredient id → (trigger words, replacement ingredient id).</summary>
    public required Dictionary<int, (string[] Words, int Target)> FormVariants { get; init; }

    /// <summary>
    /// Ingredient id → words that, anywhere in the text, mean the ingredient's phrases name something else
    /// ("isopropyl alcohol", "alcohol-free mouthwash" are not alcoholic drinks): the ingredient is not reported.
    /// </summary>
    public required Dictionary<int, string[]> NotWith { get; init; }
}
