using RegimenMonitor.Rules;

namespace RegimenMonitor.Worker.Evaluation;

/// <summary>A finding as people and systems read it (wire names for concern and severity).</summary>
internal sealed record FindingView(
    string RuleId,
    string Concern,
    string Severity,
    string Title,
    string Detail,
    string Recommendation,
    IReadOnlyList<InvolvementView> Involves,
    string? Nutrient,
    IReadOnlyList<EvidenceReference> Evidence,
    DateTimeOffset Since,
    string Fingerprint)
{
    public static FindingView From(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return new FindingView(
            finding.RuleId,
            WireNames.Of(finding.Concern),
            WireNames.Of(finding.Severity),
            finding.Title,
            finding.Detail,
            finding.Recommendation,
            finding.Involves.Select(i => new InvolvementView(i.Ingredient, i.Kind == RegimenItemKind.Medication ? "medication" : "supplement", i.ProductText, i.SourceEventId)).ToList(),
            finding.Nutrient,
            finding.Evidence,
            finding.Since,
            finding.Fingerprint);
    }
}

/// <summary>One product in a finding.</summary>
internal sealed record InvolvementView(string Ingredient, string Kind, string ProductText, string? SourceEventId);
