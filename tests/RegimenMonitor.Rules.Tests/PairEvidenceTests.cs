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
        Assert.Contains(citations, c => c.StartsWith("[100] FDA labels of serotonergic antidepressants", StringComparison.Ordinal)); // sertraline's own label
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
        Assert.DoesNotContain(citations, c => c.StartsWith("[100]", StringComparison.Ordinal));
    }

    [Fact]
    public void LinezolidWithStJohnsWortCitesTheSourcesThatNameTheHerb()
    {
        var wort = Evaluate("linezolid@3/10; s:St John's Wort 300 mg@20").Single("SER-23").Evidence.Select(e => e.Citation).ToList();
        var tca = Evaluate("linezolid@3/10; doxepin@30").Single("SER-23").Evidence.Select(e => e.Citation).ToList();

        Assert.Contains(wort, c => c.StartsWith("[102] Zyvox", StringComparison.Ordinal)); // the rule as a whole
        Assert.Contains(wort, c => c.StartsWith("[171] ", StringComparison.Ordinal) && c.Contains("St John's wort", StringComparison.Ordinal));
        Assert.Contains(wort, c => c.StartsWith("[35] ", StringComparison.Ordinal));
        Assert.DoesNotContain(tca, c => c.StartsWith("[171] ", StringComparison.Ordinal) || c.StartsWith("[35] ", StringComparison.Ordinal));
    }

    [Fact]
    public void TheQuinoloneAndTetracyclineChelationRulesCiteTheirLabels()
    {
        // Until the labels were cited, ABS-04 rested only on WebMD [73], ABS-06 on medpill.info [72] and ABS-07 on [72]
        // except for sucralfate [237] and the multivitamin [309].
        var gemifloxacin = Evaluate("gemifloxacin@2/7; s:zinc gluconate@30").Single("ABS-04").Evidence;
        var gemifloxacinSucralfate = Evaluate("gemifloxacin@2/7; Carafate 1 g@10/30").Single("ABS-133").Evidence;
        var ofloxacin = Evaluate("ofloxacin@2/7; s:calcium citrate@30").Single("ABS-06").Evidence;
        var norfloxacin = Evaluate("norfloxacin 400 mg@2/7; s:ferrous sulfate 325 mg@30").Single("ABS-06").Evidence;
        var iron = Evaluate("doxycycline 100 mg@5/10; s:ferrous sulfate 325 mg@60").Single("ABS-07").Evidence;
        var bismuth = Evaluate("doxycycline hyclate 100 mg@2/10; Pepto-Bismol@1").Single("ABS-07").Evidence;
        var sucralfate = Evaluate("tetracycline 500 mg@2/10; Carafate 1 g@10/30").Single("ABS-07").Evidence;
        var multivitamin = Evaluate("doxycycline hyclate 100 mg@5/10; s:multivitamin@60").Single("ABS-07").Evidence;

        Assert.Contains(gemifloxacin, e => e.Grade == "E1" && e.Citation.StartsWith("[650] Factive", StringComparison.Ordinal));
        Assert.DoesNotContain(gemifloxacin, e => e.Grade == "E4");
        Assert.Contains(gemifloxacinSucralfate, e => e.Grade == "E1" && e.Citation.StartsWith("[650] Factive", StringComparison.Ordinal));
        Assert.Contains(ofloxacin, e => e.Grade == "E1" && e.Citation.StartsWith("[651] Ofloxacin tablets label", StringComparison.Ordinal));
        Assert.DoesNotContain(ofloxacin, e => e.Citation.StartsWith("[652]", StringComparison.Ordinal));
        Assert.Contains(norfloxacin, e => e.Grade == "E1" && e.Citation.StartsWith("[652] Noroxin", StringComparison.Ordinal));
        Assert.DoesNotContain(norfloxacin, e => e.Citation.StartsWith("[651]", StringComparison.Ordinal));
        Assert.All(new[] { ofloxacin, norfloxacin }, evidence =>
        {
            Assert.Contains(evidence, e => e.Grade == "E2" && e.Citation.StartsWith("[653]", StringComparison.Ordinal));
            Assert.DoesNotContain(evidence, e => e.Grade == "E4");
        });
        Assert.All(new[] { iron, bismuth }, evidence => Assert.Contains(evidence, e => e.Grade == "E1" && e.Citation.StartsWith("[654] US labels of the tetracycline class", StringComparison.Ordinal)));
        Assert.DoesNotContain(sucralfate, e => e.Citation.StartsWith("[654]", StringComparison.Ordinal));
        Assert.Contains(sucralfate, e => e.Grade == "E1" && e.Citation.StartsWith("[237]", StringComparison.Ordinal));
        Assert.DoesNotContain(multivitamin, e => e.Citation.StartsWith("[654]", StringComparison.Ordinal));
    }

    [Fact]
    public void AnSsriWithDextromethorphanCitesTheAuvelityLabel()
    {
        var cough = Evaluate("sertraline@40; dextromethorphan@5").Single("SER-10").Evidence;
        var auvelity = Evaluate("paroxetine@40; Auvelity 45/105 mg@5").Single("SER-10").Evidence;

        Assert.All(new[] { cough, auvelity }, evidence =>
        {
            Assert.Contains(evidence, e => e.Grade == "E1" && e.Citation.StartsWith("[655] Auvelity", StringComparison.Ordinal));
            Assert.Contains(evidence, e => e.Grade == "E4" && e.Citation.StartsWith("[5] ", StringComparison.Ordinal));
        });
    }

    [Theory]
    [InlineData("\"for\": [\"dextromethorphan\"]", "\"for\": [\"no-such-drug\"]", "rule 'SER-01': unknown ingredient or class 'no-such-drug'")]
    [InlineData("{\"grade\": \"E1\", \"refs\": [22]}", "{\"grade\": \"E1\", \"refs\": [22], \"for\": [\"SRI-S\"]}", "rule 'SER-01': every evidence entry has 'for'")]
    public void AnInvalidEvidenceScopeStopsTheLoadNamingTheRule(string find, string replace, string message)
    {
        var ingredients = KnowledgeBaseLoader.ReadResource(typeof(KnowledgeBase).Assembly, KnowledgeBaseLoader.IngredientsResource);
        var rules = KnowledgeBaseLoader.ReadResource(typeof(KnowledgeBase).Assembly, KnowledgeBaseLoader.RulesResource);
        var start = rules.IndexOf("\"id\": \"SER-01\"", StringComparison.Ordinal);
        var at = rules.IndexOf(find, start, StringComparison.Ordinal);
        Assert.True(at > 0, "the SER-01 evidence entry is found");
        rules = string.Concat(rules.AsSpan(0, at), replace, rules.AsSpan(at + find.Length));
        if (find.StartsWith('{'))
        {
            // the other general entry of SER-01 gets a scope too
            const string General = "{\"grade\": \"E3\", \"refs\": [92]}";
            var general = rules.IndexOf(General, start, StringComparison.Ordinal);
            rules = string.Concat(rules.AsSpan(0, general), "{\"grade\": \"E3\", \"refs\": [92], \"for\": [\"SRI-S\"]}", rules.AsSpan(general + General.Length));
        }

        var exception = Assert.Throws<KnowledgeBaseException>(() => KnowledgeBase.Load(ingredients, rules));
        Assert.StartsWith(message, exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EveryFindingKeepsAtLeastOneCitation() =>
        Assert.All(Evaluate("phenelzine@60; sertraline@40; tramadol@40; s:St John's wort@10; buspirone@20").Findings, f => Assert.NotEmpty(f.Evidence));
}
