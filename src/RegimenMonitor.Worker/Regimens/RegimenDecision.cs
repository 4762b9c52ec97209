using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// What one change — or, for the nightly sweep, the passing of time — means for one patient's regimen, as one pure
/// function: apply the change to its item (<see cref="RegimenItemUpdate"/>), normalise every item not normalised with
/// this rule-set version, evaluate the regimen with the rule engine, reconcile the open findings
/// (<see cref="FindingsReconciler"/>), compose the alerts (<see cref="AlertComposer"/>) and bump the patient. The
/// consumers' group commit and the sweep both call it; they load the snapshots and write what it returns.
/// It reads no clock (<c>asOf</c> is an input), does no IO, touches no database context and changes none of its
/// inputs: what it changes, it copies. New ids come from <see cref="DecisionIds"/>.
/// </summary>
internal sealed class RegimenDecision(RegimenEvaluator evaluator, DecisionIds ids)
{
    public RegimenDecision(RegimenEvaluator evaluator)
        : this(evaluator, DecisionIds.Random)
    {
    }

    /// <summary>
    /// Decides what <paramref name="change"/> (null: a review by the sweep) does to the patient of
    /// <paramref name="snapshot"/> as of <paramref name="asOf"/>: <see cref="DecisionOutcome.Stale"/> when a newer event
    /// already set the item (only the inbox row), else <see cref="DecisionOutcome.Applied"/> or
    /// <see cref="DecisionOutcome.Reviewed"/> with the regimen re-evaluated. Duplicates are the caller's (the inbox).
    /// </summary>
    public Decision Decide(PatientSnapshot snapshot, RegimenChange? change, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var items = new List<RegimenItemRecord>(snapshot.Items);
        var upserts = new List<RegimenItemRecord>();
        ProcessedEvent? inbox = null;
        RegimenItemRecord? changed = null;
        if (change is not null)
        {
            if (!string.Equals(change.PatientRef, snapshot.PatientRef, StringComparison.Ordinal))
            {
                throw new ArgumentException("The change is for another patient than the snapshot's.", nameof(change));
            }

            var kind = RegimenItemUpdate.KindName(change.Kind);
            var index = items.FindIndex(i => i.Kind == kind && i.ItemKey == change.ItemKey);
            var outcome = RegimenItemUpdate.Next(index < 0 ? null : items[index], change, asOf, out changed);
            inbox = new ProcessedEvent
            {
                EventId = change.EventId,
                EventType = change.EventType,
                Outcome = outcome == ApplyOutcome.Applied ? "applied" : "stale",
                ProcessedAt = asOf,
            };
            if (outcome != ApplyOutcome.Applied)
            {
                return new Decision { Outcome = DecisionOutcome.Stale, Inbox = inbox, After = snapshot };
            }

            changed!.PatientId = snapshot.PatientId;
            if (index < 0)
            {
                items.Add(changed);
            }
            else
            {
                items[index] = changed;
            }

            upserts.Add(changed);
        }

        // items not normalised with this rule-set version (a new text, or a new rule set) are stored normalised;
        // the evaluation skips withdrawn items, and so does the normalisation
        int recognised = 0, unrecognised = 0;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (item.Withdrawn)
            {
                continue;
            }

            var normalised = evaluator.Normalised(item, out var isRecognised);
            if (isRecognised is null)
            {
                continue;
            }

            if (isRecognised.Value)
            {
                recognised++;
            }
            else
            {
                unrecognised++;
            }

            items[i] = normalised;
            if (ReferenceEquals(item, changed))
            {
                upserts[0] = normalised;
                changed = normalised;
            }
            else
            {
                upserts.Add(normalised);
            }
        }

        var evaluation = evaluator.EvaluateNormalised(items, asOf);
        var working = snapshot.OpenFindings.Select(f => f.Copy()).ToList();
        var diff = FindingsReconciler.Reconcile(snapshot.PatientId, items, working, evaluation, asOf, ids.NewAlertId);
        var alerts = AlertComposer.Compose(snapshot.PatientRef, diff, asOf, ids.NewMessageId);
        var updated = working.Where((f, i) => !f.SameValues(snapshot.OpenFindings[i])).ToList();
        var closed = diff.Closed.ToHashSet(ReferenceEqualityComparer.Instance);
        var nextReviewAt = evaluation.Result.NextChangeAt;
        return new Decision
        {
            Outcome = change is null ? DecisionOutcome.Reviewed : DecisionOutcome.Applied,
            Inbox = inbox,
            ItemUpserts = upserts,
            Bump = new PatientBump(snapshot.PatientId, snapshot.Version, snapshot.Version + 1, asOf, nextReviewAt),
            FindingsInserted = [.. diff.Opened],
            FindingsUpdated = updated,
            Alerts = alerts,
            Diff = diff,
            Evaluation = evaluation,
            Normalised = (recognised, unrecognised),
            After = snapshot with
            {
                Version = snapshot.Version + 1,
                UpdatedAt = asOf,
                NextReviewAt = nextReviewAt,
                Items = items,
                OpenFindings = [.. working.Where(f => !closed.Contains(f)), .. diff.Opened],
            },
        };
    }
}
