using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Alerts;

/// <summary>
/// Re-publishes, once, every active <c>major</c> or <c>contraindicated</c> alert that no one acknowledged within
/// <see cref="AlertOptions.EscalateAfter"/> of its latest active alert, with routing key <c>escalation.&lt;severity&gt;</c>.
/// The escalation goes through the outbox like any alert; <c>escalated_at</c> makes it once (a rise in severity,
/// which writes a new active alert, re-arms it).
/// </summary>
internal sealed class EscalationService(RegimenDbContext db, IOptions<AlertOptions> options, TimeProvider timeProvider, ILogger<EscalationService> logger)
{
    private const int MajorRank = 2;
    private const int BatchSize = 200;

    public async Task<int> EscalateOverdueAsync(CancellationToken cancellationToken, CancellationToken stopAfterBatch = default)
    {
        var escalated = 0;
        while (true)
        {
            var now = timeProvider.GetUtcNow();
            var cutoff = now - options.Value.EscalateAfter;
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var overdue = await (
                    from f in db.Findings
                    where f.State == "active" && f.SeverityRank >= MajorRank && f.EscalatedAt == null && f.LastAlertAt <= cutoff
                          && !db.Acknowledgements.Any(a => a.AlertId == f.AlertId)
                    join p in db.Patients on f.PatientId equals p.Id
                    orderby f.LastAlertAt, f.Id
                    select new { Finding = f, p.PatientRef })
                .Take(BatchSize)
                .ToListAsync(cancellationToken);
            if (overdue.Count == 0)
            {
                break;
            }

            var histories = await HistoriesAsync([.. overdue.Select(o => o.Finding)], cancellationToken);
            foreach (var o in overdue)
            {
                db.Outbox.Add(AlertComposer.Escalation(o.PatientRef, o.Finding, now, histories.GetValueOrDefault(o.Finding.AlertId)));
                o.Finding.EscalatedAt = now;
            }

            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            escalated += overdue.Count;
            AlertTelemetry.AlertsWritten.Add(overdue.Count, new KeyValuePair<string, object?>("kind", AlertComposer.EscalationKind));
            if (stopAfterBatch.IsCancellationRequested)
            {
                break; // the host is stopping: the rest are still overdue at the next firing
            }
        }

        if (escalated > 0)
        {
            Log.AlertsEscalated(logger, escalated);
        }

        return escalated;
    }

    /// <summary>
    /// For the findings sent again as active after they were raised (re-armed: reinstated, re-graded, updated), the
    /// transition of their latest active message and whether they were escalated before, from the outbox (one query per
    /// batch, usually for none of them). A message retention already purged is simply not named.
    /// </summary>
    private async Task<Dictionary<Guid, EscalationHistory>> HistoriesAsync(List<FindingRecord> findings, CancellationToken cancellationToken)
    {
        var rearmed = findings.Where(f => f.LastAlertAt > f.RaisedAt).Select(f => f.AlertId).ToList();
        if (rearmed.Count == 0)
        {
            return [];
        }

        var messages = await db.Outbox.AsNoTracking()
            .Where(m => rearmed.Contains(m.AlertId) && m.Status == FindingStates.Active)
            .Select(m => new { m.AlertId, m.Kind, m.CreatedAt, m.PayloadJson })
            .ToListAsync(cancellationToken);
        return messages.GroupBy(m => m.AlertId).ToDictionary(g => g.Key, g => new EscalationHistory(
            g.Where(m => m.Kind == AlertComposer.AlertKind).MaxBy(m => m.CreatedAt) is { } latest
                ? JsonSerializer.Deserialize<RegimenAlertRaised>(latest.PayloadJson, WireJson.Options)?.Transition
                : null,
            g.Any(m => m.Kind == AlertComposer.EscalationKind)));
    }
}
