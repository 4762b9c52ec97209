namespace RegimenMonitor.Rules.Model;

/// <summary>
/// What a pair rule asks about one of its members (<see cref="About"/>, an ingredient id) that the serotonergic load
/// finding must not lose when it folds the pair in: "advise stopping St John's wort". The load finding's
/// recommendation carries it once per ingredient, from the most severe folded pair that has one.
/// </summary>
internal sealed record LoadAdvice(int About, string Text);
