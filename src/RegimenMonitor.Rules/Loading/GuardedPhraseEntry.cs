namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// A word that names <paramref name="Ingredient"/> only when written exactly so or followed by a strength; with
/// <paramref name="StrengthOnly"/>, only when followed by a strength (a common word, whatever its case: "Proton 40 mg",
/// not "Proton Pump Inhibitor"). With <paramref name="WholeText"/> it also names the ingredient when it is the product's
/// whole text (a street name or a brand that is also a consumer brand: "molly", "Soma"; not "Molly McButter").
/// </summary>
internal sealed record GuardedPhraseEntry(string Phrase, string Ingredient, bool StrengthOnly = false, bool WholeText = false)
{
    public string Label => $"guarded phrase '{Phrase}'";
}
