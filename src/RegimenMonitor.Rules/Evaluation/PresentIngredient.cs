namespace RegimenMonitor.Rules.Evaluation;

/// <summary>
/// An ingredient present in the regimen: active now, or ended but inside a washout window. Its run is the merged
/// coverage containing (or last before) as-of; <paramref name="Item"/> is the product shown in findings: the newest
/// item of that run that still covers as-of (the newest of the run when it has ended). <paramref name="EpisodeStart"/> is the start of its therapy episode, the runs joined by
/// short breaks (<see cref="Coverage.EpisodeBreakLimit"/>), which depletion durations count from;
/// <paramref name="LongestBreak"/> is the longest break inside the episode (0 when it is one run).
/// </summary>
/// <para><paramref name="AlsoStart"/> and <paramref name="AlsoCount"/> name the other products of an active run that
/// cover as-of beside <paramref name="Item"/> with another set of ingredients (<see cref="EvaluationState.Also"/>): calcium
/// from Caltrate and from a Centrum started later are both named, each needs the spacing.</para>
internal readonly record struct PresentIngredient(int Ing, ulong Tags, bool Active, long RunStart, long RunEnd, int Item, long EpisodeStart, long LongestBreak,
    int AlsoStart = 0, int AlsoCount = 0);
