using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Alerts;

namespace RegimenMonitor.Worker.Fhir;

/// <summary>
/// <c>evaluate --format fhir</c>: the findings of one evaluation as a Bundle (collection) of DetectedIssues, mapped
/// exactly as the worker maps its alerts. Nothing is stored, so each finding's alertId is derived (a name-based UUID of
/// the patient and the finding's fingerprint): the same regimen always prints the same ids. Products that were not
/// recognised are carried by each DetectedIssue (as the worker's alerts carry them) and by an OperationOutcome entry
/// (one warning per product), so a Bundle without findings is never a silent all-clear.
/// </summary>
internal static class EvaluateFhirOutput
{
    public static string Bundle(string? patientId, string ruleSetVersion, IEnumerable<FindingView> findings, DateTimeOffset asOf,
        IEnumerable<string>? unrecognised = null)
    {
        // each text once: a product dispensed every month is one unchecked product
        List<string> notChecked = [.. (unrecognised ?? []).Distinct(StringComparer.Ordinal)];
        var alerts = findings.Select(f => new RegimenAlertRaised
        {
            AlertId = FhirEventId.Version5(FhirEventId.Namespace, $"evaluate|{patientId}|{f.Fingerprint}"),
            PatientId = patientId ?? "unknown",
            Status = "active",
            Concern = f.Concern,
            Severity = f.Severity,
            Title = f.Title,
            Detail = f.Detail,
            Recommendation = f.Recommendation,
            Involves = [.. f.Involves.Select(i => new AlertInvolvement { Ingredient = i.Ingredient, Kind = i.Kind, ProductText = i.ProductText, SourceEventId = i.SourceEventId, ItemId = i.ItemId })],
            Nutrient = f.Nutrient,
            RuleId = f.RuleId,
            RuleSetVersion = ruleSetVersion,
            Evidence = [.. f.Evidence.Select(e => new AlertEvidence { Grade = e.Grade, Citation = e.Citation })],
            RaisedAt = asOf,
            Unchecked = notChecked.Count > 0 ? notChecked : null,
        });
        return DetectedIssueMapper.Collection(alerts, asOf, notChecked, FhirEventId.Version5(FhirEventId.Namespace, $"evaluate|{patientId}|unchecked"));
    }
}
