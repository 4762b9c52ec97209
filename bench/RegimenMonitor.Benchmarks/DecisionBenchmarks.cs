using BenchmarkDotNet.Attributes;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Regimens;

namespace RegimenMonitor.Benchmarks;

/// <summary>
/// The regimen decision (apply, normalise, evaluate, reconcile, compose) for one refill, on a patient with eight
/// monthly drugs and a short history (one dispense each) and on the same patient after three years of monthly refills
/// (296 dispenses): what a long history costs the worker per event, before any database work (issue #14).
/// </summary>
[MemoryDiagnoser]
public class DecisionBenchmarks
{
    private static readonly DateTimeOffset Start = new(2023, 11, 1, 9, 0, 0, TimeSpan.Zero);

    private static readonly string[] Drugs =
    [
        "Sertraline 50 mg tablet", "Tramadol 50 mg tablet", "Atorvastatin 40 mg tablet", "Lisinopril 10 mg tablet",
        "Metformin HCl 500 mg tablet", "Omeprazole 20 mg DR capsule", "Amlodipine 5 mg tablet", "Levothyroxine 75 mcg tablet",
    ];

    private RegimenDecision _decision = null!;
    private PatientSnapshot _short = null!;
    private PatientSnapshot _long = null!;
    private RegimenChange _shortRefill = null!;
    private RegimenChange _longRefill = null!;
    private DateTimeOffset _shortAt;
    private DateTimeOffset _longAt;

    [GlobalSetup]
    public void Setup()
    {
        _decision = new RegimenDecision(new RegimenEvaluator(KnowledgeBase.LoadEmbedded()));
        (_short, _shortRefill, _shortAt) = History(months: 1);
        (_long, _longRefill, _longAt) = History(months: 37);
    }

    [Benchmark(Baseline = true)]
    public int ShortHistory8Items() => _decision.Decide(_short, _shortRefill, _shortAt).ItemUpserts.Count;

    [Benchmark]
    public int LongHistory296Items() => _decision.Decide(_long, _longRefill, _longAt).ItemUpserts.Count;

    /// <summary>The snapshot after <paramref name="months"/> of monthly refills of every drug, and the next refill.</summary>
    private (PatientSnapshot Snapshot, RegimenChange Next, DateTimeOffset At) History(int months)
    {
        var snapshot = new PatientSnapshot(1, "PT-bench", 0, Start, null, [], []);
        var n = 0;
        for (var month = 0; month < months; month++)
        {
            foreach (var drug in Drugs)
            {
                var at = Start.AddDays(month * 30).AddMinutes(n);
                snapshot = _decision.Decide(snapshot, Dispense(++n, drug, at), at).After;
            }
        }

        var next = Start.AddDays(months * 30);
        return (snapshot, Dispense(++n, Drugs[0], next), next);
    }

    private static RegimenChange Dispense(int n, string product, DateTimeOffset at) => new()
    {
        EventId = new Guid(n, 0, 0, new byte[8]), EventType = "medication-dispensed", PatientRef = "PT-bench",
        Kind = RegimenItemKind.Medication, ItemKey = "D-" + n, EffectiveAt = at, Withdraws = false, Status = "completed",
        ProductText = product, StartedAt = at, DaysSupply = 30,
    };
}
