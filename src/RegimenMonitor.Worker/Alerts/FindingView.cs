using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Alerts;

/// <summary>
/// A finding as people and systems read it (wire names for concern and severity). Stored as the finding's payload:
/// besides the engine's explanation it carries the items' ids from the feed, the fingerprints of findings it folds in
/// (<see cref="Supersedes"/>), the alert that folded it in (<see cref="SupersededBy"/>, while superseded) and the
/// patient's products that could not be checked (<see cref="Unchecked"/>), and, for a finding that holds only through a
/// washout, when the window is over (<see cref="WashoutUntil"/>), and what to do once one of its ingredients is no longer
/// taken (<see cref="EndedAdvice"/>, said by the resolution that ingredient's end causes).
/// </summary>
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
    string Fingerprint,
    IReadOnlyList<string>? Supersedes = null,
    Guid? SupersededBy = null,
    IReadOnlyList<string>? Unchecked = null,
    DateTimeOffset? WashoutUntil = null,
    IReadOnlyList<FindingEndedAdvice>? EndedAdvice = null)
{
    public static FindingView From(Finding finding) => From(finding, null, null);

    /// <summary>The view of an engine finding, with the feed's ids of its items and the regimen's unchecked products.</summary>
    public static FindingView From(Finding finding, IReadOnlyCollection<RegimenItemRecord>? items, IReadOnlyList<string>? uncheckedProducts)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return new FindingView(
            finding.RuleId,
            WireNames.Of(finding.Concern),
            WireNames.Of(finding.Severity),
            finding.Title,
            finding.Detail,
            finding.Recommendation,
            finding.Involves.Select(i => InvolvementView.From(i, items)).ToList(),
            finding.Nutrient,
            finding.Evidence,
            finding.Since,
            finding.Fingerprint,
            finding.Supersedes.Count == 0 ? null : finding.Supersedes,
            null,
            uncheckedProducts is { Count: > 0 } ? uncheckedProducts : null,
            finding.WashoutUntil,
            finding.EndedAdvice.Count == 0 ? null : finding.EndedAdvice);
    }
}
