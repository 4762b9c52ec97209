namespace RegimenMonitor.Rules.Model;

/// <summary>What every rule has, whatever its kind: id, concern, severity, the reviewed texts and the evidence.</summary>
internal sealed record RuleText(
    string Id,
    Concern Concern,
    Severity Severity,
    string Title,
    string Mechanism,
    string Management,
    IReadOnlyList<EvidenceReference> Evidence,
    bool[]?[] EvidenceFor);
