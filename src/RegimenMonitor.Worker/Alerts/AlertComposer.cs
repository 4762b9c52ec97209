using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Evaluation;
using RegimenMonitor.Worker.Ingestion;
using RegimenMonitor.Worker.Persistence;

namespace RegimenMonitor.Worker.Alerts;

/// <summary>
/// Turns findings changes into outbox rows: an opened finding or a risen severity writes an <c>active</c> alert, a
/// resolved finding a <c>resolved</c> one, an overdue unacknowledged alert an escalation. Rows are only added to the
/// context: they commit (or not) with the regimen change that caused them.
/// </summary>
internal static class AlertComposer
{
    public const string AlertKind = "alert";
    public const string EscalationKind = "escalation";

    /// <summary>Adds the alerts for one patient's findings diff; returns how many.</summary>
    public static int AddAlerts(RegimenDbContext db, PatientRecord patient, FindingsDiff diff, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(diff);
        foreach (var finding in diff.Opened.Concat(diff.Escalated))
        {
            finding.LastAlertAt = now;
            finding.EscalatedAt = null;
            db.Outbox.Add(Compose(patient.PatientRef, finding, "active", AlertKind, now));
        }

        foreach (var finding in diff.Resolved)
        {
            db.Outbox.Add(Compose(patient.PatientRef, finding, "resolved", AlertKind, now));
        }

        var written = diff.Opened.Count + diff.Escalated.Count + diff.Resolved.Count;
        if (written > 0)
        {
            Diagnostics.AlertTelemetry.AlertsWritten.Add(written, new KeyValuePair<string, object?>("kind", AlertKind));
        }

        return written;
    }

    /// <summary>The overdue re-send of an active alert, routed to <c>escalation.&lt;severity&gt;</c>.</summary>
    public static OutboxMessage Escalation(string patientRef, FindingRecord finding, DateTimeOffset now) =>
        Compose(patientRef, finding, "active", EscalationKind, now);

    public static string RoutingKey(string kind, string concern, string severity) =>
        kind == EscalationKind ? $"escalation.{severity}" : $"{concern}.{severity}";

    private static OutboxMessage Compose(string patientRef, FindingRecord finding, string status, string kind, DateTimeOffset now)
    {
        var view = JsonSerializer.Deserialize<FindingView>(finding.PayloadJson, WireJson.Options)
            ?? throw new InvalidOperationException($"Finding {finding.Id} has an empty payload.");
        var detail = status == "resolved"
            ? $"Resolved on {now.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}: the combination is no longer present in the regimen " +
              $"(a product was withdrawn or stopped, its supply ran out, or a washout ended). It was: {view.Detail}"
            : view.Detail;
        var alert = new RegimenAlertRaised
        {
            AlertId = finding.AlertId,
            PatientId = patientRef,
            Status = status,
            Concern = view.Concern,
            Severity = view.Severity,
            Title = view.Title,
            Detail = detail,
            Recommendation = status == "resolved" ? "No action needed for this combination; review the regimen if it is restarted." : view.Recommendation,
            Involves = view.Involves.Select(i => new AlertInvolvement
            {
                Ingredient = i.Ingredient, Kind = i.Kind, ProductText = i.ProductText, SourceEventId = i.SourceEventId,
            }).ToList(),
            Nutrient = view.Nutrient,
            RuleId = view.RuleId,
            RuleSetVersion = finding.RuleSetVersion,
            Evidence = view.Evidence.Select(e => new AlertEvidence { Grade = e.Grade, Citation = e.Citation }).ToList(),
            RaisedAt = now,
        };
        return new OutboxMessage
        {
            Id = Guid.CreateVersion7(now),
            AlertId = finding.AlertId,
            Kind = kind,
            Status = status,
            RoutingKey = RoutingKey(kind, view.Concern, view.Severity),
            PayloadJson = JsonSerializer.Serialize(alert, WireJson.Options),
            TraceParent = Activity.Current?.Id,
            CreatedAt = now,
        };
    }
}
