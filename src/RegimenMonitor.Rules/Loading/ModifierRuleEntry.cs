namespace RegimenMonitor.Rules.Loading;

/// <summary>A <c>modifier</c> rule as written: the recent-start window <c>withinDays</c>.</summary>
internal sealed record ModifierRuleEntry(RuleHeader Header, int WithinDays) : RuleEntry(Header);
