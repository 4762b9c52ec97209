using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// What one change — or, for the nightly sweep, the passing of time — means for one patient's regimen, as one pure
/// function: apply the change to its item (<see cref="RegimenItemUpdate"/>), normalise every item not normalised with
/// this rule-set version, evaluate the regimen with the rule engine, reconcile the open findings
/// (<see cref="FindingsReconciler"/>), compose the alerts (<see cref="AlertComposer"/>) and bump the patient. The
/// consumers' group commit and the sweep both call it; they load the snapshots and write what it returns.
/// A patient with a long history is decided on its live items plus the summary of the rest (<see cref="RegimenHistory"/>),
/// and the decision compacts the history again when the live items pass <see cref="HistoryPolicy.CompactAbove"/>.
/// It reads no clock (<c>asOf</c> is an input), does no IO, touches no database context and changes none of its
/// inputs: what it changes, it copies. New ids come from <see cref="DecisionIds"/>.
/// </summary>
internal sealed class RegimenDecision(RegimenEvaluator evaluator, DecisionIds ids, HistoryPolicy history)
{
    public RegimenDecision(RegimenEvaluator evaluator)
        : this(evaluator, DecisionIds.Random, HistoryPolicy.Default)
    {
    }

    public RegimenDecision(RegimenEvaluator evaluator, DecisionIds ids)
        : this(evaluator, ids, HistoryPolicy.Default)
    {
    }

    /// <summary>The <c>normalised_with</c> stamp a history summary must carry to be used (<see cref="HistoryReads"/>).</summary>
    public string NormalisationStamp => evaluator.Stamp;

    /// <summary>
    /// False when compaction is off: <see cref="HistoryReads"/> then reads every item of a patient with a summary, and
    /// the decision un-compacts it.
    /// </summary>
    public bool UsesHistorySummaries => history.Enabled;

    /// <summary>
    /// Decides what <paramref name="change"/> (null: a review by the sweep) does to the patient of
    /// <paramref name="snapshot"/> as of <paramref name="asOf"/>: <see cref="DecisionOutcome.Stale"/> when a newer event
    /// already set the item (only the inbox row), else <see cref="DecisionOutcome.Applied"/> or
    /// <see cref="DecisionOutcome.Reviewed"/> with the regimen re-evaluated. Duplicates are the caller's (the inbox).
    /// </summary>
    /// <param name="snapshot">The patient before the change.</param>
    /// <param name="change">The change; null for a review.</param>
    /// <param name="asOf">The decision's instant.</param>
    /// <param name="compact">
    /// False while the same group still has changes of this patient to decide: a snapshot of live items is then not
    /// compacted further, so a later change of the group finds the item it addresses.
    /// </param>
    public Decision Decide(PatientSnapshot snapshot, RegimenChange? change, DateTimeOffset asOf, bool compact = true)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var items = new List<RegimenItemRecord>(snapshot.Items);
        var upserts = new List<RegimenItemRecord>();
        ProcessedEvent? inbox = null;
        RegimenItemRecord? changed = null;
        RegimenItemRecord? before = null;
        if (change is not null)
        {
            if (!string.Equals(change.PatientRef, snapshot.PatientRef, StringComparison.Ordinal))
            {
                throw new ArgumentException("The change is for another patient than the snapshot's.", nameof(change));
            }

            var kind = RegimenItemUpdate.KindName(change.Kind);
            var index = items.FindIndex(i => i.Kind == kind && i.ItemKey == change.ItemKey);
            var keyed = index < 0 ? SameResource(items, kind, change, ref index) : change;
            before = index < 0 ? null : items[index];
            var outcome = RegimenItemUpdate.Next(before, keyed, asOf, out changed);
            inbox = new ProcessedEvent
            {
                EventId = change.EventId,
                EventType = change.EventType,
                Outcome = outcome == ApplyOutcome.Applied ? "applied" : "stale",
                ProcessedAt = asOf,
                Fingerprint = EventFingerprint.Of(change), // as sent: its redelivery is compared with it
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

        // a stop a care team or pharmacist reported ends a dispense of the same product (derived, not stored)
        ReportedStops.Apply(items, upserts);

        // a complete snapshot evaluates every item (compacted ones too); else the live items and the summary's runs
        var runs = snapshot.Complete || snapshot.History is null ? [] : snapshot.History.Items(snapshot.PatientId).ToList();
        var evaluated = runs.Count == 0 ? items : [.. items, .. runs];
        var evaluation = evaluator.EvaluateNormalised(evaluated, asOf);
        var working = snapshot.OpenFindings.Select(f => f.Copy()).ToList();
        // findings an earlier change of this group closed (nothing committed, nothing sent): found again, they continue as
        // if never closed (found by an independent fault probe: an older stop applied just before a newer report that
        // the product is still taken sent "resolved" and opened a new alert for the same pair in one transaction)
        var reopenable = snapshot.ClosedInGroup.Where(c => working.TrueForAll(f => f.Fingerprint != c.Fingerprint)).Select(f => f.Copy()).ToList();
        var diff = FindingsReconciler.Reconcile(snapshot.PatientId, evaluated, [.. working, .. reopenable], evaluation, asOf, ids.NewAlertId, before, changed);
        var closed = diff.Closed.ToHashSet(ReferenceEqualityComparer.Instance);
        // closed again: the earlier change's closing stands, and nothing more is said of it
        var stillClosed = reopenable.Where(closed.Contains).ToList();
        foreach (var record in stillClosed)
        {
            diff.Forget(record);
            closed.Remove(record);
        }

        var reopened = reopenable.Where(f => !stillClosed.Contains(f)).ToList();
        diff.Withdrawn.AddRange(reopened);
        var alerts = AlertComposer.Compose(snapshot.PatientRef, diff, asOf, ids.NewMessageId);
        var updated = working.Where((f, i) => !f.SameValues(snapshot.OpenFindings[i])).Concat(reopened).ToList();
        // what the next change of the group may reopen: as each finding was before it was closed
        List<FindingRecord> closedInGroup =
        [
            .. snapshot.ClosedInGroup.Where(c => !reopened.Exists(r => r.AlertId == c.AlertId)),
            .. snapshot.OpenFindings.Where((f, i) => closed.Contains(working[i])),
        ];
        // a finding kept open by a product corrected to an unreadable one is looked at again when that product ends
        var nextReviewAt = diff.ReviewBy is { } reviewBy && (evaluation.Result.NextChangeAt is not { } next || reviewBy < next)
            ? reviewBy
            : evaluation.Result.NextChangeAt;
        List<FindingRecord> open = [.. working.Where(f => !closed.Contains(f)), .. reopened, .. diff.Opened];
        var (kept, compacted) = Compaction(snapshot, items, upserts, open, asOf, compact);
        // the summary belongs to the version it is written with (HistoryReads uses it for that version only)
        var summary = compacted?.ForVersion(snapshot.Version + 1);
        return new Decision
        {
            Outcome = change is null ? DecisionOutcome.Reviewed : DecisionOutcome.Applied,
            Inbox = inbox,
            ItemUpserts = upserts,
            Bump = new PatientBump(snapshot.PatientId, snapshot.Version, snapshot.Version + 1, asOf, nextReviewAt, summary?.ToJson()),
            FindingsInserted = [.. diff.Opened],
            FindingsUpdated = updated,
            Alerts = alerts,
            Reopened = [.. reopened.Select(f => f.AlertId)],
            Diff = diff,
            Evaluation = evaluation,
            Normalised = (recognised, unrecognised),
            After = snapshot with
            {
                Version = snapshot.Version + 1,
                UpdatedAt = asOf,
                NextReviewAt = nextReviewAt,
                Items = kept,
                OpenFindings = open,
                History = summary,
                ClosedInGroup = closedInGroup,
            },
        };
    }

    /// <summary>
    /// A FHIR resource's later version keyed otherwise than its earlier one (its business identifiers sent in another
    /// order, or one added), which names the item by the resource it was set from: the change under the item's key, and
    /// <paramref name="index"/> set to the item's. R4 gives identifiers no order, so the key chosen from them can differ
    /// between versions (found by an independent edge probe: an entered-in-error with its two identifiers reversed was
    /// stored as a new item, the dispense it withdrew stayed, and its major alert never resolved). Only items that
    /// recorded the resource's version (a whole-number <c>meta.versionId</c>, <see cref="ResourceVersion"/>) with a
    /// business identifier in common are found (two servers can give one patient's dispenses the same id), among the
    /// items read with the patient: an item of a compacted history is not.
    /// </summary>
    private static RegimenChange SameResource(List<RegimenItemRecord> items, string kind, RegimenChange change, ref int index)
    {
        if (ResourceVersion.Read(change.DetailsJson) is not { } version)
        {
            return change;
        }

        index = items.FindIndex(i => i.Kind == kind && ResourceVersion.Read(i.DetailsJson) is { } stored && ResourceVersion.SameResource(stored, version));
        return index < 0 ? change : change with { ItemKey = items[index].ItemKey };
    }

    /// <summary>
    /// The items the next snapshot holds and the summary to store, after compacting the history when it is due: a
    /// complete snapshot is compacted afresh (above the threshold) or entirely un-compacted (below it); a snapshot of
    /// live items is compacted further once it has more than the threshold, with its summary's runs as input. An item an
    /// open finding names stays live (its resolution reads it), and so does an item not stored yet (its id is not known).
    /// Which items are compacted is the summary's (<see cref="RegimenHistory.Through"/> and <see cref="RegimenHistory.Kept"/>):
    /// no item row is written for it; the items returned carry it in <see cref="RegimenItemRecord.Compacted"/>.
    /// </summary>
    private (List<RegimenItemRecord> Items, RegimenHistory? Summary) Compaction(
        PatientSnapshot snapshot, List<RegimenItemRecord> items, List<RegimenItemRecord> upserts, List<FindingRecord> open, DateTimeOffset asOf,
        bool compact)
    {
        var stamp = evaluator.Stamp;
        var cutoff = asOf - history.CutoffMargin;
        var previous = snapshot.Complete ? null : snapshot.History;
        if (previous is not null && previous.Cutoff > cutoff)
        {
            cutoff = previous.Cutoff;
        }

        var due = history.Enabled && items.Count > history.CompactAbove
            // something to compact: an item the engine sees that ended by the cutoff
            && items.Exists(i => RegimenEvaluator.Sees(i) && FindingsReconciler.EndOf(i) <= cutoff)
            // every item the engine sees must come from the stamp the summary will carry (a terminology reload may land
            // during a decision: the next one compacts)
            && items.TrueForAll(i => !RegimenEvaluator.Sees(i) || i.NormalisedWith == stamp);
        if (!snapshot.Complete)
        {
            if (!due || !compact)
            {
                // compacted items read back for this decision (HistoryReads) stay live: the summary, which no longer has
                // their runs, keeps them
                var readBack = items.Where(i => i.Compacted).Select(i => i.Id).ToList();
                return readBack.Count == 0 ? (items, snapshot.History) : (SetFlags(items, upserts, _ => false), snapshot.History!.Keeping(readBack));
            }
        }
        else if (!due)
        {
            // below the threshold, nothing ended or compaction off: nothing stays compacted
            return (SetFlags(items, upserts, _ => false), null);
        }

        // leaving an item out of the compaction is always exact (it is like an item added later)
        var named = open.SelectMany(FindingsReconciler.NamedItems).ToHashSet();
        var runs = new List<HistoryRun>();
        var compacted = new HashSet<RegimenItemRecord>(ReferenceEqualityComparer.Instance);
        foreach (var kind in new[] { "medication", "supplement" })
        {
            // per kind, so each run keeps its kind (the resolution text reads items of the finding's kind); the union
            // per ingredient the engine takes is the same whatever the grouping
            var byRuleItem = new Dictionary<Rules.RegimenItem, RegimenItemRecord>(ReferenceEqualityComparer.Instance);
            // a care team's reported stop stays live: it ends dispenses added or read later (ReportedStops)
            foreach (var item in items.Where(i => i.Kind == kind && i.Id > 0 && !named.Contains((i.Kind, i.ItemKey)) && !ReportedStops.Ends(i)))
            {
                if (RegimenEvaluator.RuleItem(item) is { } ruleItem)
                {
                    byRuleItem[ruleItem] = item;
                }
            }

            var earlier = previous?.Runs.Where(r => r.Kind == kind).ToList() ?? [];
            if (byRuleItem.Count == 0 && earlier.Count == 0)
            {
                continue;
            }

            var runItems = earlier.Select(r => RegimenEvaluator.RuleItem(RegimenHistory.Item(r, stamp, snapshot.PatientId))!).ToList();
            var (keptRuleItems, synthetic) = Rules.HistoryCompaction.Compact([.. byRuleItem.Keys, .. runItems], cutoff);
            var keptSet = keptRuleItems.ToHashSet(ReferenceEqualityComparer.Instance);
            foreach (var (ruleItem, record) in byRuleItem)
            {
                if (!keptSet.Contains(ruleItem))
                {
                    compacted.Add(record);
                }
            }

            // an earlier run kept as it is (it cannot end after the cutoff; kept only on a tie of starts) stays a run
            runs.AddRange(keptRuleItems.Where(i => !byRuleItem.ContainsKey(i)).Select(i => Run(kind, i)));
            runs.AddRange(synthetic.Select(i => Run(kind, i)));
        }

        var flagged = SetFlags(items, upserts, compacted.Contains);
        RegimenHistory? summary = null;
        if (compacted.Count > 0 || runs.Count > 0)
        {
            // the items compacted before (not read: no id above the previous summary's) stay compacted; of the items read,
            // the stored ones not compacted now are kept live; the ones stored later have higher ids, so they are live
            var through = Math.Max(previous?.Through ?? 0, items.Count == 0 ? 0 : items.Max(i => i.Id));
            summary = new RegimenHistory
            {
                Cutoff = cutoff,
                NormalisedWith = stamp,
                Through = through,
                Kept = RegimenHistory.Sorted(flagged.Where(i => i.Id > 0 && !i.Compacted).Select(i => i.Id)),
                Runs = runs,
            };
        }

        // a complete snapshot stays complete (the next change of the group may address any item); else the live ones
        return (snapshot.Complete ? flagged : [.. flagged.Where(i => !i.Compacted)], summary);
    }

    private static HistoryRun Run(string kind, Rules.RegimenItem item) =>
        new(kind, item.Ingredients.Single(), item.StartedAt, item.StoppedAt ?? throw new InvalidOperationException("A history run has an end."));

    // the items with their compacted flag set as wanted: the decision's own records (upserts) in place, others copied;
    // the flag is not stored, so nothing more is written
    private static List<RegimenItemRecord> SetFlags(List<RegimenItemRecord> items, List<RegimenItemRecord> upserts, Func<RegimenItemRecord, bool> compacted)
    {
        var owned = upserts.ToHashSet(ReferenceEqualityComparer.Instance);
        var result = new List<RegimenItemRecord>(items.Count);
        foreach (var item in items)
        {
            var wanted = compacted(item);
            if (item.Compacted == wanted)
            {
                result.Add(item);
                continue;
            }

            var copy = owned.Contains(item) ? item : item.Copy();
            copy.Compacted = wanted;
            result.Add(copy);
        }

        return result;
    }
}
