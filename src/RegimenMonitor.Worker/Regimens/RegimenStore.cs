using System.Diagnostics;
using Microsoft.Extensions.Logging;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// Applies changes in one transaction: it loads the patients' snapshots, asks <see cref="RegimenDecision"/> what each
/// change means, and writes the decisions (inbox rows, items, patient version bumps, findings, outbox rows). A lost
/// optimistic-concurrency race throws; the consumer's retry policy runs the whole unit again on a fresh context. A
/// concurrent duplicate (an event id stored meanwhile) is decided again here instead (<see cref="ApplyBatchAsync"/>).
/// A patient's live items come from the <see cref="LiveItemCache"/> when it holds them for the patient row read (its
/// version and <c>updated_at</c>), and every patient whose version moved is put there once the group committed; a
/// stored item whose values end as they were read is not written.
/// </summary>
internal sealed class RegimenStore(
    RegimenDbContext db, RegimenDecision regimenDecision, LiveItemCache cache, TimeProvider timeProvider, ILogger<RegimenStore> logger)
{
    /// <summary>
    /// Applies one change in its own transaction (SQLite, batching off, or isolating a failed group); a change its
    /// statement's earlier reports refuse throws that refusal (<see cref="InvalidEventException"/>).
    /// </summary>
    public async Task<(ApplyOutcome Outcome, FindingsDiff? Diff)> ApplyAsync(RegimenChange change, CancellationToken cancellationToken)
    {
        var (outcome, diff, refusal) = (await ApplyBatchAsync([change], [default], cancellationToken))[0];
        if (refusal is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(refusal);
        }

        return (outcome, diff);
    }

    /// <summary>
    /// Applies changes in ONE transaction (group commit): one query for the inbox, one for the patients, one for their
    /// live items (of those the item cache does not hold), one for their active findings (<see cref="GroupReads"/>),
    /// and for patients with a compacted history the reads <see cref="HistoryReads"/> needs; then every change in order
    /// (each decided on the snapshot the previous one left), and one commit. When every change is a duplicate nothing
    /// else is read or written. A change refused by what its statement's earlier reports said (a stop before the start one
    /// gave, <see cref="RegimenItemUpdate"/>) is refused alone: its result carries the refusal, nothing of it is written,
    /// and the group's other changes commit. Any other failure
    /// fails the whole group; the caller then applies its changes one by one to isolate the culprit (after the first alone,
    /// when that fails as a database outage too, the others fail with it, not attempted). One failure is not
    /// a fault: an event id that another transaction stored after the group read the inbox (a redelivery racing its
    /// first delivery, an id reused at the same moment on another lane or replica) fails the inbox's key; the group is
    /// rolled back and decided once more, where the stored row makes that change a duplicate or a conflict as usual,
    /// so no exception (and no stack in the log) comes of it.
    /// </summary>
    /// <param name="changes">The changes, in the order they are decided.</param>
    /// <param name="parents">Each change's trace parent (default: none).</param>
    /// <param name="cancellationToken">Cancels the transaction.</param>
    /// <param name="allOrNothing">The changes are one message's that stands or falls whole (a FHIR <c>transaction</c>
    /// Bundle, say): when any of them is refused or conflicts with what is stored, nothing is written and the results
    /// say which (the transaction is rolled back, patients it created included).</param>
    public async Task<IReadOnlyList<(ApplyOutcome Outcome, FindingsDiff? Diff, InvalidEventException? Refusal)>> ApplyBatchAsync(
        IReadOnlyList<RegimenChange> changes, IReadOnlyList<ActivityContext> parents, CancellationToken cancellationToken, bool allOrNothing = false)
    {
        ArgumentNullException.ThrowIfNull(changes);
        ArgumentNullException.ThrowIfNull(parents);
        try
        {
            return await ApplyGroupAsync(changes, parents, allOrNothing, cancellationToken);
        }
        catch (Exception ex) when (db.Dialect.IsInboxKeyConflict(ex) || ex is PatientCreatedElsewhere)
        {
            // the transaction is rolled back (nothing of the group stays, not even a patient it created); a second
            // race in a row fails as any error does
            if (ex is PatientCreatedElsewhere)
            {
                Log.PatientRace(logger, changes.Count);
            }
            else
            {
                Log.InboxRace(logger, changes.Count);
            }

            db.ChangeTracker.Clear();
            return await ApplyGroupAsync(changes, parents, allOrNothing, cancellationToken);
        }
    }

    /// <summary>
    /// A patient the group was creating was stored meanwhile by another transaction (another replica; PostgreSQL reads
    /// it back instead of failing on its reference): its items and history were not read with the group's, so the group
    /// is decided again, where the patient is read like any stored one (found by a review: decided on the group's
    /// changes alone, its findings resolved and its history summary overwritten).
    /// </summary>
    private sealed class PatientCreatedElsewhere : Exception;

    private async Task<IReadOnlyList<(ApplyOutcome Outcome, FindingsDiff? Diff, InvalidEventException? Refusal)>> ApplyGroupAsync(
        IReadOnlyList<RegimenChange> changes, IReadOnlyList<ActivityContext> parents, bool allOrNothing, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var eventIds = changes.Select(c => c.EventId).Distinct().ToList();
        // the group's reads are per-key index probes on PostgreSQL, whatever the planner's statistics (GroupReads)
        var stored = await GroupReads.SeenEventIdsAsync(db, eventIds, cancellationToken);
        // a change is skipped when its event id is stored or came earlier in the group: a duplicate when it says what
        // that event said (or the stored row predates fingerprints), else a conflict the consumer refuses; only the
        // others are applied, and only their patients are read or created (a skipped change whose patient is new
        // leaves no empty row)
        var applying = new List<RegimenChange>(changes.Count);
        var skipped = new ApplyOutcome?[changes.Count];
        var firstInGroup = new Dictionary<Guid, RegimenChange>();
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            if (stored.TryGetValue(change.EventId, out var fingerprint))
            {
                skipped[i] = fingerprint is { } said && !EventFingerprint.Matches(said, change) ? ApplyOutcome.Conflict : ApplyOutcome.Duplicate;
            }
            else if (firstInGroup.TryGetValue(change.EventId, out var first))
            {
                skipped[i] = EventFingerprint.Of(first) != EventFingerprint.Of(change) ? ApplyOutcome.Conflict : ApplyOutcome.Duplicate;
            }
            else
            {
                firstInGroup.Add(change.EventId, change);
                applying.Add(change);
            }
        }

        if (applying.Count == 0)
        {
            for (var i = 0; i < changes.Count; i++)
            {
                LogSkipped(changes[i], skipped[i]!.Value);
            }

            return [.. skipped.Select(outcome => ((ApplyOutcome, FindingsDiff?, InvalidEventException?))(outcome!.Value, null, null))];
        }

        var refs = applying.Select(c => c.PatientRef).Distinct(StringComparer.Ordinal).ToList();
        // read without change tracking: what the group writes is what its decisions return, collected in RegimenWrites
        var patients = await GroupReads.PatientsAsync(db, refs, cancellationToken);
        var now = timeProvider.GetUtcNow();
        var plan = HistoryReads.Plan(patients.Values, regimenDecision.NormalisationStamp, regimenDecision.UsesHistorySummaries, now);
        await HistoryReads.ReadItemsAsync(db, patients.Values, plan, cache.Enabled ? cache.TryFill : null, cancellationToken);
        var created = refs.Where(r => !patients.ContainsKey(r))
            .Select(r => new PatientRecord { PatientRef = r, SurrogateKey = Guid.NewGuid(), CreatedAt = now, UpdatedAt = now }).ToList();
        if (created.Count > 0)
        {
            // new patients need their ids before their items and findings can reference them
            var ours = created.Select(p => p.SurrogateKey).ToHashSet();
            foreach (var patient in await db.Dialect.CreatePatientsAsync(db, created, cancellationToken))
            {
                if (!ours.Contains(patient.SurrogateKey))
                {
                    throw new PatientCreatedElsewhere();
                }

                patients[patient.PatientRef] = patient;
            }
        }

        var patientIds = patients.Values.Select(p => p.Id).ToArray();
        var open = (await GroupReads.FindingsAsync(db, patientIds, FindingStates.Open, cancellationToken)).ToLookup(f => f.PatientId);
        var snapshots = await HistoryReads.SnapshotsAsync(db, patients.Values, plan, open, applying, cancellationToken);
        // the index of each patient's last applied change in the group: only its decision compacts a history of live items
        var last = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < changes.Count; i++)
        {
            if (skipped[i] is null)
            {
                last[changes[i].PatientRef] = i;
            }
        }

        var writes = new RegimenWrites();
        writes.ItemsRead(snapshots.Values.SelectMany(s => s.Items));
        var moved = new HashSet<string>(StringComparer.Ordinal);
        var results = new (ApplyOutcome, FindingsDiff?, InvalidEventException?)[changes.Count];
        for (var i = 0; i < changes.Count; i++)
        {
            var change = changes[i];
            // this change's work (evaluation, findings diff) continues the trace of the consume that submitted it
            using var apply = parents[i] == default ? null : Telemetry.Source.StartActivity("apply " + change.EventType, ActivityKind.Internal, parents[i]);
            if (skipped[i] is { } outcome)
            {
                LogSkipped(change, outcome);
                results[i] = (outcome, null, null);
                continue;
            }

            var patient = patients[change.PatientRef];
            // correlation without PHI: the patient's random surrogate key, on this change's span (a lone change: the
            // caller's span, i.e. the consume span or the writer's isolating "apply" span)
            (apply ?? (changes.Count == 1 ? Activity.Current : null))?.SetTag("regimen_monitor.patient.key", patient.SurrogateKey.ToString());
            Decision decision;
            try
            {
                decision = DecisionTelemetry.Decide(regimenDecision, snapshots[change.PatientRef], change, now, compact: last[change.PatientRef] == i);
            }
            catch (InvalidEventException refusal) when (!SameEventLater(changes, i))
            {
                // refused before anything was decided (the decision is pure): the patient's snapshot stays as the previous
                // change left it, and the consumer sends the event to _error with the refusal. Its patient's history is
                // not compacted by this group when it was the last change (the next one does).
                apply?.SetStatus(ActivityStatusCode.Error, nameof(InvalidEventException));
                results[i] = (ApplyOutcome.Conflict, null, refusal);
                continue;
            }

            snapshots[change.PatientRef] = decision.After;
            if (decision.Bump is not null)
            {
                moved.Add(change.PatientRef);
            }

            writes.Add(decision);
            Log.EventApplied(logger, change.EventType, change.EventId, patient.SurrogateKey, decision.ApplyOutcome == ApplyOutcome.Applied ? nameof(ApplyOutcome.Applied) : nameof(ApplyOutcome.Stale));
            results[i] = (decision.ApplyOutcome, decision.Diff, null);
        }

        if (allOrNothing && Array.Exists(results, r => r.Item3 is not null || r.Item1 == ApplyOutcome.Conflict))
        {
            // one of the message's changes is refused: none is written (disposing the transaction rolls it back, with
            // any patient row it created) and the cache keeps what it held
            db.ChangeTracker.Clear();
            return results;
        }

        writes.TrackFindingsAndAlerts(db);
        // inbox rows, items and version bumps (set-based on PostgreSQL), then the findings and outbox rows through EF
        await SetBasedFlush.WriteAsync(db, writes, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        // what the group committed is what the patients' next groups would read
        foreach (var patientRef in moved)
        {
            var after = snapshots[patientRef];
            cache.Put(patients[patientRef].SurrogateKey, after.PatientId, after.Version, after.UpdatedAt, after.Items, db.Dialect);
        }

        return results;
    }

    // a later change of the group with the refused change's event id was skipped as its duplicate or conflict: the
    // refusal then fails the group, which is applied change by change (found by a review)
    private static bool SameEventLater(IReadOnlyList<RegimenChange> changes, int refused)
    {
        for (var j = refused + 1; j < changes.Count; j++)
        {
            if (changes[j].EventId == changes[refused].EventId)
            {
                return true;
            }
        }

        return false;
    }

    // a conflict is logged by the consumer's rejection (RejectedEventObserver), with its reason
    private void LogSkipped(RegimenChange change, ApplyOutcome outcome)
    {
        if (outcome == ApplyOutcome.Duplicate)
        {
            Log.EventDuplicate(logger, change.EventType, change.EventId);
        }
    }
}
