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

    /// <summary>Normalised phrases containing the word "plus", keyed with it ("atacand plus") → ingredient ids.</summary>
    public required Dictionary<string, int[]> PlusPhrases { get; init; }

    /// <summary>Longest phrase of <see cref="PlusPhrases"/>, in words.</summary>
    public required int MaxPlusPhraseWords { get; init; }

    /// <summary>Normalised phrase → how it names its ingredients (name, brand, synonym or salt, combination).</summary>
    public required Dictionary<string, MatchRoute> PhraseRoutes { get; init; }

    /// <summary>
    /// Phrases that name an ingredient only when followed by a strength ("same 400 mg", "7-OH 15 mg") or, if one word,
    /// written exactly so ("SAMe"); with WholeText, also when the phrase is the product's whole text ("molly").
    /// </summary>
    public required Dictionary<string, (string Exact, int[] Target, bool StrengthOnly, bool WholeText)> GuardedWords { get; init; }

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

    /// <summary>
    /// Names of two words or more by their second word, for a misspelt first word ("methylen blue", "ultraa strength
    /// antacid"): the first word (six letters or more), the words from the second on, and the name's ingredients (null for
    /// a known non-catalogue name, which no correction may reach).
    /// </summary>
    public required FrozenDictionary<string, (string First, string[] Others, int[]? Targets)[]> TwoWordNames { get; init; }

    /// <summary>Letter sets of <see cref="FuzzyWords"/>, for a cheap lower bound of the edit distance.</summary>
    public required uint[] FuzzyMasks { get; init; }

    /// <summary>Words that are never ingredients (units, dose forms, salts).</summary>
    public required FrozenSet<string> StopWords { get; init; }

    /// <summary>
    /// Salt names ("omeprazole sodium", "esomeprazole magnesium"): written as one name, never across a separator, so
    /// "omeprazole + sodium bicarbonate" is two products, not the salt and a stray word.
    /// </summary>
    public required FrozenSet<string> SaltPhrases { get; init; }

    /// <summary>
    /// Form variants: ingredient id → its variants in the order listed, each (trigger words, replacement ingredient
    /// id); the first whose word is in the text applies.
    /// </summary>
    public required Dictionary<int, (string[] Words, int Target)[]> FormVariants { get; init; }

    /// <summary>
    /// Ingredient id → words that, anywhere in the text, mean the ingredient's phrases name something else
    /// ("isopropyl alcohol", "alcohol-free mouthwash" are not alcoholic drinks): the ingredient is not reported.
    /// </summary>
    public required Dictionary<int, string[]> NotWith { get; init; }

    /// <summary>
    /// Combination or phrase key → words that, anywhere in the text, mean the phrase names another product ("Mucinex
    /// Sinus-Max" with "nasal"): the phrase is not matched and shorter ones are tried.
    /// </summary>
    public required Dictionary<string, string[]> PhraseNotWith { get; init; }

    /// <summary>
    /// Combination or phrase key → its variants: the first whose words (any of them, anywhere in the text) are present
    /// names the variant's ingredients instead of the phrase's own ("Mucinex Sinus-Max Night" caplets).
    /// </summary>
    public required Dictionary<string, (string[] Words, int[] Target)[]> PhraseVariants { get; init; }

    /// <summary>
    /// Ingredient id → its "not by mouth" variant (a catalogue ingredient no rule names), used when the text says the
    /// product is not taken by mouth (<see cref="NotByMouthWords"/>): the ingredient's rules all act in the gut.
    /// </summary>
    public required Dictionary<int, int> NotByMouth { get; init; }

    /// <summary>Words and phrases (as word sequences) that say a product is not taken by mouth ("eye drops", "cream").</summary>
    public required string[][] NotByMouthWords { get; init; }

    /// <summary>Words and phrases that say a product is taken by mouth ("chewable", "tablet"); they win over <see cref="NotByMouthWords"/>.</summary>
    public required string[][] ByMouthWords { get; init; }

    /// <summary>
    /// Words and phrases of a dispense's directions that say the product is not taken by mouth ("instill", "affected ear",
    /// "apply"), read only when the product text itself names no route (<see cref="NotByMouthWords"/> count too).
    /// </summary>
    public string[][] DirectionWords { get; init; } = [];

    /// <summary>Words of the directions that say by mouth ("take", "swallow", "by mouth"); they win over <see cref="DirectionWords"/>.</summary>
    public string[][] ByMouthDirectionWords { get; init; } = [];

    /// <summary>Brand phrases sold as a line of products with different ingredients ("mucinex", "advil").</summary>
    public required FrozenSet<string> LineBrands { get; init; }

    /// <summary>The symptom words that name a line product's further ingredient.</summary>
    public required LineCue[] LineCues { get; init; }

    /// <summary>Words after which a line product's text is no longer read for cues ("Tylenol for a cold").</summary>
    public required FrozenSet<string> LineStopAt { get; init; }

    /// <summary>
    /// Manufacturer and labeler names (as word sequences) that feeds append to a product ("DR REDDYS"): not product words,
    /// so they are dropped before the text is read ("DR" there is no delayed-release form).
    /// </summary>
    public required string[][] Labelers { get; init; }
}

/// <summary>
/// A product-line cue: in the text of a line brand's product (<see cref="ProductCatalogue.LineBrands"/>) one of
/// <paramref name="Words"/> names <paramref name="Ingredient"/> ("Mucinex … Cough": dextromethorphan), unless a
/// <paramref name="NotWith"/> word is anywhere in the text or a <paramref name="NotAfter"/> word comes right before it, or
/// the product already has an ingredient of a class in <paramref name="UnlessTags"/> (0: none).
/// </summary>
internal sealed record LineCue(int Ingredient, string[] Words, string[] NotWith, string[] NotAfter, ulong UnlessTags);
