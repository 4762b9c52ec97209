using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// Turns patients read with their live items (<see cref="GroupReads.PatientsWithLiveItemsAsync"/>) into the snapshots
/// their decisions start from. A patient without a history summary is complete as read. A patient with one is decided
/// on its live items plus the summary (<see cref="RegimenHistory"/>), which is exact for changes that add items or
/// change items started after the cutoff; every item is read instead (a complete snapshot) when that does not hold:
/// <list type="bullet">
/// <item>a change addresses a compacted item, or a live item started by the cutoff (its correction or withdrawal can
/// move what the compacted items stood for);</item>
/// <item>the summary was made with another rule-set version or terminology import (its ingredients may differ);</item>
/// <item>the decision's instant is before the summary's cutoff (a clock behind the one that compacted);</item>
/// <item>compaction is off (<c>Regimen:CompactHistoryAbove</c> 0: the decision un-compacts the patient);</item>
/// <item>the stored summary cannot be read (a damaged row: the decision writes a new one), or belongs to another version
/// of the patient (written by something that did not keep it, such as an older release during a rolling upgrade).</item>
/// </list>
/// At most two more queries per group, each only when needed: the addressed items not found among the live ones (for
/// patients with a summary), and all items of the patients that must be complete.
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

        if (summaries.Count > 0)
        {
            var byRef = patients.ToDictionary(p => p.PatientRef, StringComparer.Ordinal);
            var notLive = new HashSet<(long PatientId, string Kind, string ItemKey)>();
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
                    complete.Add(patient.Id);
                }
            }

            // a key that is neither live nor stored is a new item; a stored one is compacted
            foreach (var item in await GroupReads.ItemsByKeyAsync(db, notLive, cancellationToken))
            {
                complete.Add(item.PatientId);
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

        return patients.ToDictionary(
            p => p.PatientRef,
            p => PatientSnapshot.From(p, openFindings[p.Id]) with
            {
                Complete = !summaries.ContainsKey(p.Id) || complete.Contains(p.Id),
                History = complete.Contains(p.Id) ? null : summaries.GetValueOrDefault(p.Id),
            },
            StringComparer.Ordinal);
    }
}
