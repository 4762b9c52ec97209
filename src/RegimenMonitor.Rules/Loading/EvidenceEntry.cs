namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// One evidence entry of a rule: a grade, the reference numbers, and the members it is specific to (<c>"for"</c>;
/// null when it applies to the rule as a whole).
/// </summary>
internal sealed record EvidenceEntry(string Grade, IReadOnlyList<int> References, IReadOnlyList<string>? For);
