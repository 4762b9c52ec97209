namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// A combination product or a multi-ingredient phrase: its name and aliases name the listed ingredients.
/// <paramref name="Route"/> is the section's route unless <paramref name="RouteText"/> overrides it.
/// </summary>
internal sealed record PhraseEntry(
    string Name,
    string Label,
    MatchRoute Route,
    string? RouteText,
    IReadOnlyList<string> Ingredients,
    IReadOnlyList<string> Aliases);
