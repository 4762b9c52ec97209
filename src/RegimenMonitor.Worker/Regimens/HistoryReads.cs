using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// Turns patients read with their live items (<see cref="GroupReads.PatientsWithLiveItemsAsync"/>) into the snapshots
/// their decisions start from. A patient without a history summary is complete as read. A patient with one is decided
/// on its live items plus the summary (<see cref="RegimenHistory"/>), which is exact for changes that add items or
/// change items started after the cutoff.
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
/// <item>the summary was made with another rule-set version or terminology import (its ingredients may differ);</item>
/// <item>the decision's instant is before the summary's cutoff (a clock behind the one that compacted);</item>
/// <item>compaction is off (<c>Regimen:CompactHistoryAbove</c> 0: the decision un-compacts the patient);</item>
/// <item>the stored summary cannot be read (a damaged row: the decision writes a new one), or belongs to another version
/// of the patient (written by something that did not keep it, such as an older release during a rolling upgrade).</item>
/// </list>
/// More queries per group, each only when needed: the addressed items not found among the live ones (for patients with
/// a summary), the compacted items read back (one per round), and all items of the patients that must be complete.
/// </summary>
internal static class HistoryReads
{
    /// <summary>The snapshots of <paramref name="patients"/> (live items read) for <paramref name="changes"/> at <paramref name="asOf"/>.</summary>
    public static async Task<Dictionary<string, PatientSnapshot>> SnapshotsAsync(
        RegimenDbContext db,
        IReadOnlyCollection<PatientRecord> patients,
        ILookup<long, FindingRecord> openFindings,
        IReadOnlyList<RegimenChange> changes,
        string normalisationStamp,
        bool useSummaries,
        DateTimeOffset asOf,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(patients);
        ArgumentNullException.ThrowIfNull(openFindings);
        ArgumentNullException.ThrowIfNull(changes);
        var summaries = new Dictionary<long, RegimenHistory>();
        var complete = new HashSet<long>();
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
                complete.Add(patient.Id);
                continue;
            }

            if (!useSummaries
                || summary.Version != patient.Version
                || !string.Equals(summary.NormalisedWith, normalisationStamp, StringComparison.Ordinal) || asOf < summary.Cutoff)
            {
                complete.Add(patient.Id);
            }
            else
            {
                summaries[patient.Id] = summary;
            }
        }

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
                if (live is null)
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
                if (Reopen(item))
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
                foreach (var item in await GroupReads.CompactedItemsAsync(db, keys, cancellationToken))
                {
                    if (ReadBack(item))
                    {
                        Reopen(item);
                    }
                }
            }

            // keeps a compacted item for its patient's decision; false when it was kept already
            bool ReadBack(RegimenItemRecord item)
            {
                if (!readBack.TryGetValue(item.PatientId, out var items))
                {
                    readBack[item.PatientId] = items = [];
                }

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

        if (complete.Count > 0)
        {
            var byId = patients.Where(p => complete.Contains(p.Id)).ToDictionary(p => p.Id);
            foreach (var patient in byId.Values)
            {
                patient.Items.Clear();
            }

            foreach (var item in await GroupReads.ItemsAsync(db, [.. complete], liveOnly: false, cancellationToken))
            {
                byId[item.PatientId].Items.Add(item);
            }
        }

        // a patient with items read back is decided on them (still flagged compacted) and on the summary without the
        // runs they formed
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

    // rounds of reading back the compacted items of a combination's other ingredients before reading every item instead
    private const int MaxReopenRounds = 4;
}
