namespace RegimenMonitor.Rules.Loading;

/// <summary>A <c>load</c> rule as written: <c>minCount</c> of the <c>count</c> classes; <c>list</c> classes are listed too.</summary>
internal sealed record LoadRuleEntry(RuleHeader Header, int MinCount, IReadOnlyList<string> Count, IReadOnlyList<string> List) : RuleEntry(Header);
