using System.Collections.Frozen;
using RegimenMonitor.Rules.Model;

namespace RegimenMonitor.Rules;

/// <summary>
/// The reviewed clinical knowledge: ingredient catalogue and rules, embedded in this assembly and versioned.
/// Loading validates every entry; a bad file throws one <see cref="KnowledgeBaseException"/> naming every
/// invalid entry. At load the catalogue is compiled to integer ids and tag bitmasks and the rules to typed
/// records and pair tables, so an evaluation works on arrays. Instances are immutable and safe to share
/// between threads.
/// </summary>
public sealed class KnowledgeBase
{
    internal KnowledgeBase(string version) => Version = version;

    /// <summary>The rule-set version carried by every finding and alert.</summary>
    public string Version { get; }

    /// <summary>Number of catalogue ingredients.</summary>
    public int IngredientCount => IngredientNames.Length;

    /// <summary>Canonical names of all catalogue ingredients, in id order.</summary>
    public IReadOnlyList<string> Ingredients => IngredientNames;

    /// <summary>Ids of all rules (pairs, load, modifier, depletion, absorption, kratom) and washout entries.</summary>
    public IReadOnlyList<string> RuleIds => [.. Rules.Select(r => r.Id), .. WashoutIds];

    internal string[] IngredientNames { get; init; } = [];

    internal ulong[] IngredientTags { get; init; } = [];

    internal FrozenDictionary<string, int> IngredientIds { get; init; } = FrozenDictionary<string, int>.Empty;

    /// <summary>Every compiled rule, in file order.</summary>
    internal Rule[] Rules { get; init; } = [];

    internal string[] WashoutIds { get; init; } = [];

    /// <summary>Pair rules, indexed by <see cref="SerotonergicPairs"/>.</summary>
    internal PairRule[] PairRules { get; init; } = [];

    /// <summary>[p * n + q] → pair rule index + 1 (0: none); negative when q is the rule's side A.</summary>
    internal short[] SerotonergicPairs { get; init; } = [];

    /// <summary>[ended * n + other] → washout days during which the ended ingredient stays present (0: none).</summary>
    internal byte[] WashoutDays { get; init; } = [];

    /// <summary>Largest washout window of each ingredient, in days.</summary>
    internal byte[] MaxWashoutDays { get; init; } = [];

    /// <summary>
    /// Ingredients that silence a depletion rule while taken (its <c>unless</c> set): their last run stays present after
    /// it ends, so the finding is dated from that end.
    /// </summary>
    internal bool[] CounteractsDepletion { get; init; } = [];

    /// <summary>Absorption rules, indexed by <see cref="AbsorptionPairs"/>.</summary>
    internal AbsorptionRule[] AbsorptionRules { get; init; } = [];

    /// <summary>[object * n + precipitant] → absorption rule index + 1 (0: none); negative when p is the precipitant.</summary>
    internal short[] AbsorptionPairs { get; init; } = [];

    /// <summary>Depletion rules triggered by each ingredient.</summary>
    internal DepletionRule[][] DepletionRules { get; init; } = [];

    /// <summary>Set (kratom) rules, in file order.</summary>
    internal SetRule[] SetRules { get; init; } = [];

    /// <summary>The load rule (SER-17), if any.</summary>
    internal LoadRule? SerotonergicLoad { get; init; }

    /// <summary>The recent-start modifier (SER-18), if any.</summary>
    internal ModifierRule? RecentStart { get; init; }

    /// <summary>Whether an ingredient takes part in any rule (used to keep NextChangeAt precise).</summary>
    internal bool[] RuleRelevant { get; init; } = [];

    /// <summary>The compiled ingredient catalogue the <see cref="ProductNormaliser"/> matches with.</summary>
    internal ProductCatalogue Catalogue { get; init; } = null!;

    /// <summary>Real names deliberately not catalogued, with the reason (see <see cref="ProductCatalogue.NotInCatalogue"/>).</summary>
    internal FrozenDictionary<string, string?> NotInCatalogue => Catalogue.NotInCatalogue;

    /// <summary>Loads and validates the knowledge base embedded in this assembly.</summary>
    public static KnowledgeBase LoadEmbedded() => KnowledgeBaseLoader.LoadEmbedded();

    /// <summary>
    /// Loads and validates a knowledge base from the given JSON texts (the same format as the embedded
    /// <c>ingredients.json</c> and <c>rules.json</c>); used by tests and reviewers of candidate files.
    /// </summary>
    /// <exception cref="KnowledgeBaseException">A file is malformed or entries are invalid; the message names every one.</exception>
    public static KnowledgeBase Load(string ingredientsJson, string rulesJson) => KnowledgeBaseLoader.Load(ingredientsJson, rulesJson);
}
