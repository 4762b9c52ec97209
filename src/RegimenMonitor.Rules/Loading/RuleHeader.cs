namespace RegimenMonitor.Rules.Loading;

/// <summary>What every rule entry has, as written (concern and severity still texts).</summary>
internal sealed record RuleHeader(
    string Id,
    string Concern,
    string Severity,
    IReadOnlyList<EvidenceEntry> Evidence,
    string Title,
    string Mechanism,
    string Management)
{
    public string Label => $"rule '{Id}'";
}
