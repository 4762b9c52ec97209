using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// Reads the items of a group's patients and turns them into the snapshots their decisions start from (<see cref="Plan"/>,
/// <see cref="ReadItemsAsync"/>, <see cref="SnapshotsAsync"/>). A patient without a history summary is complete as read.
/// A patient with one is read with its live items (<see cref="RegimenHistory.Live"/>) and decided on them plus the
/// summary (<see cref="RegimenHistory"/>), which is exact for changes that add items or change items started after the
/// cutoff.
/// <para>
/// A change that addresses a compacted item, or a live item started by the cutoff, can move what the compacted items
/// stood for (a correction or withdrawal). Then the compacted items of that kind that name one of the item's
/// ingredients are read back — and those naming any other ingredient of the items read back (a combination), until no
/// new one, at most <see cref="MaxReopenRounds"/> rounds — and the decision takes them as they are, on the summary
/// without the runs of those ingredients of that kind: for those ingredients it sees every item, for the others the
/// runs that stand exactly for theirs. The decision compacts them again, or leaves them live (RegimenDecision).
/// </para>
/// Every item is read instead (a complete snapshot) when:
/// <list type="bullet">
/// <item>such an item has no ingredient or another normalisation stamp than the summary's, or the combinations need
/// more rounds;</item>
/// <item>the change reports a care team's or pharmacist's stop at or before the cutoff, or changes or withdraws a live
/// statement that reported one (it may end a compacted dispense, or give one its supply back: ReportedStops);</item>
/// <item>the summary was made with another rule-set version or terminology import (its ingredients may differ);</item>
/// <item>the decision's instant is before the summary's cutoff (a clock behind the one that compacted);</item>
/// <item>compaction is off (<c>Regimen:CompactHistoryAbove</c> 0: the decision un-compacts the patient);</item>
/// <item>the stored summary cannot be read (a damaged row, or one written before the liveness was derived: the decision
/// writes a new one), or belongs to another version of the patient (written by something that did not keep it, such as
/// an older release during a rolling upgrade).</item>
/// </list>
/// More queries per group, each only when needed: the addressed items not found among the live ones (for patients with
/// a summary), the compacted items read back (one per round), and all items of the patients that must be complete.
/// </summary>
internal static class HistoryReads
{
    /// <summary>
    /// Which of <paramref name="patients"/> (read without items) are decided on their live items and summary, and which
    /// on every item (<see cref="HistoryPlan.Complete"/>), for decisions at <paramref name="asOf"/>.
    /// </summary>
    public static HistoryPlan Plan(IEnumerable<PatientRecord> patients, string normalisationStamp, bool useSummaries, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(patients);
        var plan = new HistoryPlan();
        foreach (var patient in patients)
        {
            if (patient.HistoryJson is null)
            {
                continue;
            }

            RegimenHistory summary;
            try
            {
                summary = RegimenHistory.FromJson(patient.HistoryJson)!;
            }
            catch (InvalidOperationException)
            {
                // a damaged summary is not trusted: every item is read and the decision compacts afresh, which rewrites it
                plan.Complete.Add(patient.Id);
                continue;
            }

            if (!useSummaries
                || summary.Version != patient.Version
                || !string.Equals(summary.NormalisedWith, normalisationStamp, StringComparison.Ordinal) || asOf < summary.Cutoff)
            {
                plan.Complete.Add(patient.Id);
            }
            else
            {
                plan.Summaries[patient.Id] = summary;
            }
        }

        return plan;
    }

    /// <summary>
    /// Adds their items to <paramref name="patients"/>: every item of a patient the plan reads complete, else the live
    /// ones — from <paramref name="fromCache"/> when it holds them for the patient row read (true when it filled them).
    /// </summary>
    public static async Task ReadItemsAsync(
        RegimenDbContext db, IReadOnlyCollection<PatientRecord> patients, HistoryPlan plan, Func<PatientRecord, bool>? fromCache, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(patients);
        ArgumentNullException.ThrowIfNull(plan);
        var byId = patients.ToDictionary(p => p.Id);
        var bounds = new Dictionary<long, LiveBound>();
        var complete = new List<long>();
        foreach (var patient in patients)
        {
            if (plan.Complete.Contains(patient.Id))
            {
                complete.Add(patient.Id);
            }
            else if (fromCache is null || !fromCache(patient))
            {
                bounds[patient.Id] = plan.Summaries.TryGetValue(patient.Id, out var summary) ? summary.Live : LiveBound.All;
            }
        }

        foreach (var item in await GroupReads.LiveItemsAsync(db, bounds, cancellationToken))
        {
            byId[item.PatientId].Items.Add(item);
        }

        if (complete.Count > 0)
        {
            await ReadCompleteAsync(db, byId, complete, plan, cancellationToken);
        }
    }

    /// <summary>
    /// The snapshots of <paramref name="patients"/> (their items read by <see cref="ReadItemsAsync"/>) for
    /// <paramref name="changes"/>: what the plan says, and for changes that can move what compacted items stood for,
    /// those items read back.
    /// </summary>
    public static async Task<Dictionary<string, PatientSnapshot>> SnapshotsAsync(
        RegimenDbContext db,
        IReadOnlyCollection<PatientRecord> patients,
        HistoryPlan plan,
        ILookup<long, FindingRecord> openFindings,
        IReadOnlyList<RegimenChange> changes,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(patients);
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(openFindings);
        ArgumentNullException.ThrowIfNull(changes);
        var summaries = plan.Summaries;
        var complete = plan.Complete;
        var read = new HashSet<long>(complete);

        // per patient, the (kind, ingredient) pairs whose compacted items are read back, and those items
        var reopened = new Dictionary<long, HashSet<(string Kind, string Ingredient)>>();
        var readBack = new Dictionary<long, Dictionary<long, RegimenItemRecord>>();
        if (summaries.Count > 0)
        {
            var byRef = patients.ToDictionary(p => p.PatientRef, StringComparer.Ordinal);
            var notLive = new HashSet<(long PatientId, string Kind, string ItemKey)>();
            var pending = new List<(long PatientId, string Kind, string Ingredient)>();
            foreach (var change in changes)
            {
                if (!byRef.TryGetValue(change.PatientRef, out var patient) || !summaries.TryGetValue(patient.Id, out var summary))
                {
                    continue;
                }

                var kind = RegimenItemUpdate.KindName(change.Kind);
                var live = patient.Items.Find(i => i.Kind == kind && i.ItemKey == change.ItemKey);
                if (ReportedStops.MayEndCompacted(change, live, summary.Cutoff))
                {
                    // a care team's stop, given or taken back, may end a dispense the runs hold whole (or one they hold cut)
                    complete.Add(patient.Id);
                }
                else if (live is null)
                {
                    notLive.Add((patient.Id, kind, change.ItemKey));
                }
                else if (live.StartedAt <= summary.Cutoff)
                {
                    Reopen(live);
                }
            }

            // a key that is neither live nor stored is a new item; a stored one is compacted
            foreach (var item in await GroupReads.ItemsByKeyAsync(db, notLive, cancellationToken))
            {
                if (summaries.TryGetValue(item.PatientId, out var summary) && summary.Compacts(item.Id) && Reopen(item))
                {
                    ReadBack(item);
                }
            }

            // the compacted items of those kinds and ingredients, and of every ingredient they name (a combination), until
            // no new one; a few rounds at most, else every item is read
            for (var round = 0; pending.Count > 0; round++)
            {
                if (round == MaxReopenRounds)
                {
                    complete.UnionWith(reopened.Keys);
                    break;
                }

                var keys = pending.Where(k => !complete.Contains(k.PatientId)).ToList();
                pending.Clear();
                foreach (var item in await GroupReads.CompactedItemsAsync(db, keys, i => summaries[i.PatientId].Compacts(i.Id), cancellationToken))
                {
                    if (ReadBack(item))
                    {
                        Reopen(item);
                    }
                }
            }

            // keeps a compacted item for its patient's decision, flagged; false when it was kept already
            bool ReadBack(RegimenItemRecord item)
            {
                if (!readBack.TryGetValue(item.PatientId, out var items))
                {
                    readBack[item.PatientId] = items = [];
                }

                item.Compacted = true;
                return items.TryAdd(item.Id, item);
            }

            // seeds the pairs of an item a change addresses (or one read back); false when every item must be read instead
            bool Reopen(RegimenItemRecord item)
            {
                if (complete.Contains(item.PatientId))
                {
                    return false;
                }

                // a compacted item was normalised with the summary's stamp; anything else is not what the runs were made of
                if (item.Ingredients is not { Length: > 0 } || !string.Equals(item.NormalisedWith, summaries[item.PatientId].NormalisedWith, StringComparison.Ordinal))
                {
                    complete.Add(item.PatientId);
                    return false;
                }

                if (!reopened.TryGetValue(item.PatientId, out var pairs))
                {
                    reopened[item.PatientId] = pairs = [];
                }

                foreach (var ingredient in item.Ingredients.Split(','))
                {
                    if (pairs.Add((item.Kind, ingredient)))
                    {
                        pending.Add((item.PatientId, item.Kind, ingredient));
                    }
                }

                return true;
            }
        }

        // patients found to need every item only now
        var unread = complete.Where(id => !read.Contains(id)).ToList();
        if (unread.Count > 0)
        {
            await ReadCompleteAsync(db, patients.ToDictionary(p => p.Id), unread, plan, cancellationToken);
        }

        // a patient with items read back is decided on them (flagged compacted) and on the summary without the runs they
        // formed
        foreach (var (patientId, pairs) in reopened)
        {
            if (!complete.Contains(patientId))
            {
                if (readBack.TryGetValue(patientId, out var items))
                {
                    patients.First(p => p.Id == patientId).Items.AddRange(items.Values.OrderBy(i => i.Id));
                }

                summaries[patientId] = summaries[patientId].Without(pairs);
            }
        }

        return patients.ToDictionary(
            p => p.PatientRef,
            p => PatientSnapshot.From(p, openFindings[p.Id]) with
            {
                Complete = !summaries.ContainsKey(p.Id) || complete.Contains(p.Id),
                History = complete.Contains(p.Id) ? null : summaries.GetValueOrDefault(p.Id),
            },
            StringComparer.Ordinal);
    }

    // every item of the given patients, replacing what they hold, each flagged as the summary read (if any) has it
    private static async Task ReadCompleteAsync(
        RegimenDbContext db, Dictionary<long, PatientRecord> byId, List<long> patientIds, HistoryPlan plan, CancellationToken cancellationToken)
    {
        foreach (var id in patientIds)
        {
            byId[id].Items.Clear();
        }

        foreach (var item in await GroupReads.ItemsAsync(db, [.. patientIds], cancellationToken))
        {
            item.Compacted = plan.Summaries.TryGetValue(item.PatientId, out var summary) && summary.Compacts(item.Id);
            byId[item.PatientId].Items.Add(item);
        }
    }

    // rounds of reading back the compacted items of a combination's other ingredients before reading every item instead
    private const int MaxReopenRounds = 4;
}

/// <summary>
/// What <see cref="HistoryReads.Plan"/> decided for a group's patients: the usable summaries, and the patients decided on
/// every item (<see cref="Complete"/>; it grows while the snapshots are made, when a correction needs every item).
/// </summary>
internal sealed class HistoryPlan
{
    public Dictionary<long, RegimenHistory> Summaries { get; } = [];

    public HashSet<long> Complete { get; } = [];
}
