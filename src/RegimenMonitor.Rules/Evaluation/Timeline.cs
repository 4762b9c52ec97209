namespace RegimenMonitor.Rules.Evaluation;

/// <summary>
/// Turns regimen items into the ingredients present at as-of. Coverage periods of one ingredient that overlap or
/// touch merge into one continuous run, whose start is the therapy start used for durations and for
/// <see cref="Finding.Since"/>; runs separated by a short break form one therapy episode, from whose start depletion
/// durations count (<see cref="Coverage.EpisodeBreakLimit"/>); an ingredient is present when its last run is active, or ended inside its largest
/// washout window. Items that start after as-of are not active yet but make the result change when they start.
/// </summary>
internal sealed class Timeline(KnowledgeBase kb)
{
    public void Build(IReadOnlyList<RegimenItem> items, long now, EvaluationState state)
    {
        CollectPeriods(items, now, state);
        MergeRuns(items, now, state);
    }

    private void CollectPeriods(IReadOnlyList<RegimenItem> items, long now, EvaluationState state)
    {
        for (var index = 0; index < items.Count; index++)
        {
            var item = items[index];
            if (item is null)
            {
                continue;
            }

            var start = item.StartedAt.UtcTicks;
            var end = Coverage.EndOf(item, start);
            if (end <= start)
            {
                continue;
            }

            var ingredients = item.Ingredients;
            for (var k = 0; k < ingredients.Count; k++)
            {
                if (ingredients[k] is not { } name || !kb.IngredientIds.TryGetValue(name, out var id))
                {
                    continue;
                }

                if (start > now)
                {
                    if (kb.RuleRelevant[id])
                    {
                        state.Next.Consider(start); // Not active yet: the result can change when it starts.
                    }

                    continue;
                }

                GrowArray.Append(ref state.Periods, ref state.PeriodCount, new CoveragePeriod(id, index, start, end));
            }
        }

        state.Periods.AsSpan(0, state.PeriodCount).Sort(static (x, y) =>
            x.Ing != y.Ing ? x.Ing.CompareTo(y.Ing) : x.Start != y.Start ? x.Start.CompareTo(y.Start) : x.Item.CompareTo(y.Item));
    }

    /// <summary>
    /// The other products that carry the ingredient at as-of beside the one shown (<paramref name="shown"/>): items of the
    /// run still covering now whose set of ingredients is another product's (Caltrate beside a Centrum started later; a
    /// refill of the same product, under any text, is not another product), newest first, each set once. Like the item
    /// shown, they cover as-of, so no history summary holds them.
    /// </summary>
    private static void AddOtherProducts(IReadOnlyList<RegimenItem> items, CoveragePeriod[] periods, int from, int to, int shown, long now, EvaluationState state)
    {
        var first = state.AlsoCount;
        for (var k = to - 1; k >= from; k--)
        {
            if (periods[k].End <= now || SameProducts(items[periods[k].Item], items[shown]))
            {
                continue;
            }

            var known = false;
            for (var a = first; a < state.AlsoCount && !known; a++)
            {
                known = SameProducts(items[periods[k].Item], items[state.Also[a]]);
            }

            if (!known)
            {
                GrowArray.Append(ref state.Also, ref state.AlsoCount, periods[k].Item);
            }
        }
    }

    /// <summary>Whether two items carry the same set of ingredients (one product, as far as the rules can tell).</summary>
    private static bool SameProducts(RegimenItem a, RegimenItem b)
    {
        if (ReferenceEquals(a, b))
        {
            return true;
        }

        var x = a.Ingredients;
        var y = b.Ingredients;
        if (x.Count != y.Count)
        {
            return false;
        }

        for (var i = 0; i < x.Count; i++)
        {
            var found = false;
            for (var j = 0; j < y.Count && !found; j++)
            {
                found = string.Equals(x[i], y[j], StringComparison.Ordinal);
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }

    private void MergeRuns(IReadOnlyList<RegimenItem> items, long now, EvaluationState state)
    {
        var periods = state.Periods;
        var e = 0;
        while (e < state.PeriodCount)
        {
            var ing = periods[e].Ing;
            var episode = new EpisodeBuilder(periods[e]);
            var runItem = periods[e].Item;
            var coveringItem = periods[e].End > now ? periods[e].Item : -1;
            var f = e + 1;
            for (; f < state.PeriodCount && periods[f].Ing == ing; f++)
            {
                episode.Add(periods[f]);
                runItem = periods[f].Item; // Newest dispense of the (last) run: the product shown in findings.
                if (periods[f].End > now)
                {
                    coveringItem = periods[f].Item;
                }
            }

            // Only the last run can contain asOf: every start is at or before asOf and runs are disjoint.
            var active = now < episode.RunEnd;
            if (active && coveringItem >= 0)
            {
                // An active run shows the newest item that still covers asOf, not a newer one that has already ended
                // (a stop reported for tramadol inside an Ultracet supply: the finding names the Ultracet the patient
                // still has). Items covering asOf end after any history cutoff, so they are never compacted and the
                // choice is the same with a summary or without one; an ended run keeps the newest item, which
                // compaction keeps live.
                runItem = coveringItem;
            }

            var maxWashout = kb.MaxWashoutDays[ing];
            if (active || (maxWashout > 0 && now < episode.RunEnd + (maxWashout * Coverage.TicksPerDay)) || kb.CounteractsDepletion[ing])
            {
                var alsoStart = state.AlsoCount;
                if (active && f - e > 1)
                {
                    AddOtherProducts(items, periods, e, f, runItem, now, state);
                }

                GrowArray.Append(ref state.Present, ref state.PresentCount, new PresentIngredient(ing, kb.IngredientTags[ing], active, episode.RunStart, episode.RunEnd, runItem,
                    episode.EpisodeStart, episode.LongestBreak, alsoStart, state.AlsoCount - alsoStart));
            }

            e = f;
        }
    }
}
