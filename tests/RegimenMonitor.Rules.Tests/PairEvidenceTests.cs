using static RegimenMonitor.Rules.Tests.Regimen;

namespace RegimenMonitor.Rules.Tests;

/// <summary>
/// A finding cites the evidence for its own pair or set: references of the rule as a whole plus those the knowledge
/// base restricts (<c>"for"</c>) to one of its ingredients, not every citation of the rule.
/// </summary>
public sealed class PairEvidenceTests
{
    [Fact]
    public void PhenelzineWithSertralineDoesNotCiteTheDextromethorphanOrBuspironeLabels()
    {
        var citations = Evaluate("phenelzine@60; sertraline@40").Single("SER-01").Evidence.Select(e => e.Citation).ToList();

        Assert.Contains(citations, c => c.StartsWith("[22]", StringComparison.Ordinal)); // the rule as a whole
        Assert.Contains(citations, c => c.StartsWith("[48]", StringComparison.Ordinal)); // SSRI + MAOI fatality
        Assert.DoesNotContain(citations, c => c.Contains("Dextromethorphan", StringComparison.Ordinal));
        Assert.DoesNotContain(citations, c => c.Contains("Buspirone", StringComparison.Ordinal));
        Assert.DoesNotContain(citations, c => c.Contains("opioid", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void PhenelzineWithDextromethorphanCitesTheDextromethorphanLabel()
    {
        var citations = Evaluate("phenelzine@60; dextromethorphan@5").Single("SER-01").Evidence.Select(e => e.Citation).ToList();

        Assert.Contains(citations, c => c.Contains("Dextromethorphan OTC Drug Facts", StringComparison.Ordinal));
        Assert.DoesNotContain(citations, c => c.Contains("Buspirone", StringComparison.Ordinal));
        Assert.DoesNotContain(citations, c => c.StartsWith("[48]", StringComparison.Ordinal));
    }

    [Fact]
    public void EveryFindingKeepsAtLeastOneCitation() =>
        Assert.All(Evaluate("phenelzine@60; sertraline@40; tramadol@40; s:St John's wort@10; buspirone@20").Findings, f => Assert.NotEmpty(f.Evidence));
}
