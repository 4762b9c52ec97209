using static RegimenMonitor.Rules.Tests.Regimen;

namespace RegimenMonitor.Rules.Tests;

/// <summary>Output contract: ordering, shapes, typical regimens.</summary>
public sealed class FindingContractTests
{
    [Fact]
    public void FindingsAreOrderedBySeverityThenRuleIdThenFingerprint()
    {
        var result = Evaluate("omeprazole@400/500; ciprofloxacin@2/7; s:Tums@30; s:Maalox@30; sertraline@40; s:kratom@20; oxycodone@5; phenelzine@60; Robitussin DM@1");

        Assert.Equal(
            [
                "contraindicated SER-01 SER-01|dextromethorphan,phenelzine|",
                "contraindicated SER-01 SER-01|phenelzine,sertraline|",
                "major SER-22 SER-22|oxycodone,phenelzine|",
                "moderate ABS-01 ABS-01|calcium,ciprofloxacin|",
                "moderate ABS-01 ABS-01|ciprofloxacin,magnesium|", // Maalox: one finding for the product pair
                "moderate DEP-01 DEP-01|omeprazole|magnesium",
                "moderate KRA-01 KRA-01|kratom,oxycodone|",
                "moderate KRA-04 KRA-04|kratom,phenelzine|",
                "moderate SER-10 SER-10|dextromethorphan,sertraline|",
                "info KRA-03 KRA-03|kratom,sertraline|",
                "info SER-24 SER-24|oxycodone,sertraline|",
            ],
            result.Findings.Select(f => $"{WireNames.Of(f.Severity)} {f.RuleId} {f.Fingerprint}"));
    }

    [Fact]
    public void TypicalRegimenRaisesOnlyWhatIsSupported()
    {
        var result = Evaluate("atorvastatin 40 mg@20; lisinopril 10 mg@25; metformin 500 mg@60; omeprazole 20 mg@150/90; omeprazole 20 mg@60/90; s:Vitamin D3@400; s:Centrum Silver@300; sertraline 50 mg@40; amlodipine@10; aspirin 81 mg@50");

        var finding = Assert.Single(result.Findings);
        Assert.Equal("DEP-01|omeprazole|magnesium", finding.Fingerprint);
        Assert.Equal(Severity.Info, finding.Severity);
        Assert.Equal(AsOf.AddDays(-60), finding.Since);
        Assert.Equal(AsOf.AddDays(44), result.NextChangeAt); // the latest omeprazole dispense covers 90 + 14 days
    }

    [Fact]
    public void EveryFindingCarriesTheFullExplanation()
    {
        var result = Evaluate("phenelzine@60; sertraline@40; tramadol@40; sumatriptan@40; omeprazole@400/500; s:kratom@20; oxycodone@5; ciprofloxacin@2/7; s:Tums@30");

        Assert.NotEmpty(result.Findings);
        Assert.All(result.Findings, f =>
        {
            Assert.False(string.IsNullOrWhiteSpace(f.Title));
            Assert.False(string.IsNullOrWhiteSpace(f.Detail));
            Assert.False(string.IsNullOrWhiteSpace(f.Recommendation));
            Assert.True(f.Involves.Count >= 1);
            Assert.NotEmpty(f.Evidence);
            Assert.Equal(f.Evidence.Count, f.Evidence.Select(e => e.Citation).Distinct(StringComparer.Ordinal).Count()); // each reference once
            Assert.StartsWith(f.RuleId + "|", f.Fingerprint, StringComparison.Ordinal);
            Assert.True(f.Since <= AsOf);
            Assert.Equal(f.Concern == Concern.NutrientDepletion, f.Nutrient is not null);
            Assert.Contains("since 20", f.Detail, StringComparison.Ordinal);
        });
    }
}
