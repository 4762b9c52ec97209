using BenchmarkDotNet.Attributes;
using RegimenMonitor.Rules;

namespace RegimenMonitor.Benchmarks;

/// <summary>Evaluation of literal regimens: a typical 10-item one (one finding), a quiet one and a 30-item one.</summary>
[MemoryDiagnoser]
public class EngineBenchmarks
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);
    private RuleEngine _engine = null!;
    private RegimenItem[] _typical = [];
    private RegimenItem[] _quiet = [];
    private RegimenItem[] _large = [];

    [GlobalSetup]
    public void Setup()
    {
        var kb = KnowledgeBase.LoadEmbedded();
        _engine = new RuleEngine(kb);
        var normaliser = new ProductNormaliser(kb);
        _typical =
        [
            Med(normaliser, "Atorvastatin 40 mg tablet", 20, 90),
            Med(normaliser, "Lisinopril 10 mg tablet", 25, 90),
            Med(normaliser, "Metformin HCl 500 mg tablet", 60, 90),
            Med(normaliser, "Omeprazole 20 mg DR capsule", 150, 90),
            Med(normaliser, "Omeprazole 20 mg DR capsule", 60, 90),
            Supp(normaliser, "Vitamin D3 2000 IU", 400),
            Supp(normaliser, "Centrum Silver multivitamin", 300),
            Med(normaliser, "Sertraline 50 mg tablet", 40, 30),
            Med(normaliser, "Amlodipine 5 mg tablet", 10, 30),
            Med(normaliser, "Aspirin 81 mg EC tablet", 50, 90),
        ];
        _quiet = [.. _typical.Where(i => !i.Ingredients.Contains("omeprazole")), Med(normaliser, "Famotidine 20 mg", 30, 30)];
        _large =
        [
            .. _typical,
            Med(normaliser, "Atorvastatin 40 mg tablet", 110, 90),
            Med(normaliser, "Lisinopril 10 mg tablet", 115, 90),
            Med(normaliser, "Metformin HCl 500 mg tablet", 150, 90),
            Med(normaliser, "Sertraline 50 mg tablet", 70, 30),
            Med(normaliser, "Sertraline 50 mg tablet", 100, 30),
            Med(normaliser, "Amlodipine 5 mg tablet", 40, 30),
            Med(normaliser, "Hydrochlorothiazide 25 mg", 200, 90),
            Med(normaliser, "Hydrochlorothiazide 25 mg", 110, 90),
            Med(normaliser, "Hydrochlorothiazide 25 mg", 20, 90),
            Med(normaliser, "Levothyroxine 75 mcg", 30, 90),
            Supp(normaliser, "Calcium carbonate 600 mg + D", 200),
            Med(normaliser, "Tramadol 50 mg tablet", 3, 10),
            Med(normaliser, "Sumatriptan 50 mg", 45, 30),
            Med(normaliser, "Ciprofloxacin 500 mg", 2, 7),
            Supp(normaliser, "Magnesium oxide 400 mg", 90),
            Med(normaliser, "Gabapentin 300 mg", 60, 30),
            Med(normaliser, "Furosemide 20 mg", 300, 90),
            Med(normaliser, "Furosemide 20 mg", 200, 90),
            Med(normaliser, "Furosemide 20 mg", 100, 90),
            Med(normaliser, "Furosemide 20 mg", 10, 90),
        ];
    }

    [Benchmark(Baseline = true)]
    public EvaluationResult Typical10Items() => _engine.Evaluate(_typical, AsOf);

    [Benchmark]
    public EvaluationResult Quiet10ItemsNoFinding() => _engine.Evaluate(_quiet, AsOf);

    [Benchmark]
    public EvaluationResult Large30Items() => _engine.Evaluate(_large, AsOf);

    internal static RegimenItem Med(ProductNormaliser normaliser, string text, int daysAgo, int daysSupply) => new()
    {
        ItemId = $"rx-{text}-{daysAgo}",
        Kind = RegimenItemKind.Medication,
        ProductText = text,
        Ingredients = normaliser.Normalise(text).Ingredients,
        StartedAt = AsOf.AddDays(-daysAgo),
        DaysSupply = daysSupply,
    };

    internal static RegimenItem Supp(ProductNormaliser normaliser, string text, int daysAgo) => new()
    {
        ItemId = $"st-{text}",
        Kind = RegimenItemKind.Supplement,
        ProductText = text,
        Ingredients = normaliser.Normalise(text).Ingredients,
        StartedAt = AsOf.AddDays(-daysAgo),
    };
}
