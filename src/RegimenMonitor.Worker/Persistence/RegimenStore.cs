using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using RegimenMonitor.Worker.Diagnostics;
using RegimenMonitor.Worker.Evaluation;
using RegimenMonitor.Worker.Ingestion;

namespace RegimenMonitor.Worker.Persistence;

/// <summary>
/// Applies one <see cref="RegimenChange"/> in one transaction: inbox row, regimen item, patient version bump, and the
/// re-evaluation of the whole regimen with its findings diff. A lost optimistic-concurrency race or a concurrent
/// duplicate throws; the consumer's retry policy runs the whole unit again on a fresh context.
/// </summary>
internal sealed class RegimenStore(
    RegimenDbContext db, RegimenEvaluator evaluator, FindingsReconciler reconciler, TimeProvider timeProvider, ILogger<RegimenStore> logger)
{
    public async Task<(ApplyOutcome Outcome, FindingsDiff? Diff)> ApplyAsync(RegimenChange change, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.ProcessedEvents.AnyAsync(e => e.EventId == change.EventId, cancellationToken))
        {
            Log.EventDuplicate(logger, change.EventType, change.EventId);
            return (ApplyOutcome.Duplicate, null);
        }

        var now = timeProvider.GetUtcNow();
        var patient = await db.Patients.Include(p => p.Items)
            .SingleOrDefaultAsync(p => p.PatientRef == change.PatientRef, cancellationToken);
        if (patient is null)
        {
            patient = new PatientRecord { PatientRef = change.PatientRef, SurrogateKey = Guid.NewGuid(), CreatedAt = now };
            db.Patients.Add(patient);
        }

        // correlation without PHI: the patient's random surrogate key on the consume span
        System.Diagnostics.Activity.Current?.SetTag("regimen_monitor.patient.key", patient.SurrogateKey.ToString());
        var outcome = RegimenItemUpdate.Apply(patient.Items, change, now);
        FindingsDiff? diff = null;
        if (outcome == ApplyOutcome.Applied)
        {
            patient.Version++;
            patient.UpdatedAt = now;
            if (patient.Id == 0)
            {
                // a new patient needs its id before its findings can reference it
                await db.SaveChangesAsync(cancellationToken);
            }

            var evaluation = evaluator.Evaluate(patient.Items, now);
            diff = await reconciler.ReconcileAsync(patient, evaluation.Result, now, cancellationToken);
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
        return (outcome, diff);
    }
}
