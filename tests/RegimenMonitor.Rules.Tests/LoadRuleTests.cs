using static RegimenMonitor.Rules.Tests.Regimen;

namespace RegimenMonitor.Rules.Tests;

/// <summary>SER-17: three or more concurrently active serotonergic agents in one finding.</summary>
public sealed class LoadRuleTests
{
    [Theory]
    // Pairwise SER-08 (major) + SER-13 (info) → escalated to contraindicated, capped at major without an MAOI rule.
    [InlineData("sertraline@40; tramadol@40; sumatriptan@40", "major", "SER-17", "SER-17|sertraline,sumatriptan,tramadol|")]
    // No pairwise rule among three weak agents → minimum moderate.
    [InlineData("tramadol@40; dextromethorphan@20; s:L-Tryptophan@40", "moderate", "SER-17", "SER-17|dextromethorphan,tramadol,tryptophan|")]
    // Pairwise SER-46 (5-HTP + tramadol, moderate) → escalated to major.
    [InlineData("tramadol@40; dextromethorphan@20; s:5-HTP@40", "major", "SER-17", "SER-17|5-htp,dextromethorphan,tramadol|")]
    // Info pairs (SER-15) escalate to moderate.
    [InlineData("sertraline@40; trazodone@40; BuSpar@40", "moderate", "SER-17", "SER-17|buspirone,sertraline,trazodone|")]
    // Listed but not counted (ondansetron, kratom) are named in the same finding.
    [InlineData("sertraline@40; tramadol@40; fentanyl patch@40; Zofran@40", "major", "SER-17", "SER-17|fentanyl,ondansetron,sertraline,tramadol|")]
    [InlineData("Zoloft@40; Effexor@40; lithium@40", "major", "SER-17", "SER-17|lithium,sertraline,venlafaxine|")]
    // One product, two agents: Children's Tylenol Cold + Flu is chlorpheniramine and dextromethorphan (with
    // acetaminophen and phenylephrine; DailyMed setid 8b516736-86ac-47cb-a0ec-038d4c3a0020, NDC 50580-299). Since
    // 2027.1.21 the alkylamine antihistamines are listed, not counted [482]: with tramadol as a third counted agent the
    // load finding names the chlorpheniramine too.
    [InlineData("Zoloft 50 mg@40; tramadol@40; s:Children's Tylenol Cold + Flu@2", "major", "SER-17", "SER-17|chlorpheniramine,dextromethorphan,sertraline,tramadol|")]
    // Adderall's amphetamine salts count as one agent: with sertraline and tramadol, three.
    [InlineData("Adderall 10 mg@40; sertraline@40; tramadol@40", "major", "SER-17", "SER-17|amphetamine,dextroamphetamine,sertraline,tramadol|")]
    public void LoadFindingReplacesStackingPairs(string regimen, string severity, string rules, string fingerprint)
    {
        var result = Evaluate(regimen);

        Assert.Equal(rules, string.Join(',', result.Rules()));
        var load = result.Single("SER-17");
        Assert.Equal(severity, WireNames.Of(load.Severity));
        Assert.Equal(Concern.SerotonergicStacking, load.Concern);
        Assert.Equal(fingerprint, load.Fingerprint);
        Assert.Equal(fingerprint.Split('|')[1].Split(','), load.Involves.Select(i => i.Ingredient));
    }

    [Theory]
    // A pair folded into the load finding keeps what it asks about St John's wort (loadAdvice, found missing by an
    // independent probe): SSRI + St John's wort (SER-09) asks to stop it; with a triptan as well, SER-09 (major) gives
    // the advice and SER-44's (moderate) about the same herb is not repeated.
    [InlineData("sertraline@40; amitriptyline@40; s:St John's wort@40", "SER-09")]
    [InlineData("sertraline@40; sumatriptan@40; s:St John's wort@40", "SER-09")]
    [InlineData("sertraline@40; fluoxetine@40; s:St John's wort@40", "SER-09")] // two SER-09 pairs: said once
    [InlineData("sertraline@40; tramadol@40; s:St John's wort@40", "SER-09")] // SER-45 (moderate) not repeated
    [InlineData("sumatriptan@40; amitriptyline@40; s:St John's wort@40", "SER-44")]
    [InlineData("tramadol@40; amitriptyline@40; s:St John's wort@40", "SER-45")]
    [InlineData("sertraline@40; tramadol@40; sumatriptan@40", null)] // no St John's wort, nothing added
    public void LoadFindingKeepsTheFoldedPairsAdviceAboutStJohnsWort(string regimen, string? adviceFrom)
    {
        var kb = KnowledgeBase.LoadEmbedded();
        var load = Evaluate(regimen).Single("SER-17");

        var management = kb.Rules.Single(r => r.Id == "SER-17").Management;
        Assert.StartsWith(management, load.Recommendation, StringComparison.Ordinal);
        var added = load.Recommendation[management.Length..].Trim();
        var expected = adviceFrom is null ? string.Empty : ((Model.PairRule)kb.Rules.Single(r => r.Id == adviceFrom)).LoadAdvice!.Text;
        Assert.Equal(expected, added.Replace(kb.RecentStart!.Management, string.Empty, StringComparison.Ordinal).Trim());
    }

    [Theory]
    // Chlorpheniramine and brompheniramine (and their dex- enantiomers) inside a dextromethorphan cold product are
    // listed, not counted (2027.1.21, [482]): with one SSRI that is SER-10 (moderate) for the dextromethorphan, not a
    // "three or more agents" load finding escalated to major; chlorpheniramine alone with sertraline raises nothing.
    [InlineData("Zoloft 50 mg@40; s:Coricidin HBP Cough & Cold@2", "SER-10")]
    [InlineData("Zoloft 50 mg@40; s:Dimetapp DM Cold & Cough@2", "SER-10")]
    [InlineData("Zoloft 50 mg@40; s:Children's Tylenol Cold + Flu@2", "SER-10")]
    [InlineData("Zoloft 50 mg@40; s:chlorpheniramine 4 mg@2", "")]
    public void AlkylamineAntihistaminesAreListedNotCounted(string regimen, string rules)
    {
        var result = Evaluate(regimen);

        Assert.Equal(rules, string.Join(',', result.Rules()));
        Assert.All(result.Findings, f => Assert.Equal("moderate", WireNames.Of(f.Severity)));
    }

    [Theory]
    // Forms of one drug count as one agent (SER-17 sameAgent): Adderall is mixed amphetamine and dextroamphetamine
    // salts, and lisdexamfetamine (Vyvanse) is a prodrug of dextroamphetamine. With one SSRI that is two agents, so the
    // amphetamine class labelling pair (SER-28, info) stands, once per pair of products, and no load finding.
    [InlineData("Adderall XR 20 mg@40; sertraline 50 mg@40", "SER-28")]
    [InlineData("amphetamine aspartate 5 MG / amphetamine sulfate 5 MG / dextroamphetamine saccharate 5 MG / dextroamphetamine sulfate 5 MG Extended Release Oral Capsule@40; escitalopram 10 mg@40", "SER-28")]
    [InlineData("Adderall 10 mg@40; Vyvanse 30 mg@40; Zoloft 50 mg@40", "SER-28,SER-28")]
    [InlineData("Dexedrine 5 mg@40; Evekeo 10 mg@40; fluoxetine 20 mg@40", "SER-28,SER-28")]
    public void FormsOfOneDrugCountOnce(string regimen, string rules)
    {
        var result = Evaluate(regimen);

        Assert.Equal(rules, string.Join(',', result.Rules()));
        Assert.All(result.Findings, f => Assert.Equal("info", WireNames.Of(f.Severity)));
    }

    [Fact]
    public void LoadDetailCountsFormsOfOneDrugAsOneAgentAndNamesEach()
    {
        var load = Evaluate("Adderall 10 mg@40; sertraline@40; tramadol@40").Single("SER-17");

        Assert.StartsWith("3 serotonergic agents are active together since ", load.Detail, StringComparison.Ordinal);
        Assert.Contains("Adderall 10 mg (amphetamine), Adderall 10 mg (dextroamphetamine)", load.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadDetailListsCountedListedAndSubsumedPairs()
    {
        var load = Evaluate("sertraline@40; tramadol@40; sumatriptan@40; ondansetron@40").Single("SER-17");

        // the number is the threshold's own count (3 counted); the listed agent is named as one more, not counted
        Assert.Contains("3 serotonergic agents (and 1 more listed) are active together since 2026-10-12: ", load.Detail, StringComparison.Ordinal);
        Assert.Contains("also listed, not counted: ondansetron (ondansetron)", load.Detail, StringComparison.Ordinal);
        Assert.Contains("SER-08 sertraline + tramadol", load.Detail, StringComparison.Ordinal);
        Assert.Contains("SER-13 sertraline + sumatriptan", load.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void LoadFindingKeepsTheEvidenceOfThePairsItFoldsIn()
    {
        const string regimen = "sertraline@40; tramadol@40; sumatriptan@40";
        var pairs = Evaluate("sertraline@40; tramadol@40").Single("SER-08").Evidence
            .Concat(Evaluate("sertraline@40; sumatriptan@40").Single("SER-13").Evidence)
            .Concat(Evaluate("tramadol@40; sumatriptan@40").Findings.SelectMany(f => f.Evidence))
            .ToList();
        var load = Evaluate(regimen).Single("SER-17");

        Assert.All(pairs, reference => Assert.Contains(reference, load.Evidence));
        Assert.Equal(load.Evidence.Count, load.Evidence.Distinct().Count());
        Assert.Equal(load.Evidence.Select(e => e.Grade).Order(StringComparer.Ordinal), load.Evidence.Select(e => e.Grade));
        Assert.Contains(load.Evidence, e => e.Grade == "E1"); // the labels of the pairs, not only case reports
    }

    [Fact]
    public void MaoiPairsStayAndLiftTheCap()
    {
        var result = Evaluate("phenelzine@60; sertraline@40; tramadol@40; sumatriptan@40");

        Assert.Equal(["SER-01", "SER-01", "SER-17", "SER-21"], result.Rules());
        Assert.Equal(["SER-01|phenelzine,sertraline|", "SER-01|phenelzine,tramadol|", "SER-17|phenelzine,sertraline,sumatriptan,tramadol|", "SER-21|phenelzine,sumatriptan|"], result.Findings.Select(f => f.Fingerprint));
        Assert.All(result.Findings, f => Assert.Equal(Severity.Contraindicated, f.Severity));
        Assert.Contains("(reported separately)", result.Single("SER-17").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void OpioidsAreListedAndTheirClassLabellingPairsFoldIn()
    {
        // Four counted agents and Percocet: the opioid class labelling pairs (SER-24) are inside the load finding.
        var result = Evaluate("Cymbalta 60 mg@40; tramadol 50 mg@30; trazodone 50 mg@40; cyclobenzaprine 10 mg@20; Percocet 5/325@10");

        Assert.Equal(["SER-17"], result.Rules());
        var load = result.Single("SER-17");
        Assert.Equal(Severity.Major, load.Severity); // SER-08 duloxetine + tramadol (major) + 1, capped without an MAOI rule
        Assert.Equal("SER-17|cyclobenzaprine,duloxetine,oxycodone,tramadol,trazodone|", load.Fingerprint);
        Assert.Contains("also listed, not counted: Percocet 5/325 (oxycodone)", load.Detail, StringComparison.Ordinal);
        Assert.Contains("SER-24 oxycodone + tramadol", load.Detail, StringComparison.Ordinal);
        Assert.Contains("SER-24|cyclobenzaprine,oxycodone|", load.Supersedes);
        Assert.Contains("SER-24|duloxetine,oxycodone|", load.Supersedes);
        Assert.Contains("SER-24|oxycodone,tramadol|", load.Supersedes);
        Assert.Contains("SER-24|oxycodone,trazodone|", load.Supersedes);
        Assert.Contains(load.Evidence, e => e.Citation.StartsWith("[103] ", StringComparison.Ordinal)); // the opioid class labelling
    }

    [Fact]
    public void MetaxaloneIsListedInTheLoadAndItsPairsFoldIn()
    {
        // Metaxalone's own label warns of serotonin syndrome with serotonergic drugs (SER-49, since 2027.1.2), so it is
        // listed in the load like ondansetron (not counted): its SER-24 pairs with the opioids and its SER-49 pairs
        // with duloxetine and trazodone fold into the one load finding. Until then its two SER-24 pairs stood beside it.
        var result = Evaluate("Cymbalta 60 mg@40; tramadol 50 mg@30; trazodone 50 mg@40; oxycodone 5 mg@10; Skelaxin 800 mg@5");

        Assert.Equal(["SER-17"], result.Rules());
        var load = result.Single("SER-17");
        Assert.Equal("SER-17|duloxetine,metaxalone,oxycodone,tramadol,trazodone|", load.Fingerprint);
        Assert.Contains("SER-24|metaxalone,oxycodone|", load.Supersedes);
        Assert.Contains("SER-49|duloxetine,metaxalone|", load.Supersedes);
        Assert.StartsWith("3 serotonergic agents (and 2 more listed)", load.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void MetaxaloneAloneWithTwoCountedAgentsGivesNoLoad()
    {
        // listed, not counted: sertraline and trazodone are two counted agents, so their pair and metaxalone's stand
        var result = Evaluate("sertraline 50 mg@40; trazodone 50 mg@40; Skelaxin 800 mg@5");

        Assert.Equal(["SER-15", "SER-49", "SER-49"], result.Rules());
    }

    [Fact]
    public void AnMaoiOpioidPairStaysBesideTheLoadFinding()
    {
        var result = Evaluate("phenelzine@60; sertraline@40; tramadol@40; trazodone@40; oxycodone 5 mg@5");

        Assert.Contains("SER-22", result.Rules()); // serotonergic-contraindicated: kept, never folded in
        Assert.DoesNotContain("SER-24", result.Rules());
        Assert.Equal(Severity.Contraindicated, result.Single("SER-17").Severity);
        Assert.Contains("SER-22 phenelzine + oxycodone (reported separately)", result.Single("SER-17").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void AnMaoiOpioidRuleInsideTheLoadLiftsTheCapLikeAnyMaoiRule()
    {
        // Linezolid with three TCAs (SER-23, moderate) was a major load finding; with oxycodone listed, SER-22
        // (linezolid + opioid, major, serotonergic-contraindicated) is a pair inside the load: major + 1, uncapped.
        // (Dosulepin and lofepramine: SER-19 contraindicates nortriptyline with linezolid since 2027.1.12, amitriptyline since
        // 2027.1.54, trimipramine and protriptyline since 2027.1.55.)
        var result = Evaluate("linezolid@3/10; dosulepin@40; lofepramine@40; doxepin@40; oxycodone 5 mg@5");

        Assert.Equal(["SER-17", "SER-22"], result.Rules());
        Assert.Equal(Severity.Contraindicated, result.Single("SER-17").Severity);
        Assert.Equal(Severity.Major, Evaluate("linezolid@3/10; dosulepin@40; lofepramine@40; doxepin@40").Single("SER-17").Severity);
    }

    [Theory]
    [InlineData("sertraline@40; trazodone@40; Percocet 5/325@5", "SER-15,SER-24,SER-24")] // an opioid is listed, not counted: 2 counted
    [InlineData("duloxetine@40; tramadol@40; oxycodone 5 mg@5; hydrocodone@5", "SER-08,SER-24,SER-24,SER-24,SER-24")] // nor are two
    [InlineData("sertraline@40; ondansetron@40; sumatriptan@40", "SER-13,SER-14")] // ondansetron is listed, not counted: 2 counted
    [InlineData("sertraline@40; mirtazapine@40; s:kratom@40; s:ginseng@40", "KRA-02,SER-15")] // none of these count (KRA-02: two antidepressants)
    [InlineData("sertraline@40; tramadol@40; sumatriptan@200/30", "SER-08")] // third agent no longer active
    [InlineData("sertraline@40; tramadol@40; fluoxetine@60/30", "SER-08,SER-08")] // washout does not make an agent concurrent (fluoxetine + tramadol is a WASH-24 washout finding since 2027.1.51)
    public void FewerThanThreeCountedAgentsGiveNoLoadFinding(string regimen, string rules) =>
        Assert.Equal(rules, string.Join(',', Evaluate(regimen).Rules()));

    [Fact]
    public void SameIngredientTwiceCountsOnce()
    {
        var result = Evaluate("sertraline@40; Zoloft@10; tramadol@40");

        Assert.Equal(["SER-08"], result.Rules());
    }
}
