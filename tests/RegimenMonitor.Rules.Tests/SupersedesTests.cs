using static RegimenMonitor.Rules.Tests.Regimen;

namespace RegimenMonitor.Rules.Tests;

/// <summary>
/// A finding that folds others in names them (<see cref="Finding.Supersedes"/>), so the worker can tell a care team
/// that a pair alert continues inside the load finding instead of reporting it resolved.
/// </summary>
public sealed class SupersedesTests
{
    [Fact]
    public void TheLoadFindingNamesThePairsItFoldsIn()
    {
        var load = Evaluate("sertraline@40; tramadol@40; s:St John's wort@10").Single("SER-17");

        Assert.Equal(["SER-08|sertraline,tramadol|", "SER-09|sertraline,st john's wort|"], load.Supersedes.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void MaoiPairsReportedSeparatelyAreNotFoldedIn()
    {
        var result = Evaluate("phenelzine@60; sertraline@40; tramadol@40; sumatriptan@40");

        Assert.DoesNotContain(result.Single("SER-17").Supersedes, f => f.StartsWith("SER-01", StringComparison.Ordinal));
        Assert.All(result.Findings.Where(f => f.RuleId == "SER-01"), f => Assert.Empty(f.Supersedes));
    }

    [Fact]
    public void APairOnItsOwnSupersedesNothing() =>
        Assert.Empty(Evaluate("sertraline@40; tramadol@40").Single("SER-08").Supersedes);
}
