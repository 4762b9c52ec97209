namespace RegimenMonitor.Rules;

/// <summary>One ingredient of a normalised product and how it was found.</summary>
/// <param name="Ingredient">Canonical ingredient name.</param>
/// <param name="Route">How the text or code named it.</param>
/// <param name="MatchedText">The code, or the catalogue phrase the text matched (after correction: the corrected phrase).</param>
public sealed record IngredientMatch(string Ingredient, MatchRoute Route, string MatchedText);
