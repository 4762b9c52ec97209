using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>Read-only queries for the verbs.</summary>
internal sealed class RegimenReader(RegimenDbContext db)
{
    public async Task<PatientView?> GetPatientAsync(string patientRef, CancellationToken ct)
    {
        var patient = await db.Patients.AsNoTracking().Include(p => p.Items)
            .SingleOrDefaultAsync(p => p.PatientRef == patientRef, ct);
        if (patient is null)
        {
            return null;
        }

        // a dispense a care team reported stopped is covered until that stop, as the decisions evaluate it
        var stored = patient.Items.ToList();
        ReportedStops.Apply(stored, owned: null);
        var items = stored
            .OrderBy(i => i.StartedAt).ThenBy(i => i.Kind, StringComparer.Ordinal).ThenBy(i => i.ItemKey, StringComparer.Ordinal)
            .Select(View)
            .ToList();
        var findings = await db.Findings.AsNoTracking().Where(f => f.PatientId == patient.Id && f.State == "active")
            .OrderByDescending(f => f.SeverityRank).ThenBy(f => f.RuleId).ToListAsync(ct);
        var unrecognised = patient.Items.Where(i => !i.Withdrawn && i.Ingredients is { Length: 0 }).Select(i => i.ProductText)
            .Distinct(StringComparer.Ordinal).ToList(); // each text once, as evaluate and the alerts' "unchecked" list them
        var alertIds = findings.Select(f => f.AlertId).ToList();
        var acknowledgements = (await db.Acknowledgements.AsNoTracking()
                .Where(a => alertIds.Contains(a.AlertId))
                .Select(a => new { a.Id, a.AlertId, a.Outcome, a.AcknowledgedBy, a.AcknowledgedAt })
                .ToListAsync(ct))
            .OrderBy(a => a.AcknowledgedAt).ThenBy(a => a.Id)
            .ToLookup(a => a.AlertId, a => new AcknowledgementView(a.Outcome, a.AcknowledgedBy, a.AcknowledgedAt));
        var escalations = (await db.Outbox.AsNoTracking()
                .Where(m => alertIds.Contains(m.AlertId) && m.Kind == AlertComposer.EscalationKind)
                .Select(m => new { m.AlertId, m.CreatedAt })
                .ToListAsync(ct))
            .ToLookup(m => m.AlertId, m => m.CreatedAt);
        return new PatientView(patient.PatientRef, patient.Version, patient.UpdatedAt, items,
            findings.Select(f =>
            {
                var escalated = Escalations(f, escalations[f.AlertId]);
                return new ActiveFindingView(f.AlertId, f.RaisedAt, f.RuleSetVersion, [.. acknowledgements[f.AlertId]],
                    escalated.Count == 0 ? null : escalated.Max(), escalated.Count,
                    JsonSerializer.Deserialize<FindingView>(f.PayloadJson, WireJson.Options)!);
            }).ToList(),
            unrecognised);
    }

    /// <summary>
    /// When the finding's alert was escalated: its escalation messages in the outbox, and its own <c>escalated_at</c>
    /// (the escalation of its latest active message, kept when retention has purged that message; cleared when the
    /// alert is sent again as active, while the earlier escalation's message stays in the outbox).
    /// </summary>
    private static List<DateTimeOffset> Escalations(FindingRecord finding, IEnumerable<DateTimeOffset> messages)
    {
        var instants = messages.ToList();
        if (finding.EscalatedAt is { } at && !instants.Contains(at))
        {
            instants.Add(at);
        }

        return instants;
    }

    /// <summary>An item as <c>inspect</c> shows it: the stored columns, the event's details and where its coverage ends.</summary>
    private static RegimenItemView View(RegimenItemRecord i)
    {
        using var details = JsonDocument.Parse(string.IsNullOrEmpty(i.DetailsJson) ? "{}" : i.DetailsJson);
        var d = details.RootElement;
        var kind = i.Kind == "medication" ? RegimenItemKind.Medication : RegimenItemKind.Supplement;
        var coverage = new RegimenItem
        {
            ItemId = i.ItemKey, Kind = kind, ProductText = i.ProductText, Ingredients = [],
            StartedAt = i.StartedAt, DaysSupply = i.DaysSupply, StoppedAt = i.CoverageStop,
        };
        return new RegimenItemView(
            i.Kind, i.ItemKey, i.Status, i.Withdrawn, i.ProductText,
            i.Ingredients is null ? null : i.Ingredients.Split(',', StringSplitOptions.RemoveEmptyEntries),
            i.StartedAt, i.DaysSupply, i.DaysSupplyAssumed, i.StoppedAt, i.SourceEventId,
            i.Atc, i.Rxnorm, i.Ndc,
            RegimenItemRecord.DetailText(d, "dosageText"),
            d.ValueKind == JsonValueKind.Object && d.TryGetProperty("quantity", out var q) && q.ValueKind == JsonValueKind.Number ? q.GetDecimal() : null,
            RegimenItemRecord.DetailText(d, "pharmacyId"),
            RegimenItemRecord.DetailText(d, "prescriptionId"),
            RegimenItemRecord.DetailText(d, "source"),
            kind == RegimenItemKind.Medication && i.DaysSupply is { } days ? i.StartedAt.AddDays(Math.Clamp(days, 0, 36_500)) : null,
            // a withdrawn item is never counted as taken: no coverage to end
            i.Withdrawn ? null : RuleEngine.CoveredUntil(coverage),
            i.ReportedStop);
    }

    public Task<List<string>> ListPatientRefsAsync(CancellationToken ct) =>
        db.Patients.AsNoTracking().OrderBy(p => p.PatientRef).Select(p => p.PatientRef).ToListAsync(ct);

    public Task<int> CountProcessedAsync(CancellationToken ct) => db.ProcessedEvents.CountAsync(ct);

    public Task<int> CountUndispatchedAlertsAsync(CancellationToken ct) => db.Outbox.CountAsync(m => m.DispatchedAt == null, ct);

    public Task<int> CountDispatchedAlertsAsync(CancellationToken ct) => db.Outbox.CountAsync(m => m.DispatchedAt != null, ct);

    public async Task<Dictionary<string, int>> CountOutcomesAsync(CancellationToken ct) =>
        await db.ProcessedEvents.GroupBy(e => e.Outcome).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
}
