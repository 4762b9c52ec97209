using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Diagnostics;
using RegimenMonitor.Worker.Ingestion;

namespace RegimenMonitor.Worker.Persistence;

/// <summary>
/// Applies one <see cref="RegimenChange"/> in one transaction: inbox row, regimen item, patient version bump.
/// A lost optimistic-concurrency race or a concurrent duplicate throws; the consumer's retry policy runs the
/// whole unit again on a fresh context.
/// </summary>
internal sealed class RegimenStore(RegimenDbContext db, TimeProvider timeProvider, ILogger<RegimenStore> logger)
{
    public async Task<ApplyOutcome> ApplyAsync(RegimenChange change, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.ProcessedEvents.AnyAsync(e => e.EventId == change.EventId, cancellationToken))
        {
            Log.EventDuplicate(logger, change.EventType, change.EventId);
            return ApplyOutcome.Duplicate;
        }

        var now = timeProvider.GetUtcNow();
        var patient = await db.Patients.Include(p => p.Items)
            .SingleOrDefaultAsync(p => p.PatientRef == change.PatientRef, cancellationToken);
        if (patient is null)
        {
            patient = new PatientRecord { PatientRef = change.PatientRef, SurrogateKey = Guid.NewGuid(), CreatedAt = now };
            db.Patients.Add(patient);
        }

        var kind = KindName(change.Kind);
        var item = patient.Items.SingleOrDefault(i => i.Kind == kind && i.ItemKey == change.ItemKey);
        var outcome = item is not null && IsOlderThan(change, item) ? ApplyOutcome.Stale : ApplyOutcome.Applied;
        if (outcome == ApplyOutcome.Applied)
        {
            var keepStart = item is not null && change.StartInferred && item.StartedAt < change.StartedAt;
            if (item is null)
            {
                item = new RegimenItemRecord { Kind = kind, ItemKey = change.ItemKey, Status = change.Status, ProductText = change.ProductText };
                patient.Items.Add(item);
            }

            var previousStart = item.StartedAt;
            Set(item, change, now);
            if (keepStart)
            {
                item.StartedAt = previousStart;
            }
            patient.Version++;
            patient.UpdatedAt = now;
        }

        db.ProcessedEvents.Add(new ProcessedEvent
        {
            EventId = change.EventId,
            EventType = change.EventType,
            Outcome = outcome == ApplyOutcome.Applied ? "applied" : "stale",
            ProcessedAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Log.EventApplied(logger, change.EventType, change.EventId, patient.SurrogateKey, outcome);
        return outcome;
    }

    internal static string KindName(RegimenItemKind kind) => kind == RegimenItemKind.Medication ? "medication" : "supplement";

    /// <summary>
    /// Corrections of one item are ordered by the event's own timestamp. At the same timestamp a withdrawal wins over
    /// a plain update (a withdrawal is final for that version of the item); otherwise the later arrival wins.
    /// </summary>
    private static bool IsOlderThan(RegimenChange change, RegimenItemRecord item) =>
        change.EffectiveAt < item.EffectiveAt || (change.EffectiveAt == item.EffectiveAt && item.Withdrawn && !change.Withdraws);

    private static void Set(RegimenItemRecord item, RegimenChange change, DateTimeOffset now)
    {
        if (item.ProductText != change.ProductText || item.Atc != change.Atc || item.Rxnorm != change.Rxnorm)
        {
            item.Ingredients = null;
            item.NormalisedWith = null;
        }

        item.Status = change.Status;
        item.Withdrawn = change.Withdraws;
        item.ProductText = change.ProductText;
        item.Atc = change.Atc;
        item.Rxnorm = change.Rxnorm;
        item.Ndc = change.Ndc;
        item.StartedAt = change.StartedAt;
        item.DaysSupply = change.DaysSupply;
        item.DaysSupplyAssumed = change.DaysSupplyAssumed;
        item.StoppedAt = change.StoppedAt;
        item.EffectiveAt = change.EffectiveAt;
        item.SourceEventId = change.EventId;
        item.DetailsJson = change.DetailsJson;
        item.UpdatedAt = now;
    }
}
