using static RegimenMonitor.Rules.Tests.Regimen;

namespace RegimenMonitor.Rules.Tests;

/// <summary>Coverage, grace, refills, washout windows and NextChangeAt, each tested just before and just after the boundary.</summary>
public sealed class TimeAndWashoutTests
{
    private const double Tick = 1e-9; // well under a second, in days

    [Theory]
    [InlineData(30, 6)]
    [InlineData(7, 2)] // ceil(1.4)
    [InlineData(10, 2)]
    [InlineData(11, 3)] // ceil(2.2)
    [InlineData(70, 14)]
    [InlineData(90, 14)] // 18 capped at 14
    [InlineData(1, 1)]
    [InlineData(0, 0)]
    public void GraceIsTwentyPercentRoundedUpCappedAtFourteenDays(int daysSupply, int grace) =>
        Assert.Equal(grace, RuleEngine.GraceDays(daysSupply));

    [Theory]
    [InlineData(30, 35.999, true)] // coverage = 30 + 6 grace days
    [InlineData(30, 36, false)]
    [InlineData(90, 103.999, true)] // 90 + 14 (capped)
    [InlineData(90, 104, false)]
    [InlineData(7, 8.999, true)] // 7 + 2
    [InlineData(7, 9, false)]
    public void CoverageEndsAfterSupplyPlusGrace(int daysSupply, double startedDaysAgo, bool fires)
    {
        var result = Evaluate(Med("sertraline", 40, 90), Med("tramadol 50 mg", startedDaysAgo, daysSupply));

        Assert.Equal(fires, result.Findings.Any(f => f.RuleId == "SER-08"));
    }

    [Fact]
    public void CoverageBoundaryIsExactToTheTick()
    {
        var tramadol = Med("tramadol", 36, 30);
        var sertraline = Med("sertraline", 40, 90);
        var end = tramadol.StartedAt.AddDays(36);

        Assert.Single(EvaluateAt(end.AddTicks(-1), sertraline, tramadol).Findings);
        Assert.Empty(EvaluateAt(end, sertraline, tramadol).Findings);
    }

    [Theory]
    [InlineData("s:St John's Wort@100!-1", true)] // stop reported for tomorrow
    [InlineData("s:St John's Wort@100!0.001", false)]
    [InlineData("s:St John's Wort@100", true)] // ongoing
    [InlineData("s:St John's Wort@-0.5", false)] // starts in 12 h
    [InlineData("s:St John's Wort@0", true)] // starts now
    public void SupplementsRunFromStartUntilStopped(string wort, bool fires) =>
        Assert.Equal(fires, Evaluate($"sertraline@40; {wort}").Findings.Any(f => f.RuleId == "SER-09"));

    [Theory]
    // SER-05's "Allow 5 weeks after fluoxetine before starting the MAO-B inhibitor" (washoutAdvice): only with
    // fluoxetine, and for a washout finding only when fluoxetine is the drug that ended. Until 2027.1.18 it was in every
    // SER-05 recommendation, sertraline started after selegiline stopped included (found by an independent probe).
    [InlineData("selegiline 5 mg@49.99/30; sertraline@5", false)] // selegiline ended, sertraline started: the other direction
    [InlineData("SELEGILINE 5 MG TAB@49.99/30; fluoxetine 20 mg@5", false)] // fluoxetine started within selegiline's washout
    [InlineData("rasagiline@100/90; sertraline 50 mg@30", false)] // both taken, not fluoxetine
    [InlineData("Prozac@60/30; Azilect@5", true)] // fluoxetine ended, rasagiline started within its 35 days
    [InlineData("Prozac 20 mg@40; Eldepryl 5 mg@100/90", true)] // both taken: the interval applies if fluoxetine is stopped
    public void Ser05FluoxetineIntervalOnlyInItsDirection(string regimen, bool fluoxetineAdvice)
    {
        var finding = Evaluate(regimen).Single("SER-05");

        Assert.Equal(fluoxetineAdvice, finding.Recommendation.Contains("Allow 5 weeks after fluoxetine before starting the MAO-B inhibitor.", StringComparison.Ordinal));
        Assert.StartsWith("Use only if the benefit outweighs the risk", finding.Recommendation, StringComparison.Ordinal);
        Assert.Equal(fluoxetineAdvice, finding.Recommendation.Contains("fluoxetine", StringComparison.Ordinal));
    }

    [Fact]
    public void MedicationWithoutDaysSupplyIsOngoingUntilStopped()
    {
        Assert.Single(Evaluate("sertraline@400/-; tramadol@5").Findings);
        Assert.Empty(Evaluate("sertraline@400/-!1; tramadol@5").Findings);
    }

    [Theory]
    // fluoxetine: 35 days before an MAOI, MAO-B inhibitor, linezolid/methylene blue.
    [InlineData("fluoxetine 20 mg@70.99/30; phenelzine@5", "SER-01", "contraindicated")] // ended 34.99 d ago
    [InlineData("fluoxetine 20 mg@71.01/30; phenelzine@5", null, null)] // ended 35.01 d ago
    [InlineData("Prozac@60/30; Azilect@5", "SER-05", "major")]
    [InlineData("Prozac@60/30; linezolid@2/10", "SER-19", "contraindicated")]
    // other SSRIs/SNRIs/clomipramine/imipramine: 14 days.
    [InlineData("sertraline@49.99/30; Nardil@5", "SER-01", "contraindicated")]
    [InlineData("sertraline@50.01/30; Nardil@5", null, null)]
    [InlineData("venlafaxine@49.99/30; linezolid@2/10", "SER-19", "contraindicated")]
    [InlineData("venlafaxine@50.01/30; linezolid@2/10", null, null)]
    [InlineData("clomipramine@49.99/30; moclobemide@5", "SER-01", "contraindicated")]
    // other TCAs / trazodone: 14 days.
    [InlineData("amitriptyline@49.99/30; phenelzine@5", "SER-01", "contraindicated")]
    [InlineData("amitriptyline@50.01/30; phenelzine@5", null, null)]
    [InlineData("trazodone@49.99/30; rasagiline@5", "SER-05", "major")]
    // irreversible MAOI, selegiline TD, rasagiline: 14 days before serotonergic drugs, DXM, buspirone, sympathomimetics.
    [InlineData("phenelzine@49.99/30; sertraline@5", "SER-01", "contraindicated")]
    [InlineData("phenelzine@50.01/30; sertraline@5", null, null)]
    [InlineData("tranylcypromine@49.99/30; Robitussin DM@1", "SER-01", "contraindicated")]
    [InlineData("Emsam@49.99/30; BuSpar@3", "SER-01", "contraindicated")]
    [InlineData("Parnate@49.99/30; Sudafed@1", "SER-01", "contraindicated")]
    [InlineData("rasagiline@49.99/30; tramadol@2", "SER-04", "contraindicated")]
    [InlineData("rasagiline@50.01/30; tramadol@2", null, null)]
    // moclobemide: 14 days implemented conservatively.
    [InlineData("moclobemide@49.99/30; clomipramine@0.5", "SER-01", "contraindicated")]
    [InlineData("moclobemide@50.01/30; clomipramine@0.5", null, null)]
    // linezolid / IV methylene blue: 1 day.
    [InlineData("linezolid@12.99/10; sertraline@40", "SER-19", "contraindicated")] // coverage 12 d, ended 0.99 d ago
    [InlineData("linezolid@13.01/10; sertraline@40", null, null)]
    [InlineData("methylene blue@2.99/1; Lexapro@40", "SER-19", "contraindicated")] // 1 + 1 grace day, then 1 day washout
    [InlineData("methylene blue@3.01/1; Lexapro@40", null, null)]
    // vortioxetine: 21 days before an MAOI (Trintellix label), not the 14 of other SSRIs.
    [InlineData("Trintellix 10 mg tablet@56.99/30; Parnate 10 mg tablet@3", "SER-01", "contraindicated")] // ended 20.99 d ago
    [InlineData("Trintellix 10 mg tablet@57.01/30; Parnate 10 mg tablet@3", null, null)]
    // nefazodone: 7 days before an MAOI (its label; WASH-21 since 2027.1.28, 14 days in WASH-03 before) [520].
    [InlineData("nefazodone 200 mg@42.99/30; Nardil 15 mg@1", "SER-01", "contraindicated")] // ended 6.99 d ago
    [InlineData("nefazodone 200 mg@43.01/30; Nardil 15 mg@1", null, null)]
    // oral selegiline and safinamide: 14 days before what their labels contraindicate (Zelapar, Eldepryl, Xadago).
    [InlineData("Eldepryl 5 mg capsule@49.99/30; Demerol 50 mg tablet@3/5", "SER-04", "contraindicated")]
    [InlineData("Eldepryl 5 mg capsule@50.01/30; Demerol 50 mg tablet@3/5", null, null)]
    [InlineData("Xadago 100 mg@49.99/30; tramadol 50 mg@3/5", "SER-04", "contraindicated")]
    [InlineData("Xadago 100 mg@49.99/30; duloxetine 30 mg@3", "SER-35", "contraindicated")]
    [InlineData("Xadago 100 mg@50.01/30; tramadol 50 mg@3/5", null, null)]
    [InlineData("selegiline 5 mg@49.99/30; sertraline@5", "SER-05", "major")] // Zelapar: 14 days before an SSRI
    // MAO-B inhibitors: 14 days before a stimulant or decongestant (their labels: within 14 days / 2 weeks of any MAOI).
    [InlineData("Azilect 1 mg@49.99/30; Sudafed 12 hour 120 mg@1", "SER-40", "contraindicated")]
    [InlineData("Azilect 1 mg@50.01/30; Sudafed 12 hour 120 mg@1", null, null)]
    [InlineData("Eldepryl 5 mg capsule@49.99/30; Strattera 40 mg@3", "SER-40", "contraindicated")]
    [InlineData("Eldepryl 5 mg capsule@50.01/30; Strattera 40 mg@3", null, null)]
    // Safinamide has no interval before an SSRI (its label asks for monitoring only); stacking rules have none either.
    [InlineData("safinamide@49.99/30; sertraline@5", null, null)]
    [InlineData("sertraline@36.5/30; escitalopram@5", null, null)]
    // Long ago: nothing.
    [InlineData("fluoxetine@400/30; phenelzine@5", null, null)]
    public void WashoutKeepsAnEndedDrugPresentWithTheSameConcernAndSeverity(string regimen, string? ruleId, string? severity)
    {
        var result = Evaluate(regimen);

        if (ruleId is null)
        {
            Assert.Empty(result.Findings);
            return;
        }

        var finding = Assert.Single(result.Findings);
        Assert.Equal(ruleId, finding.RuleId);
        Assert.Equal(severity, WireNames.Of(finding.Severity));
        Assert.Equal(Concern.SerotonergicContraindicated, finding.Concern);
        Assert.Contains("washout", finding.Detail, StringComparison.Ordinal);
    }

    [Theory]
    // Beta2-agonists (SER-63, serotonergic-stacking): the terbutaline label gives 2 weeks after the MAOI (WASH-04);
    // the Swiss olodaterol and indacaterol labels give no interval, so they are not in it (2027.1.31 [528], for review).
    [InlineData("Nardil 15 mg@49.99/30; terbutaline sulfate 5 mg tablet@3", "SER-63")]
    [InlineData("Nardil 15 mg@50.01/30; terbutaline sulfate 5 mg tablet@3", null)]
    [InlineData("Nardil 15 mg@40/30; Onbrez Breezhaler 150 mcg@3", null)]
    [InlineData("Nardil 15 mg@40/30; Ventolin HFA 90 mcg@3", "SER-63")]
    public void ABeta2AgonistAfterAnMaoiIsInItsWashoutOnlyWhereItsLabelSaysSo(string regimen, string? ruleId)
    {
        var result = Evaluate(regimen);

        if (ruleId is null)
        {
            Assert.Empty(result.Findings);
            return;
        }

        var finding = Assert.Single(result.Findings);
        Assert.Equal(ruleId, finding.RuleId);
        Assert.Equal(Severity.Moderate, finding.Severity);
        Assert.Equal(Concern.SerotonergicStacking, finding.Concern);
        Assert.Contains("washout", finding.Detail, StringComparison.Ordinal);
    }

    [Theory]
    // the drug that ended came after the one still taken: the combination began when it came
    [InlineData("duloxetine 30 mg@200/-; methylene blue@2.5/1", 2.5)]
    [InlineData("sertraline 50 mg@200/-; linezolid 600 mg@11.5/9", 11.5)]
    // the drug still taken came after the one that ended: it began when the second drug started
    [InlineData("phenelzine 15 mg@100/80; sertraline 50 mg@3/-", 3)]
    // both were taken together before one ended: since the later start, as for a concurrent pair
    [InlineData("sertraline 50 mg@200/-; phenelzine 15 mg@100/80", 100)]
    public void AWashoutFindingIsSinceTheLaterStartOfItsPair(string regimen, double daysAgo)
    {
        var finding = Assert.Single(Evaluate(regimen).Findings);

        Assert.Contains("washout", finding.Detail, StringComparison.Ordinal);
        Assert.Equal(AsOf.AddDays(-daysAgo), finding.Since);
    }

    [Fact]
    public void WashoutDetailSaysWhenItEnds()
    {
        var finding = Assert.Single(Evaluate("fluoxetine 20 mg@60/30; phenelzine 15 mg@5").Findings);

        // fluoxetine coverage ended 60 - 36 = 24 days ago (2026-10-28); + 35 days = 2026-12-02.
        Assert.Contains("fluoxetine 20 mg (fluoxetine) ended on 2026-10-28: the 35-day washout after fluoxetine runs until 2026-12-02", finding.Detail, StringComparison.Ordinal);
        Assert.Equal("SER-01|fluoxetine,phenelzine|", finding.Fingerprint);
        Assert.Equal(AsOf.AddDays(-5), finding.Since);
    }

    [Theory]
    // taken together before one ended: said so, from the later start, never "although" (which reads as started after)
    [InlineData("sertraline 50 mg@200/-; methylene blue@2.5/1", "sertraline 50 mg (sertraline) is active since 2026-05-05 and was taken together with methylene blue (methylene blue) from 2026-11-19 until methylene blue ended on ")]
    [InlineData("sertraline 50 mg@200/-; phenelzine 15 mg@100/80", "sertraline 50 mg (sertraline) is active since 2026-05-05 and was taken together with phenelzine 15 mg (phenelzine) from 2026-08-13 until phenelzine ended on ")]
    // started after the other ended: inside its washout
    [InlineData("phenelzine 15 mg@100/80; sertraline 50 mg@3/-", "sertraline 50 mg (sertraline) is active since 2026-11-18 although phenelzine 15 mg (phenelzine) ended on ")]
    public void WashoutDetailSaysWhetherThePairWasTakenTogether(string regimen, string expected)
    {
        var finding = Assert.Single(Evaluate(regimen).Findings);

        Assert.True(finding.Detail.StartsWith(expected, StringComparison.Ordinal), finding.Detail);
    }

    [Theory]
    [InlineData("omeprazole 20 mg@100/30; omeprazole 20 mg@70/30; omeprazole 20 mg@40/30; omeprazole 20 mg@10/30", true)] // refills overlap
    [InlineData("omeprazole@120/30; omeprazole@84/100", true)] // adjacent: first ends exactly when the refill starts
    [InlineData("omeprazole@120.01/30; omeprazole@84/100", true)] // a break of minutes: the same therapy episode
    [InlineData("omeprazole@100/30; omeprazole@50/90", true)] // a late refill (14-day break) continues the episode
    [InlineData("omeprazole@126/30; omeprazole@60/90", true)] // a break of exactly 30 days still joins
    [InlineData("omeprazole@130/30; omeprazole@63/90", false)] // a 31-day break: therapy restarts (63 days < 90)
    [InlineData("omeprazole@100/7; omeprazole@80/90", false)] // an 11-day break after a 9-day course: restarts
    [InlineData("Prilosec 20 mg@100/30; omeprazole magnesium 20 mg@66/90", true)] // brand and generic refills join
    public void RefillsJoinIntoContinuousTherapy(string regimen, bool fires) =>
        Assert.Equal(fires, Evaluate(regimen).Findings.Any(f => f.RuleId == "DEP-01"));

    [Fact]
    public void ContinuousTherapyStartDrivesSince()
    {
        var finding = Evaluate("omeprazole@100/30; omeprazole@70/30; omeprazole@40/30; omeprazole@10/30").Single("DEP-01");

        Assert.Equal(AsOf.AddDays(-10), finding.Since); // run start (100 days ago) + 90-day threshold
        Assert.Contains("taken continuously since 2026-08-13 (100 days; threshold 90 days)", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void ALateRefillKeepsCountingFromTheEpisodeStart()
    {
        var finding = Evaluate("omeprazole@100/30; omeprazole@50/90").Single("DEP-01");

        // first fill covers 36 days (ended 64 days ago), refill 50 days ago: a 14-day break inside one episode
        Assert.Equal(AsOf.AddDays(-10), finding.Since);
        Assert.Contains("taken since 2026-08-13 with breaks of at most 14 days (100 days; threshold 90 days)", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void AThresholdCrossedBeforeTheLastBreakHoldsFromTheRestart()
    {
        // 100-day fill (114 days covered, ended 86 days ago), crossing 90 days after its start; refill 70 days ago
        var finding = Evaluate("omeprazole@200/100; omeprazole@70/90").Single("DEP-01");

        Assert.Equal(AsOf.AddDays(-70), finding.Since);
        Assert.Contains("with breaks of at most 16 days (200 days;", finding.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void TheNextThresholdIsCountedFromTheEpisodeStart()
    {
        // DEP-01's second step (365 days): the episode started 300 days ago, so it is crossed in 65 days, inside the
        // refill's coverage (100 + 14 days from 40 days ago); the 240-day fill ended 46 days ago
        var result = Evaluate("omeprazole@300/240; omeprazole@40/100");

        Assert.Equal(Severity.Info, result.Single("DEP-01").Severity);
        Assert.Equal(AsOf.AddDays(65), result.NextChangeAt);
    }

    [Fact]
    public void FingerprintIsStableAcrossRefillsAndBrands()
    {
        var first = Evaluate(Med("Zoloft 50 mg tablet", 25, 30, id: "d1"), Med("tramadol", 5));
        var refilled = Evaluate(Med("Zoloft 50 mg tablet", 25, 30, id: "d1"), Med("SERTRALINE HCL 50MG TAB", 8, 30, id: "d2"), Med("tramadol", 5));

        var before = first.Single("SER-08");
        var after = refilled.Single("SER-08");
        Assert.Equal("SER-08|sertraline,tramadol|", before.Fingerprint);
        Assert.Equal(before.Fingerprint, after.Fingerprint);
        Assert.Equal(before.Since, after.Since);
        Assert.Equal("d2", after.Involves.Single(i => i.Ingredient == "sertraline").ItemId); // newest dispense is shown
        Assert.Single(refilled.Findings); // the two sertraline dispenses are not an interaction
    }

    [Fact]
    public void AnActiveRunShowsTheNewestItemThatStillCoversAsOf()
    {
        // tramadol reported (by the patient) from 3 days ago until yesterday, inside an Ultracet supply that goes on: the
        // finding names the Ultracet, not the newer report that has ended (an independent probe: it named the report,
        // and its resolution later named the report instead of the Ultracet that ended)
        var ultracet = Med("Ultracet tablet", 20, 30, id: "d-ultracet");
        var stopped = Supp("tramadol 50 mg tablet", 3, stoppedDaysAgo: 1, id: "s-tramadol");
        var result = Evaluate(Med("sertraline", 40), ultracet, stopped);

        Assert.Equal("d-ultracet", result.Single("SER-08").Involves.Single(i => i.Ingredient == "tramadol").ItemId);

        // while the report still runs, it is the newest item covering asOf, and the Ultracet, another product carrying
        // tramadol, is named beside it
        var ongoing = Supp("tramadol 50 mg tablet", 3, stoppedDaysAgo: -1, id: "s-tramadol");
        var both = Evaluate(Med("sertraline", 40), ultracet, ongoing).Single("SER-08");
        Assert.Equal(["s-tramadol", "d-ultracet"], both.Involves.Where(i => i.Ingredient == "tramadol").Select(i => i.ItemId));
        Assert.Contains("tramadol 50 mg tablet and Ultracet tablet (tramadol)", both.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEndedRunInAWashoutShowsItsNewestItem()
    {
        // fluoxetine ended (two fills, the newer one 60 days ago for 30 days: coverage to 24 days ago), phenelzine now:
        // the washout finding names the newest fill, as compaction keeps it
        var result = Evaluate(Med("fluoxetine", 120, 60, id: "d-old"), Med("fluoxetine", 60, 30, id: "d-new"), Med("phenelzine", 1));

        Assert.Equal("d-new", result.Findings.Single(f => f.Involves.Any(i => i.Ingredient == "phenelzine")).Involves.Single(i => i.Ingredient == "fluoxetine").ItemId);
    }

    [Fact]
    public void NextChangeAtIsNullWhenNothingCanChange()
    {
        Assert.Null(Evaluate().NextChangeAt);
        Assert.Null(Evaluate("s:Vitamin D3 2000 IU@100").NextChangeAt);
        Assert.Null(Evaluate("atorvastatin@10/30").NextChangeAt); // takes part in no rule
        Assert.Null(Evaluate("sertraline@40/90").NextChangeAt); // alone: its end changes nothing
        Assert.Null(Evaluate("s:St John's Wort@100; sertraline@400/-").NextChangeAt); // both ongoing, no recent start
    }

    [Theory]
    [InlineData("omeprazole@30/120", 60)] // crosses the 90-day threshold in 60 days
    [InlineData("omeprazole@100/120", 34)] // fired; next step (365) is after the coverage end (134 d after start)
    [InlineData("s:omeprazole 20 mg OTC@100", 265)] // ongoing: next step at 365 days
    [InlineData("sertraline@40/90; s:5-HTP@-3", 3)] // a relevant item starts in 3 days
    [InlineData("sertraline@40/90; tramadol@3/30", 11)] // SER-18 window ends 14 d after the start
    [InlineData("sertraline@40/90; tramadol@20/30", 16)] // tramadol coverage ends at 36 d
    [InlineData("fluoxetine@60/30; phenelzine@20/90", 11)] // washout ends 35 d after fluoxetine ended 24 d ago
    [InlineData("ciprofloxacin@2/7; s:Tums@100!-2", 2)] // the antacid stop ends the absorption finding first
    [InlineData("ciprofloxacin@2/7; s:Tums@100", 7)] // else the ciprofloxacin coverage end (7 + 2 grace days)
    [InlineData("omeprazole@200/300; s:Tums@1!-2", 114)] // Tums is no precipitant for omeprazole: only DEP-01's end counts
    [InlineData("hydrochlorothiazide@30/90; spironolactone@20/30", 16)] // DEP-04 may speak once spironolactone ends (36 d)
    [InlineData("hydrochlorothiazide@30/90; spironolactone@-5/90", 5)] // DEP-04 fires now and falls silent when it starts
    public void NextChangeAtIsTheEarliestTimeBoundInstant(string regimen, double inDays)
    {
        var result = Evaluate(regimen);

        Assert.Equal(AsOf.AddDays(inDays), result.NextChangeAt);
    }

    [Fact]
    public void NextChangeAtAfterThePassedInstantGivesTheChange()
    {
        var items = Parse("sertraline@40/90; tramadol@20/30");
        var result = Evaluate(items);
        Assert.Single(result.Findings);

        var later = EvaluateAt(result.NextChangeAt!.Value, items);

        Assert.Empty(later.Findings);
        Assert.Null(later.NextChangeAt);
    }

    [Fact]
    public void ItemsWithUnknownOrEmptyIngredientsAreIgnored()
    {
        var unknown = new RegimenItem
        {
            ItemId = "x",
            Kind = RegimenItemKind.Supplement,
            ProductText = "Acme Wellness Blend",
            Ingredients = [],
            StartedAt = AsOf.AddDays(-10),
        };
        var notInCatalogue = unknown with { ItemId = "y", Ingredients = ["unobtainium"] };

        var result = Evaluate(unknown, notInCatalogue, Med("sertraline", 10));

        Assert.Empty(result.Findings);
    }

    [Fact]
    public void EvaluationIsIndependentOfInputOrderAndThreadSafe()
    {
        var items = Parse("phenelzine@60; sertraline@40; tramadol@5; sumatriptan@10; omeprazole@400/500; s:kratom@30; ciprofloxacin@2/7; s:Tums@100");
        var expected = Evaluate(items).Findings.Select(f => (f.Fingerprint, f.Severity, f.Detail)).ToArray();

        var results = new (string, Severity, string)[16][];
        Parallel.For(0, results.Length, i =>
        {
            var order = i % 2 == 0 ? items : [.. items.Reverse()];
            results[i] = [.. Evaluate(order).Findings.Select(f => (f.Fingerprint, f.Severity, f.Detail))];
        });

        Assert.All(results, r => Assert.Equal(expected, r));
        Assert.True(expected.Length >= 5);
    }
}
