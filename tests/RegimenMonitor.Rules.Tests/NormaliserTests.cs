using static RegimenMonitor.Rules.Tests.Regimen;

namespace RegimenMonitor.Rules.Tests;

/// <summary>Product text (and codes) to canonical ingredients.</summary>
public sealed class NormaliserTests
{
    [Theory]
    [InlineData("Zoloft 50 mg tablet", "sertraline", "text")]
    [InlineData("SERTRALINE HCL 100MG TAB", "sertraline", "text")]
    [InlineData("sertraline hydrochloride 50 mg oral tablet", "sertraline", "text")]
    [InlineData("Ultracet 37.5/325 mg", "acetaminophen,tramadol", "text")]
    [InlineData("ULTRACET TAB", "acetaminophen,tramadol", "text")]
    [InlineData("tramadol/acetaminophen 37.5-325", "acetaminophen,tramadol", "text")]
    [InlineData("Tramadol HCl and Acetaminophen Tablets", "acetaminophen,tramadol", "text")]
    [InlineData("NyQuil Cold & Flu liquid", "acetaminophen,dextromethorphan,doxylamine", "text")]
    [InlineData("Vicks NyQuil", "acetaminophen,dextromethorphan,doxylamine", "text")]
    [InlineData("Robitussin DM", "dextromethorphan,guaifenesin", "text")]
    [InlineData("Robitussin", "guaifenesin", "text")]
    [InlineData("Mucinex DM 600/30", "dextromethorphan,guaifenesin", "text")]
    [InlineData("Tylenol with Codeine #3", "acetaminophen,codeine", "text")]
    [InlineData("Percocet 5/325", "acetaminophen,oxycodone", "text")]
    [InlineData("Adderall XR 20 mg capsule", "amphetamine,dextroamphetamine", "text")]
    [InlineData("St. John's Wort 300 mg", "st john's wort", "text")]
    [InlineData("ST JOHNS WORT EXTRACT", "st john's wort", "text")]
    [InlineData("5-HTP 100mg", "5-htp", "text")]
    [InlineData("L-Tryptophan 500 mg", "tryptophan", "text")]
    [InlineData("SAM-e 400", "s-adenosylmethionine", "text")]
    [InlineData("Garcinia Cambogia 1500 mg", "garcinia cambogia", "text")]
    [InlineData("Rhodiola rosea root", "rhodiola", "text")]
    [InlineData("Syrian rue", "syrian rue", "text")]
    [InlineData("Kratom (Mitragyna speciosa) powder", "kratom", "text")]
    [InlineData("Meperidine 50 mg", "meperidine", "text")]
    [InlineData("Pethidine 50 mg", "meperidine", "text")]
    [InlineData("Paracetamol 500 mg", "acetaminophen", "text")]
    [InlineData("Omeprazole magnesium 20 mg", "omeprazole", "text")]
    [InlineData("Esomeprazole Magnesium DR 40mg", "esomeprazole", "text")]
    [InlineData("Atorvastatin calcium 40 mg", "atorvastatin", "text")]
    [InlineData("Calcium carbonate 600 mg + Vitamin D3", "calcium,vitamin d", "text")]
    [InlineData("Caltrate 600+D", "calcium,vitamin d", "text")]
    [InlineData("Maalox", "aluminum hydroxide,magnesium", "text")]
    [InlineData("Aluminium hydroxide suspension", "aluminum hydroxide", "text")]
    [InlineData("Ferrous Sulfate 325 mg", "iron", "text")]
    [InlineData("Magnesium oxide 400 mg", "magnesium", "text")]
    [InlineData("Vitamin B-12 1000 mcg", "vitamin b12", "text")]
    [InlineData("Centrum Silver", "multivitamin with minerals", "text")]
    [InlineData("Emsam 6 mg/24 hr", "selegiline transdermal", "text")]
    [InlineData("selegiline 6 mg/24hr transdermal patch", "selegiline transdermal", "text")]
    [InlineData("Selegiline HCl 5 mg capsule", "selegiline", "text")]
    [InlineData("Sudafed PE 10 mg", "phenylephrine", "text")]
    [InlineData("Sudafed 30 mg", "pseudoephedrine", "text")]
    [InlineData("Methylene blue 1% injection", "methylene blue", "text")]
    [InlineData("doxycycline hyclate 100mg cap", "doxycycline", "text")]
    [InlineData("Triumeq", "abacavir,dolutegravir,lamivudine", "text")]
    // Misspellings: conservative edit distance on longer words.
    [InlineData("Sertralene 50 mg", "sertraline", "fuzzy")]
    [InlineData("Setraline 50mg", "sertraline", "fuzzy")]
    [InlineData("Flouxetine 20mg", "fluoxetine", "fuzzy")]
    [InlineData("escitalopran 10 mg", "escitalopram", "fuzzy")]
    [InlineData("hydrochlorthiazide 25 mg", "hydrochlorothiazide", "fuzzy")]
    [InlineData("Omeprazol 20 mg", "omeprazole", "fuzzy")]
    [InlineData("tramadol/acetaminophin", "acetaminophen,tramadol", "fuzzy")]
    public void TextIsMappedToIngredients(string text, string ingredients, string matchedBy)
    {
        var result = Normaliser.Normalise(text);

        Assert.Equal(ingredients.Split(','), result.Ingredients);
        Assert.Equal(matchedBy, result.MatchedBy);
        Assert.True(result.IsRecognised);
    }

    [Theory]
    [InlineData("Acme Wellness Blend 500 mg")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("100 mg tablet")]
    [InlineData("zolof")] // under 6 letters: never fuzzy
    [InlineData("trimipramine 50 mg")] // a real drug close to imipramine: never turned into it
    [InlineData("protriptyline 10 mg")] // close to nortriptyline
    [InlineData("gatifloxacin")] // close to gemifloxacin
    [InlineData("oxazepam 15 mg")] // close to lorazepam/diazepam
    [InlineData("same dose as before")] // the word "same" is not SAMe
    public void UnrecognisedTextGivesNoIngredients(string text)
    {
        var result = Normaliser.Normalise(text);

        Assert.Empty(result.Ingredients);
        Assert.False(result.IsRecognised);
        Assert.Equal("none", result.MatchedBy);
    }

    [Fact]
    public void NullTextNeverThrows() => Assert.Equal("none", Normaliser.Normalise(null!).MatchedBy);

    [Theory]
    [InlineData("anything", "N06AB06", null, "sertraline", "atc")]
    [InlineData("Zoloft 50 mg", "n06ab03", null, "fluoxetine", "atc")] // supplied code wins over text
    [InlineData("xyz", null, "36437", "sertraline", "rxnorm")]
    [InlineData("Zoloft", "Z99ZZ99", null, "sertraline", "text")] // unknown code: fall back to text
    [InlineData("Zoloft", null, "999999999", "sertraline", "text")]
    [InlineData("Ultracet", "N02AX02", "10689", "tramadol", "atc")]
    public void SuppliedCodesWinOverText(string text, string? atc, string? rxnorm, string ingredients, string matchedBy)
    {
        var result = Normaliser.Normalise(text, atc, rxnorm);

        Assert.Equal(ingredients.Split(','), result.Ingredients);
        Assert.Equal(matchedBy, result.MatchedBy);
    }

    public static TheoryData<string> CatalogueNames() => [.. Kb.Ingredients];

    [Theory]
    [MemberData(nameof(CatalogueNames))]
    public void EveryCanonicalNameMapsToItselfInAnyCaseWithStrength(string name)
    {
        Assert.Equal([name], Normaliser.Normalise(name).Ingredients);
        var shouted = Normaliser.Normalise($"{name.ToUpperInvariant()} 10 MG TABLET");
        Assert.Equal([name], shouted.Ingredients);
        Assert.Equal("text", shouted.MatchedBy);
    }

    [Theory]
    [InlineData("sertraline", "sertralinx")]
    [InlineData("duloxetine", "fluoxetine")]
    [InlineData("citalopram", "escitalopram")]
    [InlineData("imipramine", "clomipramine")]
    [InlineData("oxycodone", "hydrocodone")]
    public void KnownNamesAreNeverFuzzedIntoAnotherKnownName(string exact, string other)
    {
        Assert.Equal([exact], Normaliser.Normalise(exact).Ingredients);
        Assert.Equal("text", Normaliser.Normalise(exact).MatchedBy);
        if (Kb.Ingredients.Contains(other))
        {
            Assert.Equal([other], Normaliser.Normalise(other).Ingredients);
        }
        else
        {
            Assert.Equal("fuzzy", Normaliser.Normalise(other).MatchedBy);
        }
    }

    [Theory]
    [InlineData(5, 0)]
    [InlineData(6, 1)]
    [InlineData(9, 1)]
    [InlineData(10, 2)]
    public void FuzzyDistanceGrowsOnlyForLongerWords(int length, int distance) =>
        Assert.Equal(distance, ProductNormaliser.MaxFuzzyDistance(length));
}
