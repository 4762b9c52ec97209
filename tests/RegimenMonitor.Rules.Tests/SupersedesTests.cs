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

        Assert.Equal(["SER-08|sertraline,tramadol|", "SER-09|sertraline,st john's wort|", "SER-45|st john's wort,tramadol|"], load.Supersedes.Order(StringComparer.Ordinal));
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

    [Fact]
    public void OneNutrientGivesOneFindingThatNamesTheOthers()
    {
        var result = Evaluate("pantoprazole@760/800; furosemide@400/500; digoxin 125 mcg@400/500");

        var magnesium = Assert.Single(result.Findings, f => f.Nutrient == "magnesium");
        Assert.Equal("DEP-01|pantoprazole|magnesium", magnesium.Fingerprint);
        Assert.Equal(Severity.Moderate, magnesium.Severity);
        Assert.Equal(["DEP-07|digoxin,furosemide,pantoprazole|magnesium"], magnesium.Supersedes);
        Assert.Contains("Also for magnesium: DEP-07 furosemide together with ", magnesium.Detail, StringComparison.Ordinal);
        Assert.Contains(magnesium.Evidence, e => e.Citation.StartsWith("[63]", StringComparison.Ordinal)); // DEP-07's evidence kept
    }

    [Fact]
    public void AtTheSameSeverityTheEarlierFindingCovers()
    {
        // DEP-07 (loop diuretic with a PPI) holds since furosemide's 14th day, 86 days ago; DEP-01 since omeprazole's 90th, 5 days ago
        var magnesium = Assert.Single(
            Evaluate("furosemide@100/200; omeprazole@95/200").Findings, f => f.Nutrient == "magnesium");

        Assert.Equal("DEP-07|furosemide,omeprazole|magnesium", magnesium.Fingerprint);
        Assert.Equal(["DEP-01|omeprazole|magnesium"], magnesium.Supersedes);
    }

    [Fact]
    public void TheStrongerFindingCoversOnceItsSeverityRises()
    {
        // a year into the PPI, DEP-01 is moderate and takes over from DEP-07 (info), which it then names
        var magnesium = Assert.Single(
            Evaluate("furosemide@400/500; omeprazole@370/500").Findings, f => f.Nutrient == "magnesium");

        Assert.Equal("DEP-01|omeprazole|magnesium", magnesium.Fingerprint);
        Assert.Equal(["DEP-07|furosemide,omeprazole|magnesium"], magnesium.Supersedes);
    }

    [Fact]
    public void ADepletionFindingAloneSupersedesNothing() =>
        Assert.Empty(Evaluate("omeprazole@400/500").Single("DEP-01").Supersedes);
}
