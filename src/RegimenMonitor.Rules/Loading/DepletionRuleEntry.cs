namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// A <c>depletion</c> rule as written: duration <c>steps</c>, <c>nutrient</c>, <c>trigger</c>, optional <c>coRisk</c> and
/// optional <c>unless</c> and optional <c>supplementedBy</c>.
/// </summary>
internal sealed record DepletionRuleEntry(
    RuleHeader Header,
    IReadOnlyList<(int MinDays, string Severity)> Steps,
    string Nutrient,
    IReadOnlyList<string> Trigger,
    IReadOnlyList<string> CoRisk,
    IReadOnlyList<string> Unless,
    IReadOnlyList<string> SupplementedBy) : RuleEntry(Header);
