using System.Text.RegularExpressions;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Database;

using R4 = Hl7.Fhir.Model;

namespace RegimenMonitor.Worker.Fhir;

/// <summary>
/// An alert as a FHIR R4 <c>DetectedIssue</c> (pure; the table is in docs/fhir.md). The resource id and identifier are
/// the alertId, so the latest DetectedIssue per id is the alert's state, as with the native body. Severity:
/// contraindicated and major → high, moderate → moderate, info → low. Status: an active alert is <c>final</c>, a
/// resolved one <c>cancelled</c> (FHIR has no "resolved"; cancelled is what receivers treat as no longer standing).
/// Acknowledgements become <c>mitigation</c> entries.
/// </summary>
internal static partial class DetectedIssueMapper
{
    /// <summary>Our code systems (URNs: they name, they do not resolve).</summary>
    public const string ConcernSystem = "urn:regimen-monitor:concern";
    public const string RuleSystem = "urn:regimen-monitor:rule";
    public const string EvidenceGradeSystem = "urn:regimen-monitor:evidence-grade";
    public const string AcknowledgementSystem = "urn:regimen-monitor:acknowledgement";
    public const string ActCodeSystem = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    /// <summary>The monograph of a rule: its row in the rule table (docs/rules.md), named by rule id.</summary>
    public const string MonographBase = "urn:regimen-monitor:rule:";

    public static R4.DetectedIssue Map(RegimenAlertRaised alert, IEnumerable<AlertAcknowledgement>? acknowledgements = null)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var issue = new R4.DetectedIssue
        {
            Id = alert.AlertId.ToString(),
            Identifier = [new R4.Identifier("urn:ietf:rfc:3986", "urn:uuid:" + alert.AlertId)],
            Status = alert.Status == "resolved" ? R4.ObservationStatus.Cancelled : R4.ObservationStatus.Final,
            Code = Code(alert),
            Severity = Severity(alert.Severity),
            Patient = Patient(alert.PatientId),
            Identified = new R4.FhirDateTime(alert.RaisedAt),
            Author = new R4.ResourceReference { Display = $"RegimenMonitor rule set {alert.RuleSetVersion}" },
            Implicated = [.. alert.Involves.Select(Implicated)],
            Evidence = [.. alert.Evidence.Select(e => new R4.DetectedIssue.EvidenceComponent
            {
                Code = [new R4.CodeableConcept(EvidenceGradeSystem, e.Grade, e.Grade, e.Citation)],
            })],
            Detail = $"{alert.Title}. {alert.Detail} What to do: {alert.Recommendation}",
            Reference = MonographBase + alert.RuleId,
            Mitigation = [.. (acknowledgements ?? []).OrderBy(a => a.AcknowledgedAt).Select(Mitigation)],
        };
        return issue;
    }

    public static R4.DetectedIssue.DetectedIssueSeverity Severity(string severity) => severity switch
    {
        "contraindicated" or "major" => R4.DetectedIssue.DetectedIssueSeverity.High,
        "moderate" => R4.DetectedIssue.DetectedIssueSeverity.Moderate,
        "info" => R4.DetectedIssue.DetectedIssueSeverity.Low,
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "unknown severity"),
    };

    /// <summary>Our concern and rule; the interaction concerns also as HL7's DRG (drug interaction alert).</summary>
    private static R4.CodeableConcept Code(RegimenAlertRaised alert)
    {
        var concept = new R4.CodeableConcept { Text = alert.Title };
        if (alert.Concern is "serotonergic-contraindicated" or "serotonergic-stacking" or "kratom-interaction" or "absorption-timing")
        {
            concept.Coding.Add(new R4.Coding(ActCodeSystem, "DRG", "Drug Interaction Alert"));
        }

        concept.Coding.Add(new R4.Coding(ConcernSystem, alert.Concern));
        concept.Coding.Add(new R4.Coding(RuleSystem, alert.RuleId) { Version = alert.RuleSetVersion });
        return concept;
    }

    /// <summary>Patient/&lt;id&gt; when the id is a valid FHIR id, else a logical reference by identifier.</summary>
    private static R4.ResourceReference Patient(string patientId) => FhirId().IsMatch(patientId)
        ? new R4.ResourceReference("Patient/" + patientId)
        : new R4.ResourceReference { Type = "Patient", Identifier = new R4.Identifier { Value = patientId } };

    /// <summary>The dispense or statement that set the product, by the event id it arrived with (FHIR: derived, docs/fhir.md).</summary>
    private static R4.ResourceReference Implicated(AlertInvolvement involvement)
    {
        var reference = new R4.ResourceReference
        {
            Type = involvement.Kind == "medication" ? "MedicationDispense" : "MedicationStatement",
            Display = $"{involvement.ProductText} ({involvement.Ingredient})",
        };
        if (involvement.SourceEventId is { Length: > 0 } eventId)
        {
            reference.Identifier = new R4.Identifier("urn:ietf:rfc:3986", "urn:uuid:" + eventId);
        }

        return reference;
    }

    private static R4.DetectedIssue.MitigationComponent Mitigation(AlertAcknowledgement acknowledgement) => new()
    {
        Action = new R4.CodeableConcept(AcknowledgementSystem, acknowledgement.Outcome, acknowledgement.Outcome,
            acknowledgement.Reason is { Length: > 0 } reason ? $"{acknowledgement.Outcome}: {reason}" : acknowledgement.Outcome),
        DateElement = new R4.FhirDateTime(acknowledgement.AcknowledgedAt),
        Author = new R4.ResourceReference { Display = acknowledgement.AcknowledgedBy },
    };

    /// <summary>A Bundle (collection) of DetectedIssues, e.g. for <c>evaluate --format fhir</c>.</summary>
    public static R4.Bundle Collection(IEnumerable<R4.DetectedIssue> issues, DateTimeOffset timestamp) => new()
    {
        Type = R4.Bundle.BundleType.Collection,
        Timestamp = timestamp,
        Entry = [.. issues.Select(i => new R4.Bundle.EntryComponent { FullUrl = "urn:uuid:" + i.Id, Resource = i })],
    };

    [GeneratedRegex("^[A-Za-z0-9\\-\\.]{1,64}$")]
    private static partial Regex FhirId();
}
