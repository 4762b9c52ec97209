namespace RegimenMonitor.Rules.Loading;

/// <summary>rules.json as parsed, before validation: references by number, rule entries and washout entries.</summary>
internal sealed record RulesFile(
    string Version,
    IReadOnlyDictionary<int, string> References,
    IReadOnlyList<RuleEntry> Rules,
    IReadOnlyList<WashoutEntry> Washouts);
