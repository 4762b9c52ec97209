using System.Diagnostics.Metrics;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Observability;
using RegimenMonitor.Worker.Regimens;

namespace RegimenMonitor.Worker.Tests.Unit.Regimens;

public sealed class RegimenEvaluatorTests
{
    private static readonly RegimenEvaluator Evaluator = new(KnowledgeBase.LoadEmbedded());

    private static RegimenItemRecord Item(string text) => new()
    {
        Kind = "supplement", ItemKey = Guid.NewGuid().ToString(), Status = "active", ProductText = text,
        StartedAt = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero), SourceEventId = Guid.NewGuid(),
    };

    [Fact]
    public void Unrecognised_products_are_counted_by_outcome_without_their_text()
    {
        var gate = new object();
        var recorded = new List<(long Value, string Outcome)>();
        var recordedTags = new List<string>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == Telemetry.SourceName && instrument.Name == "regimen_monitor.products.normalised")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        // the instrument is process-wide: tests running in parallel record on it too, from other threads
        listener.SetMeasurementEventCallback<long>((_, value, measurementTags, _) =>
        {
            lock (gate)
            {
                foreach (var tag in measurementTags)
                {
                    recordedTags.Add(tag.Key);
                    recorded.Add((value, tag.Value?.ToString() ?? string.Empty));
                }
            }
        });
        listener.Start();

        var tea = Item("Secret herbal tea #7");
        var evaluation = Evaluator.Evaluate([tea, Item("St John's wort 300 mg")], new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero));
        listener.Dispose();
        List<(long Value, string Outcome)> outcomes;
        List<string> tags;
        lock (gate)
        {
            outcomes = [.. recorded];
            tags = [.. recordedTags];
        }

        Assert.Same(tea, Assert.Single(evaluation.Unrecognised));
        Assert.Contains((1L, "unrecognised"), outcomes);
        Assert.Contains((1L, "recognised"), outcomes);
        Assert.All(tags, t => Assert.Equal("outcome", t));
        Assert.DoesNotContain(outcomes, o => o.Outcome.Contains("tea", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Normalisation_is_stored_and_not_repeated_for_the_same_rule_set()
    {
        var item = Item("Zoloft 50 mg tablet");
        var normalised = Evaluator.Normalised(item, out var recognised);
        Assert.Equal((true, "sertraline", Evaluator.RuleSetVersion), (recognised, normalised.Ingredients, normalised.NormalisedWith));
        Assert.Equal((null, null), (item.Ingredients, item.NormalisedWith)); // a copy: the item read is never changed
        normalised.Ingredients = "fluoxetine"; // a stored value of the current version is trusted, not recomputed
        Assert.Same(normalised, Evaluator.Normalised(normalised, out recognised));
        Assert.Equal(("fluoxetine", (bool?)null), (normalised.Ingredients, recognised));
        normalised.NormalisedWith = "older";
        Assert.Equal("sertraline", Evaluator.Normalised(normalised, out _).Ingredients);
    }

    [Fact]
    public void The_engine_item_reuses_its_texts_until_the_values_they_come_from_change()
    {
        var record = Item("Zoloft 50 mg tablet");
        record.Ingredients = "sertraline,vitamin d";
        record.NormalisedWith = Evaluator.Stamp;
        var first = RegimenEvaluator.RuleItem(record)!;
        Assert.Equal(["sertraline", "vitamin d"], first.Ingredients);
        Assert.Equal(record.SourceEventId.ToString(), first.SourceEventId);

        // made once: a second evaluation of the record, or of a copy of it (the item cache hands out copies), shares them
        var again = RegimenEvaluator.RuleItem(record)!;
        var ofCopy = RegimenEvaluator.RuleItem(record.Copy())!;
        Assert.NotSame(first, again);
        Assert.Same(first.Ingredients, again.Ingredients);
        Assert.Same(first.Ingredients, ofCopy.Ingredients);
        Assert.Same(first.SourceEventId, ofCopy.SourceEventId);

        // a new value is read, never a stale text: another event, other ingredients (an equal text is the same value)
        var changed = record.Copy();
        changed.SourceEventId = Guid.NewGuid();
        Assert.Equal(changed.SourceEventId.ToString(), RegimenEvaluator.RuleItem(changed)!.SourceEventId);
        Assert.Same(first.Ingredients, RegimenEvaluator.RuleItem(changed)!.Ingredients);
        changed.Ingredients = "sertraline";
        Assert.Equal(["sertraline"], RegimenEvaluator.RuleItem(changed)!.Ingredients);
        changed.Ingredients = string.Concat("sertraline", ",vitamin d");
        Assert.Equal(["sertraline", "vitamin d"], RegimenEvaluator.RuleItem(changed)!.Ingredients);
        Assert.Equal(changed.SourceEventId.ToString(), RegimenEvaluator.RuleItem(changed)!.SourceEventId);

        // the original is untouched by what its copy became
        Assert.Same(first.Ingredients, RegimenEvaluator.RuleItem(record)!.Ingredients);
        Assert.Equal(record.SourceEventId.ToString(), RegimenEvaluator.RuleItem(record)!.SourceEventId);
    }
    /// <summary>
    /// Serotonergic agents enough for a SER-17 fingerprint longer than the findings column (found by an independent edge
    /// probe: every later event of such a patient was refused to _error, SQLSTATE 22001).
    /// </summary>
    internal static readonly string[] ManySerotonergicAgents =
    [
        "Zoloft 50 mg tablet", "fluoxetine 20 mg capsule", "paroxetine 20 mg tablet", "citalopram 20 mg tablet",
        "escitalopram 10 mg tablet", "venlafaxine 75 mg capsule", "duloxetine 30 mg capsule", "tramadol 50 mg tablet",
        "meperidine 50 mg tablet", "St. John's Wort 300 mg capsule", "5-HTP 100 mg capsule", "tryptophan 500 mg capsule",
        "SAMe 400 mg tablet", "phenelzine 15 mg tablet", "selegiline 5 mg capsule", "linezolid 600 mg tablet",
        "methylene blue 50 mg tablet", "sumatriptan 50 mg tablet", "rizatriptan 10 mg tablet", "ondansetron 8 mg tablet",
        "trazodone 50 mg tablet", "mirtazapine 15 mg tablet", "lithium carbonate 300 mg capsule", "buspirone 10 mg tablet",
        "dextromethorphan 30 mg capsule", "kratom powder 2 g", "amitriptyline 25 mg tablet", "nortriptyline 25 mg capsule",
        "imipramine 25 mg tablet", "clomipramine 25 mg capsule", "fentanyl 25 mcg patch", "methadone 10 mg tablet",
        "cyclobenzaprine 10 mg tablet", "fluvoxamine 50 mg tablet", "desvenlafaxine 50 mg tablet", "vortioxetine 10 mg tablet",
        "tapentadol 50 mg tablet", "tranylcypromine 10 mg tablet", "isocarboxazid 10 mg tablet", "rasagiline 1 mg tablet",
    ];

    [Fact]
    public void A_fingerprint_longer_than_its_column_is_stored_as_a_stable_shortened_key()
    {
        var asOf = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var first = Evaluator.Evaluate(ManySerotonergicAgents.Select(Item).ToList(), asOf);
        var again = Evaluator.Evaluate(Enumerable.Reverse(ManySerotonergicAgents).Select(Item).ToList(), asOf);

        var load = Assert.Single(first.Result.Findings, f => f.RuleId == "SER-17");
        Assert.True(load.Involves.Select(i => i.Ingredient).Distinct().Sum(i => i.Length + 1) > StoredFingerprint.MaxLength, "the agents no longer make a fingerprint longer than the column");
        Assert.All(first.Result.Findings, f => Assert.InRange(f.Fingerprint.Length, 1, StoredFingerprint.MaxLength));
        Assert.All(first.Result.Findings.SelectMany(f => f.Supersedes), s => Assert.InRange(s.Length, 1, StoredFingerprint.MaxLength));
        Assert.StartsWith("SER-17|5-htp,", load.Fingerprint, StringComparison.Ordinal);
        Assert.Contains("…sha256:", load.Fingerprint, StringComparison.Ordinal);
        Assert.Equal(load.Fingerprint, Assert.Single(again.Result.Findings, f => f.RuleId == "SER-17").Fingerprint); // the same ingredients, the same key
        Assert.Equal(first.Result.Findings.Select(f => f.Fingerprint).Order(StringComparer.Ordinal), again.Result.Findings.Select(f => f.Fingerprint).Order(StringComparer.Ordinal));

        // a fingerprint that fits is its own key
        var pair = Evaluator.Evaluate([Item("Zoloft 50 mg tablet"), Item("St. John's Wort 300 mg capsule")], asOf);
        Assert.Equal("SER-09|sertraline,st john's wort|", Assert.Single(pair.Result.Findings).Fingerprint);
        Assert.Equal("SER-09|sertraline,st john's wort|", StoredFingerprint.Of("SER-09|sertraline,st john's wort|"));
    }

    [Fact]
    public void A_long_fingerprint_stored_whole_goes_on_under_its_shortened_key()
    {
        // found by a review: SQLite, which does not enforce the column's length, kept such a fingerprint whole; matched by
        // it, the load alert resolved "no longer detected" while a new alert opened for the same products
        var asOf = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var items = ManySerotonergicAgents.Select(Item).ToList();
        var evaluation = Evaluator.Evaluate(items, asOf);
        var ids = 0;
        Guid NewId() => new(++ids, 0, 0, new byte[8]);
        var opened = FindingsReconciler.Reconcile(1, items, [], evaluation, asOf, NewId).Opened;
        var load = Assert.Single(opened, f => f.RuleId == "SER-17");
        var key = load.Fingerprint;
        var whole = "SER-17|" + string.Join(",", Assert.Single(evaluation.Result.Findings, f => f.RuleId == "SER-17").Involves
            .Select(i => i.Ingredient).Distinct().Order(StringComparer.Ordinal)) + "|";
        Assert.Equal(key, StoredFingerprint.Of(whole)); // the fingerprint the engine made, as SQLite stored it
        load.Fingerprint = whole;

        var again = FindingsReconciler.Reconcile(1, items, opened, evaluation, asOf.AddHours(1), NewId);

        Assert.Empty(again.Opened);
        Assert.Empty(again.Resolved);
        Assert.Equal(opened.Count, again.Continuing);
        Assert.Equal(key, load.Fingerprint);
    }

    [Fact]
    public void A_zero_padded_rxnorm_code_stored_before_is_read_without_its_zeros()
    {
        // found by a review: items stored with "036437" by a build that kept the code as sent stayed unread after the
        // contract began to drop the zeros, as only new events were read without them
        var padded = Evaluator.Explain("RxNorm 036437", null, "036437");
        Assert.Contains("sertraline", padded.Ingredients);

        // the terminology's text for a padded key of an older import or a hand-written file, and for the code as sent
        var terminology = new RegimenMonitor.Worker.Terminology.TerminologyMap(
            new Dictionary<string, string>(StringComparer.Ordinal) { ["0312938"] = "sertraline 50 mg oral tablet" }, new Dictionary<string, string>(StringComparer.Ordinal));
        Assert.Equal("sertraline 50 mg oral tablet", terminology.TextFor("312938", null));
        Assert.Equal("sertraline 50 mg oral tablet", terminology.TextFor("00312938", null));
    }
}
