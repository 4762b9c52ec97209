using System.Globalization;
using RegimenMonitor.Rules.Model;
using static RegimenMonitor.Rules.Tests.Regimen;

namespace RegimenMonitor.Rules.Tests;

/// <summary>
/// What a finding says about the time after one of its products stopped: a washout finding's recommendation
/// (<c>washoutAdvice</c> with <c>replacesManagement</c>) and the advice for the resolution a product's end causes
/// (<c>endedAdvice</c>). Found by a newcomer probe: SER-01 told the care team "Stop one agent" when fluoxetine had
/// already been stopped, and the resolution of SER-09 left out what to watch after St John's wort stopped.
/// </summary>
public sealed class AfterStoppingAdviceTests
{
    [Fact]
    public void Ser01WashoutFindingDoesNotAskToStopAnAgentThatHasStopped()
    {
        // fluoxetine stopped 5 days ago, phenelzine dispensed yesterday: the 35-day washout runs 30 more days
        var finding = Evaluate("fluoxetine 20 mg@60/90!5; Nardil 15 mg@1").Single("SER-01");
        var until = finding.WashoutUntil!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        Assert.Equal("2026-12-21", until);
        Assert.Contains($"runs until {until}", finding.Detail, StringComparison.Ordinal);
        Assert.StartsWith($"The washout after stopping fluoxetine runs until {until}: hold phenelzine until then unless the prescriber decides otherwise.", finding.Recommendation, StringComparison.Ordinal);
        Assert.DoesNotContain("Stop one agent", finding.Recommendation, StringComparison.Ordinal);
        Assert.Contains("Hunter criteria", finding.Recommendation, StringComparison.Ordinal);
    }

    [Fact]
    public void Ser01WashoutAdviceFollowsTheDirectionOfTheWashout()
    {
        // phenelzine stopped 5 days ago, sertraline started yesterday: its 14-day washout
        var finding = Evaluate("Nardil 15 mg@60/90!5; sertraline@1").Single("SER-01");

        Assert.StartsWith("The washout after stopping phenelzine runs until 2026-11-30: hold sertraline until then", finding.Recommendation, StringComparison.Ordinal);
    }

    [Fact]
    public void Ser01WithBothTakenKeepsItsManagement()
    {
        var finding = Evaluate("fluoxetine 20 mg@60/90; Nardil 15 mg@1").Single("SER-01");

        Assert.Null(finding.WashoutUntil);
        Assert.StartsWith("Do not combine. Stop one agent and respect the washout", finding.Recommendation, StringComparison.Ordinal);
        Assert.DoesNotContain("The washout after stopping", finding.Recommendation, StringComparison.Ordinal);
        Assert.DoesNotContain("{", finding.Recommendation, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryWashoutRuleWhoseManagementSaysStopHasAWashoutRecommendation()
    {
        // audit: a management written for two agents taken together that asks to stop one is no advice once one has stopped
        var missing = Kb.Rules.OfType<PairRule>()
            .Where(r => r.Washout && (r.Management.Contains("Stop one agent", StringComparison.Ordinal)
                || r.Management.Contains("stop the ", StringComparison.OrdinalIgnoreCase)
                || r.Management.Contains("stop cyclobenzaprine", StringComparison.Ordinal)))
            .Where(r => !r.WashoutAdvice.Any(a => a.ReplacesManagement))
            .Select(r => r.Id);

        Assert.Empty(missing);
    }

    [Fact]
    public void Ser09CarriesTheAdviceForWhenStJohnsWortEndsOnly()
    {
        var finding = Evaluate("sertraline@40; s:St John's Wort@10").Single("SER-09");

        Assert.NotEmpty(finding.EndedAdvice);
        Assert.All(finding.EndedAdvice, a => Assert.Equal("st john's wort", a.Ingredient));
        Assert.StartsWith("St John's wort has stopped: as its enzyme induction wears off", finding.EndedAdvice[0].Text, StringComparison.Ordinal);
        Assert.Contains(finding.Evidence, e => e.Citation.StartsWith("[565]", StringComparison.Ordinal));
    }

    [Fact]
    public void Ser48AdviceIsForTheInhibitorsEndNotTheOpioids()
    {
        var finding = Evaluate("tramadol 50 mg@10; bupropion@10").Single("SER-48");

        var advice = Assert.Single(finding.EndedAdvice);
        Assert.Equal("bupropion", advice.Ingredient);
        Assert.Contains("consider a lower tramadol dose", advice.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFindingKeepsTheEndedAdviceOfThePairsItFoldsEachOnce()
    {
        // SER-17 folds SER-09 and SER-45 in: both speak of St John's wort's end, their common sentence is said once
        var finding = Evaluate("sertraline@40; s:St John's Wort@10; tramadol 50 mg@5").Single("SER-17");

        Assert.Equal(finding.EndedAdvice.Count, finding.EndedAdvice.Distinct().Count());
        Assert.Single(finding.EndedAdvice, a => a.Text.StartsWith("St John's wort has stopped", StringComparison.Ordinal));
        Assert.All(finding.EndedAdvice, a => Assert.Equal("st john's wort", a.Ingredient));
    }

    // 2027.1.51 (WASH-24), found by an independent clinical probe (probe-clin20 H2): fluoxetine stopped while tramadol
    // continued resolved SER-08 the day of the stop; fluoxetine and norfluoxetine stay about 5 weeks
    [Fact]
    public void FluoxetineStoppedKeepsTheTramadolFindingForFiveWeeksAndSaysWhy()
    {
        var finding = Evaluate("fluoxetine 20 mg@60/90!3; tramadol 50 mg@10").Single("SER-08");
        var until = finding.WashoutUntil!.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        Assert.Equal("2026-12-23", until);
        Assert.Contains($"35-day washout after fluoxetine runs until {until}", finding.Detail, StringComparison.Ordinal);
        Assert.StartsWith($"Fluoxetine has stopped, but fluoxetine and its metabolite norfluoxetine stay in the body for about 5 weeks, until {until}", finding.Recommendation, StringComparison.Ordinal);
        Assert.Contains("use the lowest tramadol dose", finding.Recommendation, StringComparison.Ordinal);
        Assert.Contains(finding.Evidence, e => e.Citation.StartsWith("[610]", StringComparison.Ordinal));
        Assert.Contains(finding.Evidence, e => e.Citation.StartsWith("[379]", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("fluoxetine 20 mg@60/90!3; amitriptyline 25 mg@10", "SER-56")]
    [InlineData("fluoxetine 20 mg@60/90!3; nortriptyline 25 mg@10", "SER-56")]
    [InlineData("fluoxetine 20 mg@60/90!3; imipramine 25 mg@10", "SER-07")]
    [InlineData("fluoxetine 20 mg@60/90!3; clomipramine 25 mg@10", "SER-07")]
    public void FluoxetineStoppedKeepsTheTcaFindingForFiveWeeks(string regimen, string rule)
    {
        var finding = Evaluate(regimen).Single(rule);

        Assert.NotNull(finding.WashoutUntil);
        Assert.StartsWith("Fluoxetine has stopped, but fluoxetine and its metabolite norfluoxetine stay in the body for about 5 weeks, until 2026-12-23", finding.Recommendation, StringComparison.Ordinal);
        Assert.Empty(finding.EndedAdvice);
    }

    [Theory]
    [InlineData("fluoxetine 20 mg@100/90!40; tramadol 50 mg@10")] // 40 days after the stop: the 35 days are over
    [InlineData("fluoxetine 20 mg@100/90!40; amitriptyline 25 mg@10")]
    [InlineData("sertraline 50 mg@60/90!3; tramadol 50 mg@10")] // no window after the other SSRIs
    [InlineData("paroxetine 20 mg@60/90!3; amitriptyline 25 mg@10")]
    [InlineData("fluoxetine 20 mg@60/90!3; sertraline 50 mg@10")] // WASH-24 names tramadol and the TCAs only
    public void OtherStopsOrLaterStartsGiveNoWashoutFinding(string regimen) =>
        Assert.DoesNotContain(Evaluate(regimen).Findings, f => f.WashoutUntil is not null);

    [Fact]
    public void FluoxetineAndTramadolTakenTogetherKeepTheirManagement()
    {
        var finding = Evaluate("fluoxetine 20 mg@60/90; tramadol 50 mg@10").Single("SER-08");

        Assert.Null(finding.WashoutUntil);
        Assert.StartsWith("Prefer a non-serotonergic analgesic.", finding.Recommendation, StringComparison.Ordinal);
    }

    [Fact]
    public void FindingsWithoutEndedAdviceCarryNone() =>
        Assert.Empty(Evaluate("sertraline@40; tramadol 50 mg@5").Single("SER-08").EndedAdvice);
}
