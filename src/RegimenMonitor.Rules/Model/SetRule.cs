namespace RegimenMonitor.Rules.Model;

/// <summary>An anchor ingredient with all its active partners from member groups (the kratom rules).</summary>
internal sealed class SetRule(RuleText text) : Rule(text)
{
    public override RuleKind Kind => RuleKind.Set;

    /// <summary>Anchor ingredients, indexed by ingredient id.</summary>
    public required bool[] Anchors { get; init; }

    /// <summary>Partner groups; the rule fires when any group reaches its minimum.</summary>
    public required SetGroup[] Groups { get; init; }

    /// <summary>Maximum number of partners (0 = unlimited).</summary>
    public int MaxPartners { get; init; }

    /// <summary>Partner count at which severity escalates (0 = never).</summary>
    public int EscalateAt { get; init; }

    /// <summary>Severity after escalation.</summary>
    public Severity EscalatedSeverity { get; init; }

    /// <summary>Ids of the set rules that suppress this one for the same anchor.</summary>
    public string[] SuppressedByIds { get; init; } = [];

    /// <summary>The set rules named by <see cref="SuppressedByIds"/>, resolved once all rules are compiled.</summary>
    public SetRule[] SuppressedBy { get; set; } = [];
}
