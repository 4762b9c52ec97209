namespace RegimenMonitor.Rules.Tests;

/// <summary>
/// HistoryCompaction is exact: on randomised regimens (long refill chains, gaps, washout pairs, depletion durations,
/// combination products, stopped and zero-length items), evaluating the compacted list plus items added later gives the
/// same findings (every field the care team sees) and the same next change as the full list, at any instant from the
/// cutoff on. Deterministic: fixed seeds.
/// </summary>
public sealed class HistoryCompactionTests
{
    private static readonly KnowledgeBase Kb = KnowledgeBase.LoadEmbedded();
    private static readonly RuleEngine Engine = new(Kb);
    private static readonly DateTimeOffset T0 = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    // serotonergic pairs with and without washout, absorption pairs, depletion over months, a combination product
    private static readonly (string Text, IReadOnlyList<string> Ingredients)[] Products =
    [.. new[]
    {
        "Zoloft 50 mg tablet", "Ultram 50 mg tablet", "Nardil 15 mg tablet", "Prozac 20 mg capsule", "Lexapro 10 mg tablet",
        "St. John's Wort 300 mg capsule", "Synthroid 100 mcg tablet", "Caltrate 600 mg calcium tablet", "Cipro 500 mg tablet",
        "Slow-Mag 64 mg tablet", "Glucophage 500 mg tablet", "Prilosec 20 mg capsule", "Kratom powder (Maeng Da) 2 g",
        "Roxicodone 5 mg tablet", "NyQuil Cold & Flu liquid", "Imitrex 50 mg tablet", "Lipitor 20 mg tablet",
    }.Select(text => (text, new ProductNormaliser(Kb).Normalise(text).Ingredients)).Where(p => p.Ingredients.Count > 0)];

    [Fact]
    public void The_product_pool_covers_combinations_washouts_and_depletion()
    {
        Assert.True(Products.Length >= 14, string.Join(", ", Products.Select(p => p.Text)));
        Assert.Contains(Products, p => p.Ingredients.Count > 1);
    }

    [Fact]
    public void Evaluations_from_the_cutoff_on_are_the_same_with_and_without_compaction()
    {
        var compacted = 0;
        var findings = 0;
        for (var seed = 0; seed < 1_500; seed++)
        {
            var random = new Random(seed);
            var history = Items(random, random.Next(1, 60), T0.AddDays(-1_100), T0, "h");
            var cutoff = T0.AddDays(-random.Next(0, 500)).AddHours(random.Next(24));
            var (kept, synthetic) = HistoryCompaction.Compact(history, cutoff);
            compacted += kept.Count < history.Count ? 1 : 0;
            Assert.All(kept, item => Assert.Contains(item, history));
            // items added after the compaction: old and late, recent, future; and the history's own keys are not among them
            var added = Items(random, random.Next(0, 8), cutoff.AddDays(-400), T0.AddDays(90), "n");
            for (var k = 0; k < 5; k++)
            {
                var asOf = k == 0 ? cutoff : cutoff + TimeSpan.FromMinutes(random.Next(0, 60 * 24 * 700));
                var expected = Engine.Evaluate([.. history, .. added], asOf);
                var actual = Engine.Evaluate([.. kept, .. added, .. synthetic], asOf);
                findings += expected.Findings.Count;
                AssertSame(expected, actual, $"seed {seed}, cutoff {cutoff:O}, asOf {asOf:O}");
            }
        }

        // not vacuous: most histories lost items to compaction, and many evaluations had findings
        Assert.True(compacted > 1_000, $"{compacted} of 1,500 compacted");
        Assert.True(findings > 5_000, $"{findings} findings");
    }

    [Fact]
    public void Three_years_of_monthly_refills_of_eight_medications_become_a_few_items()
    {
        var random = new Random(42);
        var texts = Products.Take(8).ToArray();
        var history = new List<RegimenItem>();
        var start = T0.AddDays(-3 * 365);
        for (var month = 0; month < 37; month++)
        {
            for (var m = 0; m < texts.Length; m++)
            {
                history.Add(Item(texts[m], $"d{month}-{m}", start.AddDays((month * 30) + m + random.Next(-2, 3)), 30, null, random, supplement: false));
            }
        }

        var cutoff = T0.AddDays(-60);
        var (kept, synthetic) = HistoryCompaction.Compact(history, cutoff);

        Assert.Equal(296, history.Count);
        Assert.InRange(kept.Count + synthetic.Count, 8, 40);
        for (var days = 0; days <= 120; days += 7)
        {
            var asOf = cutoff.AddDays(days);
            AssertSame(Engine.Evaluate(history, asOf), Engine.Evaluate([.. kept, .. synthetic], asOf), $"asOf {asOf:O}");
        }

        Assert.NotEmpty(Engine.Evaluate(history, cutoff.AddDays(30)).Findings); // depletion and pairs after three years
    }

    private static List<RegimenItem> Items(Random random, int groups, DateTimeOffset from, DateTimeOffset to, string prefix)
    {
        var items = new List<RegimenItem>();
        var span = (int)(to - from).TotalHours;
        for (var g = 0; g < groups; g++)
        {
            var product = Products[random.Next(Products.Length)];
            var at = from.AddHours(random.Next(Math.Max(1, span)));
            // half the groups are refill chains (continuous or with gaps), the rest single items
            var chain = random.Next(2) == 0 ? random.Next(2, 40) : 1;
            var days = random.Next(5) switch { 0 => (int?)null, 1 => 7, 2 => 90, _ => 30 };
            for (var c = 0; c < chain && at <= to; c++)
            {
                DateTimeOffset? stopped = random.Next(8) switch
                {
                    0 => at.AddDays(random.Next(0, 200)),
                    1 => at.AddDays(-random.Next(0, 3)), // stopped at or before its start: never collected
                    _ => null,
                };
                items.Add(Item(product, $"{prefix}{g}-{c}", at, days, stopped, random));
                at = at.AddDays((days ?? 30) + random.Next(-5, random.Next(3) == 0 ? 60 : 8));
            }
        }

        return items;
    }

    private static RegimenItem Item(
        (string Text, IReadOnlyList<string> Ingredients) product, string id, DateTimeOffset at, int? days, DateTimeOffset? stopped, Random random, bool? supplement = null)
    {
        supplement ??= random.Next(6) == 0;
        return new RegimenItem
        {
            ItemId = id,
            Kind = supplement.Value ? RegimenItemKind.Supplement : RegimenItemKind.Medication,
            ProductText = product.Text,
            Ingredients = product.Ingredients,
            StartedAt = at.ToOffset(TimeSpan.FromHours(random.Next(-6, 3))),
            DaysSupply = supplement.Value ? null : days,
            DaysSupplyAssumed = random.Next(10) == 0,
            StoppedAt = stopped,
            SourceEventId = "e-" + id,
        };
    }

    private static void AssertSame(EvaluationResult expected, EvaluationResult actual, string context)
    {
        Assert.True(expected.NextChangeAt == actual.NextChangeAt, $"{context}: next change {expected.NextChangeAt:O} vs {actual.NextChangeAt:O}");
        Assert.True(expected.Findings.Count == actual.Findings.Count,
            $"{context}: {string.Join(" ", expected.Findings.Select(f => f.Fingerprint))} vs {string.Join(" ", actual.Findings.Select(f => f.Fingerprint))}");
        for (var i = 0; i < expected.Findings.Count; i++)
        {
            var (e, a) = (expected.Findings[i], actual.Findings[i]);
            Assert.Equal((e.RuleId, e.Concern, e.Severity, e.Title, e.Fingerprint, e.Since, e.Nutrient), (a.RuleId, a.Concern, a.Severity, a.Title, a.Fingerprint, a.Since, a.Nutrient));
            Assert.Equal(e.Detail, a.Detail);
            Assert.Equal(e.Recommendation, a.Recommendation);
            Assert.Equal(e.Involves, a.Involves);
            Assert.Equal(e.Evidence, a.Evidence);
        }
    }
}
