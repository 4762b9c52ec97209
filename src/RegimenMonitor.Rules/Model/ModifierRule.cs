namespace RegimenMonitor.Rules.Model;

/// <summary>Recent-start modifier (SER-18): adds to serotonergic findings; produces no finding itself.</summary>
internal sealed class ModifierRule(RuleText text) : Rule(text)
{
    public override RuleKind Kind => RuleKind.Modifier;

    /// <summary>How long after its start an agent counts as recently started, in days.</summary>
    public required int WithinDays { get; init; }
}
