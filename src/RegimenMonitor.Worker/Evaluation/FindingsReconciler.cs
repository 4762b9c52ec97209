using System.Text.Json;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Ingestion;
using RegimenMonitor.Worker.Persistence;

namespace RegimenMonitor.Worker.Evaluation;

/// <summary>
/// Compares a fresh evaluation with the patient's active findings by fingerprint: new ones open an episode,
/// continuing ones are refreshed (a refill changes nothing visible), missing ones are resolved. Every opened, risen
/// or resolved finding adds its alert to the outbox in the caller's transaction.
/// </summary>
internal sealed class FindingsReconciler(RegimenDbContext db)
{
    /// <summary>Reconciles against the patient's active findings, which the caller loaded (a whole batch's in one query).</summary>
    public FindingsDiff Reconcile(PatientRecord patient, IEnumerable<FindingRecord> activeFindings, EvaluationResult result, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentNullException.ThrowIfNull(result);
        using var activity = Diagnostics.Telemetry.Source.StartActivity("findings diff");
        var active = activeFindings.ToDictionary(f => f.Fingerprint, StringComparer.Ordinal);
        var diff = new FindingsDiff();
        foreach (var finding in result.Findings)
        {
            var payload = JsonSerializer.Serialize(FindingView.From(finding), WireJson.Options);
            var rank = (int)finding.Severity;
            if (active.Remove(finding.Fingerprint, out var existing))
            {
                if (rank > existing.SeverityRank)
                {
                    diff.Escalated.Add(existing);
                }
                else
                {
                    diff.Continuing++;
                }

                if (existing.PayloadJson != payload || existing.SeverityRank != rank || existing.RuleSetVersion != result.RuleSetVersion)
                {
                    existing.Severity = WireNames.Of(finding.Severity);
                    existing.SeverityRank = rank;
                    existing.Concern = WireNames.Of(finding.Concern);
                    existing.PayloadJson = payload;
                    existing.RuleSetVersion = result.RuleSetVersion;
                    existing.UpdatedAt = now;
                }

                continue;
            }

            var opened = new FindingRecord
            {
                PatientId = patient.Id,
                Fingerprint = finding.Fingerprint,
                AlertId = Guid.NewGuid(),
                RuleId = finding.RuleId,
                Concern = WireNames.Of(finding.Concern),
                Severity = WireNames.Of(finding.Severity),
                SeverityRank = rank,
                State = "active",
                Since = finding.Since,
                RaisedAt = now,
                UpdatedAt = now,
                LastAlertAt = now,
                RuleSetVersion = result.RuleSetVersion,
                PayloadJson = payload,
            };
            db.Findings.Add(opened);
            diff.Opened.Add(opened);
        }

        foreach (var gone in active.Values)
        {
            gone.State = "resolved";
            gone.ResolvedAt = now;
            gone.UpdatedAt = now;
            diff.Resolved.Add(gone);
        }

        patient.NextReviewAt = result.NextChangeAt;
        var alerts = AlertComposer.AddAlerts(db, patient, diff, now);
        if (activity is not null)
        {
            activity.SetTag("regimen_monitor.findings.opened", diff.Opened.Count);
            activity.SetTag("regimen_monitor.findings.escalated", diff.Escalated.Count);
            activity.SetTag("regimen_monitor.findings.resolved", diff.Resolved.Count);
            activity.SetTag("regimen_monitor.findings.continuing", diff.Continuing);
            activity.SetTag("regimen_monitor.alerts.written", alerts);
        }

        return diff;
    }
}
