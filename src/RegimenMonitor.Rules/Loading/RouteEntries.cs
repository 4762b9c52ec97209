namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// ingredients.json <c>notByMouth</c>: the ingredients whose every rule acts in the gut (chelation, binding), and the
/// words and phrases that say a product is not taken by mouth (eye and ear drops, creams, injections, baths), and those
/// that say it is, which win ("Tums Chewy Bites Vanilla Cream"); and the words of a dispense's directions that say where
/// it goes ("instill into the affected ear"), read only when the product text names no route, and those that say by
/// mouth ("take", "swallow"), which win there too.
/// </summary>
internal sealed record NotByMouthEntry(IReadOnlyList<string> Ingredients, IReadOnlyList<string> Words, IReadOnlyList<string> ByMouthWords,
    IReadOnlyList<string> DirectionWords, IReadOnlyList<string> ByMouthDirectionWords)
{
    public static NotByMouthEntry None { get; } = new([], [], [], [], []);
}

/// <summary>
/// ingredients.json <c>productLines</c>: brands sold as a line of products with different ingredients ("Mucinex",
/// "Robitussin", "Advil"), the symptom words that name the further ingredient such a product has, and the words
/// after which the text no longer names the product (<paramref name="StopAt"/>: "Tylenol for a cold").
/// </summary>
internal sealed record ProductLineEntry(IReadOnlyList<string> Brands, IReadOnlyList<ProductLineCueEntry> Cues, IReadOnlyList<string> StopAt)
{
    public static ProductLineEntry None { get; } = new([], [], []);
}

/// <summary>One cue: <paramref name="Words"/> in a line product's text name <paramref name="Ingredient"/>, unless a
/// <paramref name="NotWith"/> word is anywhere in the text or a <paramref name="NotAfter"/> word comes right before the
/// cue ("chest congestion" is not nasal congestion), nor when the product already has an ingredient of class
/// <paramref name="UnlessClass"/> (a decongestant named in the text is the product's decongestant).</summary>
internal sealed record ProductLineCueEntry(string Ingredient, IReadOnlyList<string> Words, IReadOnlyList<string> NotWith, IReadOnlyList<string> NotAfter, string? UnlessClass)
{
    public string Label => $"productLines cue for '{Ingredient}'";
}
