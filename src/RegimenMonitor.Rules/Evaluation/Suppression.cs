namespace RegimenMonitor.Rules.Evaluation;

/// <summary>Why a hit gives no finding of its own.</summary>
internal enum Suppression
{
    /// <summary>It gives a finding.</summary>
    None,

    /// <summary>The same rule already matched the same two products (through another ingredient of a combination).</summary>
    DuplicateProductPair,

    /// <summary>A pair fully covered by the serotonergic load finding, which supersedes it.</summary>
    SubsumedByLoad,

    /// <summary>A set rule suppressed by another set rule for the same anchor, which supersedes it.</summary>
    SupersededBySet,

    /// <summary>A depletion hit for a nutrient another depletion finding already names, which covers it.</summary>
    SameNutrient,
}
