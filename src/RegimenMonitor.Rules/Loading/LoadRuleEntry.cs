namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// A <c>load</c> rule as written: <c>minCount</c> of the <c>count</c> classes; <c>list</c> classes are listed too;
/// each <c>sameAgent</c> group names ingredients that count as one agent (forms of one drug, as the amphetamine salts
/// of Adderall).
/// </summary>
internal sealed record LoadRuleEntry(
    RuleHeader Header, int MinCount, IReadOnlyList<string> Count, IReadOnlyList<string> List, IReadOnlyList<IReadOnlyList<string>> SameAgent) : RuleEntry(Header);
