namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// A <c>set</c> rule as written: member <c>groups</c>, <c>escalate</c> (null: never), <c>anchor</c>,
/// <c>maxPartners</c> (0: unlimited) and <c>suppressedBy</c>.
/// </summary>
internal sealed record SetRuleEntry(
    RuleHeader Header,
    IReadOnlyList<(IReadOnlyList<string> Members, int Min)> Groups,
    (int AtCount, string Severity)? Escalate,
    IReadOnlyList<string> Anchor,
    int MaxPartners,
    IReadOnlyList<string> SuppressedBy) : RuleEntry(Header);
