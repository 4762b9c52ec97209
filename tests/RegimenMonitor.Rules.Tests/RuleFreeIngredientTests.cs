using static RegimenMonitor.Rules.Tests.Regimen;

namespace RegimenMonitor.Rules.Tests;

/// <summary>
/// Common drugs and supplements catalogued without any rule [331]: recognised, untagged (supplements carry only
/// SUPPLEMENT), and adding them to a regimen changes none of its findings. Prednisone left the list in 2026.12.21
/// (DEP-14), meclizine and cannabidiol for KRA-01; albuterol, salmeterol, formoterol and vilanterol stay untagged but SER-63 names
/// them with the non-selective MAOIs (2027.1.28); the inhaled, nasal and injected corticosteroids and the glucocorticoids' forms not
/// taken by mouth stay.
/// </summary>
public sealed class RuleFreeIngredientTests
{
    /// <summary>Products of ingredients catalogued without a rule: medications, then reported supplements.</summary>
    private const string RuleFree =
        "Flonase 50 mcg nasal spray@60; Symbicort 160/4.5 inhaler@100/100; hydrocortisone 1% cream@120/120; Pred Forte@120/120; "
        + "Depo-Medrol 40 mg/mL injection@200/200; Eliquis 5 mg tablet@30; CLOPIDOGREL 75MG TAB@30; Advair Diskus 250/50@60; "
        + "Lantus SoloStar 100 units/mL@60; SMZ-TMP DS 800-160 MG TAB@3/10; tamsulosin 0.4 mg@40; Florinef 0.1 mg@90; "
        + "s:vitamin C 500 mg@30; s:fish oil 1000 mg softgel@30; s:CoQ10 100 mg softgel@30; s:Culturelle Probiotic@30; s:valerian root@30; "
        + "s:L-theanine 200 mg@30; s:NAC 600 mg@30; s:alpha lipoic acid 600 mg@30; s:L-carnitine 500 mg@30; s:quercetin 500 mg@30; "
        + "s:Lion's Mane mushroom capsules@30; s:nattokinase 2000 FU@30; s:evening primrose oil 1300 mg@30";

    [Fact]
    public void FluticasoneWithSertralineAndTramadolGivesOnlyTheSsriTramadolFinding()
    {
        var result = Evaluate("Flonase 50 mcg nasal spray@10; sertraline 50 mg@40; tramadol 50 mg@20");

        var finding = Assert.Single(result.Findings);
        Assert.Equal("SER-08", finding.RuleId);
        Assert.Equal(["sertraline", "tramadol"], finding.Involves.Select(i => i.Ingredient));
    }

    [Theory]
    [InlineData("sertraline 50 mg@40; tramadol 50 mg@20")]
    [InlineData("ciprofloxacin 500 mg@2/7; s:Tums 500 mg@30")]
    [InlineData("Zyvox 600 mg@3/10; Ultram 50mg@5")] // not Parnate: since 2027.1.28 SER-63 pairs an MAOI with the Symbicort and Advair beta2-agonists
    [InlineData("levothyroxine 100 mcg@30/30; s:ferrous sulfate 325 mg@60")]
    [InlineData("s:kratom@30; Xanax 0.5 mg@10/30")]
    public void AddingRuleFreeProductsChangesNoFinding(string regimen)
    {
        var without = Evaluate(regimen);
        var with = Evaluate(regimen + "; " + RuleFree);

        Assert.NotEmpty(without.Findings);
        Assert.Equal(
            without.Findings.Select(f => f.Fingerprint).Order(StringComparer.Ordinal),
            with.Findings.Select(f => f.Fingerprint).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void RuleFreeProductsAloneGiveNoFinding() => Assert.Empty(Evaluate(RuleFree).Findings);

    [Theory]
    [InlineData("albuterol")]
    [InlineData("fluticasone")]
    [InlineData("clopidogrel")]
    [InlineData("apixaban")]
    [InlineData("triamcinolone")]
    [InlineData("budesonide")]
    [InlineData("mometasone")]
    [InlineData("beclomethasone")]
    [InlineData("hydrocortisone (not by mouth)")]
    [InlineData("prednisolone (not by mouth)")]
    [InlineData("methylprednisolone (not by mouth)")]
    [InlineData("dexamethasone (not by mouth)")]
    [InlineData("cortisone (not by mouth)")]
    [InlineData("insulin glargine")]
    [InlineData("pravastatin")]
    [InlineData("sulfamethoxazole")]
    [InlineData("trimethoprim")]
    [InlineData("nicotine")]
    [InlineData("melatonin")]
    [InlineData("methylergonovine")]
    [InlineData("ergonovine")]
    [InlineData("glycopyrrolate")]
    [InlineData("ramelteon")]
    [InlineData("valerian")]
    [InlineData("fish oil")]
    [InlineData("cannabidiol topical")]
    [InlineData("vitamin c")]
    [InlineData("l-theanine")]
    [InlineData("acetylcysteine")]
    [InlineData("levocarnitine")]
    [InlineData("lion's mane")]
    public void CataloguedWithoutAnyRuleTag(string ingredient)
    {
        Assert.True(Kb.IngredientIds.TryGetValue(ingredient, out var id), $"'{ingredient}' is not catalogued");
        Assert.Equal(0UL, Kb.IngredientTags[id] & ~KnownTags.Supplement);
        Assert.False(Kb.NotInCatalogue.ContainsKey(ingredient));
    }
}
