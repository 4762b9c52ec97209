using BenchmarkDotNet.Attributes;
using RegimenMonitor.Rules;

namespace RegimenMonitor.Benchmarks;

/// <summary>Normalisation of product texts as feeds send them.</summary>
[MemoryDiagnoser]
public class NormaliserBenchmarks
{
    private ProductNormaliser _normaliser = null!;

    [Params("SERTRALINE HCL 100MG TAB", "NyQuil Cold & Flu liquid", "Sertralene 50 mg", "Acme Wellness Blend 500 mg")]
    public string Text { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup() => _normaliser = new ProductNormaliser(KnowledgeBase.LoadEmbedded());

    [Benchmark]
    public NormalisedProduct Normalise() => _normaliser.Normalise(Text);

    [Benchmark]
    public NormalisedProduct NormaliseWithAtc() => _normaliser.Normalise(Text, atc: "N06AB06");
}
