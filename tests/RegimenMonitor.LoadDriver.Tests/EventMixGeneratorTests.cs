using System.Text.Json;
using RegimenMonitor.Contracts;
using RegimenMonitor.LoadDriver.EventMix;
using RegimenMonitor.Rules;

namespace RegimenMonitor.LoadDriver.Tests;

public sealed class EventMixGeneratorTests
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] DispenseStatuses = ["completed", "entered-in-error"];
    private static readonly string[] StatementStatuses = ["active", "stopped"];

    private static IReadOnlyList<LoadEvent> Generate(int events = 5_000, int patients = 500, int seed = 7, LoadMix mix = LoadMix.Default) =>
        EventMixGenerator.Generate(new EventMixSettings { Events = events, Patients = patients, AsOf = AsOf, Seed = seed, PatientPrefix = "T", Mix = mix });

    private static LoadMix Mix(string name) => LoadOptions.ParseMix(name)!.Value;

    private static (IReadOnlyList<LoadEvent> History, IReadOnlyList<LoadEvent> Measured) LongHistory(int patients = 20, int history = 100, int measured = 200) =>
        EventMixGenerator.GenerateWithHistory(new EventMixSettings
        {
            Events = patients * measured, Patients = patients, AsOf = AsOf, Seed = 11, PatientPrefix = "H", Mix = LoadMix.LongHistory, HistoryPerPatient = history,
        });

    [Theory]
    [InlineData(5_000, 500)]
    [InlineData(1_003, 100)]
    [InlineData(50, 200)]
    [InlineData(1, 1)]
    public void Generates_exactly_the_requested_events_spread_evenly_over_the_patients(int events, int patients)
    {
        var generated = Generate(events, patients);

        Assert.Equal(events, generated.Count);
        var perPatient = generated.GroupBy(e => e.PatientId).Select(g => g.Count()).ToList();
        Assert.Equal(Math.Min(events, patients), perPatient.Count);
        Assert.True(perPatient.Max() - perPatient.Min() <= 1, $"per-patient counts {perPatient.Min()}..{perPatient.Max()}");
        Assert.Equal(events, generated.Select(e => e.EventId).Distinct().Count());
    }

    [Fact]
    public void The_same_seed_gives_the_same_bodies_and_another_seed_another_feed()
    {
        var first = Generate(seed: 3);
        var again = Generate(seed: 3);
        var other = Generate(seed: 4);

        Assert.Equal(first.Select(e => Convert.ToBase64String(e.Body.Span)), again.Select(e => Convert.ToBase64String(e.Body.Span)));
        Assert.NotEqual(first.Select(e => e.EventId), other.Select(e => e.EventId));
    }

    [Fact]
    public void The_mix_has_dispenses_refills_reversals_supplements_updates_and_alerting_combinations()
    {
        var generated = Generate();
        var mix = EventMixGenerator.Mix(generated);

        foreach (var category in new[] { "dispense", "refill", "reversal", "supplement", "supplement-update" })
        {
            Assert.True(mix.GetValueOrDefault(category) > generated.Count / 50, $"{category}: {mix.GetValueOrDefault(category)} of {generated.Count}");
        }

        var alerting = generated.Count(e => e.CompletesAlert);
        Assert.InRange(alerting, 500 * 0.08, 500 * 0.25); // about 15 % of the patients
        Assert.Contains(generated, e => e.Status == "stopped");
        Assert.Contains(generated, e => e.Status == "entered-in-error");
    }

    [Theory]
    [InlineData("default")]
    [InlineData("alert-heavy")]
    [InlineData("long-history")]
    public void Every_body_is_a_valid_wire_contract_event_of_its_exchange(string mix)
    {
        foreach (var e in Generate(2_000, 200, mix: Mix(mix)))
        {
            using var json = JsonDocument.Parse(e.Body);
            var root = json.RootElement;
            Assert.Equal(e.EventId, root.GetProperty("eventId").GetGuid());
            Assert.Equal(e.PatientId, root.GetProperty("patientId").GetString());
            Assert.InRange(e.PatientId.Length, 1, 64);
            if (e.Exchange == MedicationDispensed.ExchangeName)
            {
                Assert.True(e.IsMedication);
                Assert.Equal(e.ItemKey, root.GetProperty("dispenseId").GetString());
                Assert.Equal(e.ProductText, root.GetProperty("medication").GetProperty("text").GetString());
                Assert.Contains(root.GetProperty("status").GetString(), DispenseStatuses);
                Assert.Equal(e.EffectiveAt, Rfc3339(root.GetProperty("dispensedAt").GetString()!));
                Assert.InRange(root.GetProperty("daysSupply").GetInt32(), 1, 400);
            }
            else
            {
                Assert.Equal(SupplementReported.ExchangeName, e.Exchange);
                Assert.False(e.IsMedication);
                Assert.Equal(e.ItemKey, root.GetProperty("statementId").GetString());
                Assert.Equal(e.ProductText, root.GetProperty("supplement").GetProperty("text").GetString());
                Assert.Contains(root.GetProperty("status").GetString(), StatementStatuses);
                Assert.Equal(e.EffectiveAt, Rfc3339(root.GetProperty("reportedAt").GetString()!));
                var started = DateOnly.Parse(root.GetProperty("startedOn").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                if (root.TryGetProperty("stoppedOn", out var stopped))
                {
                    Assert.True(DateOnly.Parse(stopped.GetString()!, System.Globalization.CultureInfo.InvariantCulture) >= started);
                }
            }
        }
    }

    [Theory]
    [InlineData("default")]
    [InlineData("alert-heavy")]
    [InlineData("long-history")]
    public void Each_patients_events_arrive_in_time_order_before_as_of_and_a_reversal_after_its_dispense(string mix)
    {
        foreach (var patient in Generate(mix: Mix(mix)).GroupBy(e => e.PatientId))
        {
            var events = patient.ToList();
            Assert.All(events, e => Assert.True(e.EffectiveAt <= AsOf && e.OccurredAt <= AsOf));
            Assert.Equal(events.Select(e => e.OccurredAt).Order(), events.Select(e => e.OccurredAt));
            foreach (var (reversal, index) in events.Select((e, i) => (e, i)).Where(x => x.e.Category == EventCategory.Reversal))
            {
                var original = events.Take(index).Single(e => e.ItemKey == reversal.ItemKey && e.Status == "completed");
                Assert.Equal(original.EffectiveAt, reversal.EffectiveAt);
            }
        }
    }

    [Theory]
    [InlineData("default")]
    [InlineData("alert-heavy")]
    public void The_rule_engine_alerts_on_every_completed_combination_and_on_nothing_else(string mix)
    {
        var knowledgeBase = KnowledgeBase.LoadEmbedded();
        var normaliser = new ProductNormaliser(knowledgeBase);
        var engine = new RuleEngine(knowledgeBase);
        var generated = Generate(6_000, 600, mix: Mix(mix));

        foreach (var patient in generated.GroupBy(e => e.PatientId))
        {
            var result = engine.Evaluate(Regimen(patient, normaliser), AsOf);
            var completing = patient.Where(e => e.CompletesAlert).Select(e => e.EventId.ToString()).ToList();
            if (completing.Count == 0)
            {
                Assert.True(result.Findings.Count == 0,
                    $"{patient.Key} has no alerting combination but the engine found {string.Join(", ", result.Findings.Select(f => f.RuleId))}");
            }
            else
            {
                Assert.Contains(result.Findings, f => f.Involves.Any(i => completing.Contains(i.SourceEventId!)));
            }
        }
    }

    [Fact]
    public void The_alert_heavy_mix_uses_14_common_products_and_most_patients_complete_an_alerting_pair()
    {
        var generated = Generate(50_000, 5_000, mix: LoadMix.AlertHeavy);

        var products = generated.Select(e => e.ProductText).Distinct().Order().ToList();
        Assert.Equal(14, products.Count);
        Assert.Equal(ProductSet.AlertHeavy.All.Order(), products);
        var alertingPatients = generated.Where(e => e.CompletesAlert).Select(e => e.PatientId).Distinct().Count();
        Assert.InRange(alertingPatients, 5_000 * 0.55, 5_000 * 0.65); // 60 % against 15 % in the default mix
        Assert.Equal(5_000, generated.Select(e => e.PatientId).Distinct().Count());
    }

    [Fact]
    public void The_long_history_mix_writes_years_of_monthly_refills_first_and_continues_them_in_the_measured_run()
    {
        var (history, measured) = LongHistory(patients: 20, history: 100, measured: 200);

        Assert.Equal(20 * 100, history.Count);
        Assert.Equal(20 * 200, measured.Count);
        Assert.Empty(history.Select(e => e.EventId).Intersect(measured.Select(e => e.EventId)));
        foreach (var patient in history.Concat(measured).GroupBy(e => e.PatientId))
        {
            var mine = history.Where(e => e.PatientId == patient.Key).ToList();
            var later = measured.Where(e => e.PatientId == patient.Key).ToList();
            Assert.Equal((100, 200), (mine.Count, later.Count));
            // the history is the older part of the same timeline
            Assert.True(mine.Max(e => e.OccurredAt) < later.Min(e => e.OccurredAt));
            var all = patient.OrderBy(e => e.OccurredAt).ToList();
            // about three years, up to now
            Assert.InRange((AsOf - all[0].OccurredAt).TotalDays, 1_000, 1_200);
            Assert.InRange((AsOf - all[^1].OccurredAt).TotalDays, 0, 10);
            var dispenses = all.Where(e => e.Status == "completed").ToList();
            Assert.Equal(EventMixGenerator.LongHistoryMedicationCount, dispenses.Select(e => e.ProductText).Distinct().Count());
            // each medication refilled monthly: 30 days' supply, the next dispense within the supply and its grace unless a
            // reversal took one (or a few) out
            foreach (var medication in dispenses.GroupBy(e => e.ProductText))
            {
                var dates = medication.Select(e => e.EffectiveAt).Order().ToList();
                var gaps = dates.Zip(dates.Skip(1), (a, b) => (b - a).TotalDays).ToList();
                Assert.All(gaps, g => Assert.InRange(g, 28, 125));
                Assert.True(gaps.Count(g => g > 31) <= gaps.Count / 5, $"{medication.Key}: {string.Join(", ", gaps.Select(g => g.ToString("N1", System.Globalization.CultureInfo.InvariantCulture)))}");
            }
        }

        // a few old dispenses are reversed (corrections of the history, some of them from the measured run)
        var reversals = history.Concat(measured).Count(e => e.Category == EventCategory.Reversal);
        Assert.InRange(reversals, 20 * 300 * 0.01, 20 * 300 * 0.05);
        Assert.Contains(measured, e => e.Category == EventCategory.Reversal);
    }

    [Fact]
    public void Other_mixes_have_no_history()
    {
        var (history, measured) = EventMixGenerator.GenerateWithHistory(new EventMixSettings
        {
            Events = 1_000, Patients = 100, AsOf = AsOf, Mix = LoadMix.AlertHeavy, HistoryPerPatient = 50,
        });

        Assert.Empty(history);
        Assert.Equal(1_000, measured.Count);
    }

    [Fact]
    public void Every_product_of_the_feed_is_recognised()
    {
        var normaliser = new ProductNormaliser(KnowledgeBase.LoadEmbedded());
        var products = Products.QuietMedications.Concat(Products.Ssris).Concat(Products.QuietSupplements)
            .Concat(Products.AlertingPairs.SelectMany(p => new[] { p.OnHand.Text, p.Completing.Text }));

        var unrecognised = products.Where(p => !normaliser.Normalise(p).IsRecognised).Distinct().Order().ToList();

        // Fish oil and melatonin were the two uncatalogued products of the feed until knowledge 2026.12.20.
        Assert.Empty(unrecognised);
    }

    /// <summary>The patient's regimen after the events, applied in feed order with the worker's rules (a withdrawal removes the item).</summary>
    private static List<RegimenItem> Regimen(IEnumerable<LoadEvent> events, ProductNormaliser normaliser)
    {
        var items = new Dictionary<string, LoadEvent>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            items[e.ItemKey] = e;
        }

        return [.. items.Values.Where(e => e.Status != "entered-in-error").Select(e => new RegimenItem
        {
            ItemId = e.ItemKey,
            Kind = e.IsMedication ? RegimenItemKind.Medication : RegimenItemKind.Supplement,
            ProductText = e.ProductText,
            Ingredients = normaliser.Normalise(e.ProductText).Ingredients,
            StartedAt = e.IsMedication ? e.EffectiveAt : Midnight(e.StartedOn!.Value),
            DaysSupply = e.DaysSupply,
            StoppedAt = e.StoppedOn is { } stopped ? Midnight(stopped) : null,
            SourceEventId = e.EventId.ToString(),
        })];
    }

    private static DateTimeOffset Midnight(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static DateTimeOffset Rfc3339(string text) => DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
