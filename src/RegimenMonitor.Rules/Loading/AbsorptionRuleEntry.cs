namespace RegimenMonitor.Rules.Loading;

/// <summary>An <c>absorption</c> rule as written: the <c>object</c> drugs and their <c>precipitants</c>.</summary>
internal sealed record AbsorptionRuleEntry(RuleHeader Header, IReadOnlyList<string> Object, IReadOnlyList<string> Precipitants) : RuleEntry(Header);
