namespace RegimenMonitor.Rules.Model;

/// <summary>
/// Continuous therapy of a trigger ingredient depleting a nutrient, optionally only with a co-risk, and never while an
/// ingredient that counteracts the depletion (<see cref="Unless"/>) is active.
/// </summary>
internal sealed class DepletionRule(RuleText text) : Rule(text)
{
    public override RuleKind Kind => RuleKind.Depletion;

    /// <summary>The depleted nutrient.</summary>
    public required string DepletedNutrient { get; init; }

    public override string? Nutrient => DepletedNutrient;

    /// <summary>Trigger ingredients, indexed by ingredient id.</summary>
    public required bool[] Triggers { get; init; }

    /// <summary>Co-risk ingredients, indexed by ingredient id; empty when none is required.</summary>
    public required bool[] CoRisks { get; init; }

    /// <summary>Duration steps, ascending by <see cref="DepletionStep.MinDays"/>.</summary>
    public required DepletionStep[] Steps { get; init; }

    /// <summary>
    /// Ingredients that counteract the depletion (a potassium-sparing diuretic for a thiazide's potassium loss), indexed
    /// by ingredient id; empty when none. While one is active, in the same product or another, the rule is silent.
    /// </summary>
    public required bool[] Unless { get; init; }

    /// <summary>
    /// Ingredients that supply the nutrient without making the rule's check unnecessary (a vitamin B12 supplement with
    /// metformin: B12 is still checked), indexed by ingredient id; empty when none. An active one does not silence the
    /// rule; the finding names it, so the care team sees the supplement was taken into account.
    /// </summary>
    public required bool[] SupplementedBy { get; init; }

    public bool RequiresCoRisk => CoRisks.Length > 0;

    public bool HasUnless => Unless.Length > 0;

    public bool HasSupplementedBy => SupplementedBy.Length > 0;
}
