using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// A stop that a care team or pharmacist reports ends a dispense of the same product before its supply runs out. The
/// wire has no stop for a dispense, so a prescriber's switch (sertraline stopped on 1 October, phenelzine started on
/// 20 November) is reported as a statement: <c>supplement-reported</c> (or a FHIR MedicationStatement) with a stop,
/// from <c>care-team</c> or <c>pharmacist</c>. Such a statement ends every dispense whose ingredients are exactly its
/// own, dispensed at or before the stop, whose supply plus refill grace still runs at the stop: the dispense's
/// coverage ends at the stop (<see cref="RegimenItemRecord.ReportedStop"/>), and washout rules count from there.
/// It ends the same way an earlier statement of exactly its ingredients that is still taken at the stop: a care team's
/// record "stopped St John's wort" usually comes as a new statement, not as the patient's own report again (found by a
/// newcomer probe: the alert stayed active, and nothing said why). Earlier means last reported at or before the stop
/// and before the stop was reported (<see cref="RegimenItemRecord.EffectiveAt"/>): a statement reported again after
/// either says the product is still taken, and the newer report stands. Of several such statements under different
/// texts, only those of the stop's own text end (<see cref="EndsStatement"/>).
/// <list type="bullet">
/// <item>A dispense after the stop is a restart: not touched; so is a statement started after the stop.</item>
/// <item>A patient's own report (or one without a source) does not end a dispensed supply or another statement: the
/// patient has the medicine and may still take it; a patient stops their own report by sending it again, stopped.</item>
/// <item>A statement naming other ingredients (a combination and one of its parts) does not end it.</item>
/// <item>Withdrawing the statement (entered-in-error), or correcting it, gives the dispense its supply back, and the
/// earlier statement its report.</item>
/// </list>
/// Derived for each evaluation from the items evaluated, never stored. The statements that end dispenses are never
/// compacted (RegimenDecision), and a decision that adds, changes or withdraws one with a stop at or before the history
/// cutoff reads every item (<see cref="MayEndCompacted"/>), so the history summary stays exact.
/// </summary>
internal static class ReportedStops
{
    /// <summary>Whether a report from this source ends a dispense (care-team, pharmacist).</summary>
    public static bool FromClinician(string? source) => source is "care-team" or "pharmacist";

    /// <summary>Whether <paramref name="statement"/> is a stop a care team or pharmacist reported, for recognised ingredients.</summary>
    public static bool Ends(RegimenItemRecord statement)
    {
        ArgumentNullException.ThrowIfNull(statement);
        return statement.Kind == "supplement" && !statement.Withdrawn && statement.StoppedAt is not null
            && statement.Ingredients is { Length: > 0 } && FromClinician(statement.ReportedSource());
    }

    /// <summary>
    /// Sets <see cref="RegimenItemRecord.ReportedStop"/> on every item of <paramref name="items"/> (null where none
    /// applies). A record in <paramref name="owned"/> is changed in place; any other that changes is replaced in the
    /// list by a copy (the callers change copies, never the records they were given).
    /// </summary>
    public static void Apply(List<RegimenItemRecord> items, IReadOnlyList<RegimenItemRecord>? owned)
    {
        ArgumentNullException.ThrowIfNull(items);
        List<RegimenItemRecord>? stops = null;
        foreach (var item in items)
        {
            if (Ends(item))
            {
                (stops ??= []).Add(item);
            }
        }

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var stop = stops is null ? null : StopOf(item, stops, items);
            if (item.ReportedStop == stop)
            {
                continue;
            }

            if (owned is null || !Owns(owned, item))
            {
                item = item.Copy();
                items[i] = item;
            }

            item.ReportedStop = stop;
        }
    }

    /// <summary>
    /// True when <paramref name="change"/> may end, or stop ending, a dispense the patient's history summary compacted (one
    /// that ended by <paramref name="cutoff"/>): it reports, or <paramref name="live"/> (the item it replaces, when live)
    /// reported, a care team's or pharmacist's stop at or before the cutoff. The decision then reads every item.
    /// </summary>
    public static bool MayEndCompacted(RegimenChange change, RegimenItemRecord? live, DateTimeOffset cutoff)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change.Kind != RegimenMonitor.Rules.RegimenItemKind.Supplement)
        {
            return false;
        }

        var reports = !change.Withdraws && change.StoppedAt is { } stopped && stopped <= cutoff
            && FromClinician(RegimenItemRecord.SourceOf(change.DetailsJson));
        var reported = live is { Withdrawn: false, StoppedAt: { } before } && before <= cutoff && FromClinician(live.ReportedSource());
        return reports || reported;
    }

    /// <summary>
    /// The statement whose stop ended <paramref name="item"/> (<see cref="RegimenItemRecord.ReportedStop"/>), a dispense or
    /// an earlier statement, among <paramref name="items"/>; null when none did. Named in the alert the stop resolves, so a
    /// receiver can trace the end to the report, and match a later withdrawal of it.
    /// </summary>
    public static RegimenItemRecord? ReportOf(RegimenItemRecord item, IEnumerable<RegimenItemRecord> items)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(items);
        if (item.ReportedStop is not { } stop || item.Ingredients is not { Length: > 0 })
        {
            return null;
        }

        var all = items as IReadOnlyList<RegimenItemRecord> ?? [.. items];
        var ingredients = item.EngineTexts().Ingredients;
        return all.Where(s => !ReferenceEquals(s, item) && Ends(s) && s.StoppedAt == stop
                && (item.Kind == "medication" ? SameSet(ingredients, s.EngineTexts().Ingredients) : EndsStatement(item, s, all)))
            .OrderBy(s => s.EffectiveAt).ThenBy(s => s.ItemKey, StringComparer.Ordinal).FirstOrDefault();
    }

    // the earliest reported stop that ends the item: for a statement, EndsStatement; for a dispense, from a statement of
    // exactly its ingredients, inside its supply (a compacted run has no supply: it already ends where the stops that
    // ended its items did)
    private static DateTimeOffset? StopOf(RegimenItemRecord item, List<RegimenItemRecord> stops, List<RegimenItemRecord> items)
    {
        DateTimeOffset? earliest = null;
        if (item.Kind == "supplement")
        {
            foreach (var statement in stops)
            {
                if ((earliest is null || statement.StoppedAt < earliest) && EndsStatement(item, statement, items))
                {
                    earliest = statement.StoppedAt;
                }
            }

            return earliest;
        }

        if (item.Kind != "medication" || item.Withdrawn || item.DaysSupply is null || item.Ingredients is not { Length: > 0 })
        {
            return null;
        }

        var supplyEnd = FindingsReconciler.SupplyEnd(item);
        var ingredients = item.EngineTexts().Ingredients;
        foreach (var statement in stops)
        {
            var stop = statement.StoppedAt!.Value;
            if (stop >= item.StartedAt && stop < supplyEnd && (earliest is null || stop < earliest)
                && SameSet(ingredients, statement.EngineTexts().Ingredients))
            {
                earliest = stop;
            }
        }

        return earliest;
    }

    /// <summary>
    /// Whether <paramref name="stopReport"/>, a care team's or pharmacist's stop, ends the earlier statement
    /// <paramref name="item"/>: one it could end (<see cref="MayEnd"/>) that names the product it stops, by the same
    /// text, or, when every statement it could end names one text (the patient's report, perhaps sent several times),
    /// whatever its text. Two products of the ingredient under different texts ("St John's Wort 300 mg capsule" and
    /// "Hypericum tea") leave a stop of a third text ending neither, and a stop of one of them ending that one: a stop
    /// of the tea never ends the capsule the patient still takes (a review: the capsule's alert resolved, "stopped, as
    /// the care team reported").
    /// </summary>
    private static bool EndsStatement(RegimenItemRecord item, RegimenItemRecord stopReport, IReadOnlyList<RegimenItemRecord> items)
    {
        if (!MayEnd(item, stopReport))
        {
            return false;
        }

        if (SameText(item, stopReport))
        {
            return true;
        }

        foreach (var other in items)
        {
            if (!ReferenceEquals(other, item) && !SameText(other, item) && MayEnd(other, stopReport))
            {
                return false;
            }
        }

        return true;
    }

    // a statement the stop could end (never a compacted run: any stop that could end one of its items since makes the
    // decision read every item, MayEndCompacted, and its items may have been reported after a stop): of exactly its
    // ingredients, started by the stop and still taken then, and last
    // reported both at or before the stop took effect and before the stop was reported (a report of the product after
    // either says it is taken, and the newer report stands: a stop reported late, "stopped on 1 October", does not end
    // what the patient reported taking on 5 October)
    private static bool MayEnd(RegimenItemRecord item, RegimenItemRecord stopReport)
    {
        var stop = stopReport.StoppedAt!.Value;
        return item.Kind == "supplement" && !item.Withdrawn && !Ends(item) && item.Ingredients is { Length: > 0 }
            && !item.ItemKey.StartsWith(RegimenMonitor.Rules.HistoryCompaction.SyntheticIdPrefix, StringComparison.Ordinal)
            && stop >= item.StartedAt && (item.StoppedAt is not { } own || stop < own)
            && item.EffectiveAt <= stop && item.EffectiveAt < stopReport.EffectiveAt
            && SameSet(item.EngineTexts().Ingredients, stopReport.EngineTexts().Ingredients);
    }

    // one product text, whatever its letter case and spacing
    private static bool SameText(RegimenItemRecord a, RegimenItemRecord b) =>
        string.Equals(string.Join(' ', a.ProductText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)),
            string.Join(' ', b.ProductText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)), StringComparison.OrdinalIgnoreCase);

    // by reference (the owned records are the decision's few upserts; looked up only when a stop changes)
    private static bool Owns(IReadOnlyList<RegimenItemRecord> owned, RegimenItemRecord item)
    {
        foreach (var record in owned)
        {
            if (ReferenceEquals(record, item))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameSet(string[] a, string[] b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        foreach (var ingredient in a)
        {
            if (Array.IndexOf(b, ingredient) < 0)
            {
                return false;
            }
        }

        return true;
    }
}
