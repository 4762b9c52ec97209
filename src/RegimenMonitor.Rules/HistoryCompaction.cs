using RegimenMonitor.Rules.Evaluation;

namespace RegimenMonitor.Rules;

/// <summary>
/// Replaces the closed past of a regimen by a few coverage periods without changing any evaluation from a cutoff on.
/// The engine merges each ingredient's coverage periods into continuous runs: the runs depend only on the union of the
/// periods, so periods that ended by the cutoff can be replaced by the runs they form among themselves (one synthetic
/// item per ingredient and run: start of the run, stopped at its end) — idempotent and associative, so it stays exact
/// whatever is added later, at any start. What an evaluation shows of an item (product, ids, assumed supply) comes only
/// from the newest period of a run; an item stays whenever it is the newest started by the cutoff for one of its
/// ingredients, so that is always a real item. Withdrawing or correcting a compacted item needs the full list again.
/// Pure: no clock; the cutoff is an argument.
/// </summary>
public static class HistoryCompaction
{
    /// <summary>Prefix of the <see cref="RegimenItem.ItemId"/> of the synthetic items.</summary>
    public const string SyntheticIdPrefix = "history:";

    /// <summary>
    /// Splits <paramref name="items"/> into the ones kept as they are (in their order) and synthetic items standing for
    /// the rest. For every <c>asOf</c> at or after <paramref name="cutoff"/> and every list of items added later,
    /// evaluating <c>kept + added + synthetic</c> gives the same result as <c>items + added</c>.
    /// </summary>
    public static (IReadOnlyList<RegimenItem> Kept, IReadOnlyList<RegimenItem> Synthetic) Compact(IReadOnlyList<RegimenItem> items, DateTimeOffset cutoff)
    {
        ArgumentNullException.ThrowIfNull(items);
        var limit = cutoff.UtcTicks;
        var starts = new long[items.Count];
        var ends = new long[items.Count];
        // the newest start by the cutoff, per ingredient, over the periods the engine collects (end after start)
        var newest = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            starts[i] = items[i].StartedAt.UtcTicks;
            ends[i] = Coverage.EndOf(items[i], starts[i]);
            if (ends[i] > starts[i] && starts[i] <= limit)
            {
                foreach (var ingredient in items[i].Ingredients)
                {
                    newest[ingredient] = newest.TryGetValue(ingredient, out var seen) ? Math.Max(seen, starts[i]) : starts[i];
                }
            }
        }

        var kept = new List<RegimenItem>(items.Count);
        var periods = new Dictionary<string, List<(long Start, long End)>>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            if (ends[i] <= starts[i])
            {
                // never collected by the engine; dropped once it cannot be anything else
                if (starts[i] > limit)
                {
                    kept.Add(item);
                }

                continue;
            }

            var closed = ends[i] <= limit && item.Ingredients.All(ingredient => starts[i] < newest[ingredient]);

            if (!closed)
            {
                kept.Add(item);
                continue;
            }

            foreach (var ingredient in item.Ingredients)
            {
                if (!periods.TryGetValue(ingredient, out var list))
                {
                    periods[ingredient] = list = [];
                }

                list.Add((starts[i], ends[i]));
            }
        }

        var synthetic = new List<RegimenItem>();
        foreach (var (ingredient, list) in periods.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            list.Sort();
            var (runStart, runEnd) = list[0];
            foreach (var (start, end) in list.Skip(1))
            {
                if (start <= runEnd)
                {
                    runEnd = Math.Max(runEnd, end);
                    continue;
                }

                synthetic.Add(Run(ingredient, runStart, runEnd));
                (runStart, runEnd) = (start, end);
            }

            synthetic.Add(Run(ingredient, runStart, runEnd));
        }

        return (kept, synthetic);
    }

    // a medication without days supply runs from its start until it is stopped: exactly [start, end)
    private static RegimenItem Run(string ingredient, long start, long end) => new()
    {
        ItemId = SyntheticIdPrefix + ingredient + ":" + start.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Kind = RegimenItemKind.Medication,
        ProductText = string.Empty,
        Ingredients = [ingredient],
        StartedAt = new DateTimeOffset(start, TimeSpan.Zero),
        StoppedAt = new DateTimeOffset(end, TimeSpan.Zero),
    };
}
