namespace RegimenMonitor.Rules.Model;

/// <summary>Two ingredients active together (serotonergic pairs SER-01 …), optionally kept present by washout windows.</summary>
internal sealed class PairRule(RuleText text) : Rule(text)
{
    public override RuleKind Kind => RuleKind.Pair;

    /// <summary>Whether washout windows keep an ended member present.</summary>
    public bool Washout { get; init; }

    /// <summary>Side A, indexed by ingredient id.</summary>
    public required bool[] SideA { get; init; }

    /// <summary>Side B, indexed by ingredient id.</summary>
    public required bool[] SideB { get; init; }

    /// <summary>Management sentences about the interval after stopping a member, added in their direction only.</summary>
    public WashoutAdvice[] WashoutAdvice { get; init; } = [];

    /// <summary>What to do once a member is no longer taken: said in the resolution that member's end causes.</summary>
    public EndedAdvice[] EndedAdvice { get; init; } = [];

    /// <summary>What the serotonergic load finding must still say about one member when it folds this pair in.</summary>
    public LoadAdvice? LoadAdvice { get; init; }
}
