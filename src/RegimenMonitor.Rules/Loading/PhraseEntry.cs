namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// A combination product or a multi-ingredient phrase: its name and aliases name the listed ingredients.
/// <paramref name="Route"/> is the section's route unless <paramref name="RouteText"/> overrides it. A
/// <paramref name="NotWith"/> word anywhere in the text means the phrases name another product, so they give way to
/// shorter ones ("Mucinex Sinus-Max" with "nasal" is the nasal spray, not the oral combination). A
/// <paramref name="Variants"/> word anywhere in the text selects that variant's ingredients instead.
/// </summary>
internal sealed record PhraseEntry(
    string Name,
    string Label,
    MatchRoute Route,
    string? RouteText,
    IReadOnlyList<string> Ingredients,
    IReadOnlyList<string> Aliases,
    IReadOnlyList<string> NotWith,
    IReadOnlyList<PhraseVariantEntry> Variants);
