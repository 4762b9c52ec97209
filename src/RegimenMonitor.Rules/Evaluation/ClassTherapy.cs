namespace RegimenMonitor.Rules.Evaluation;

/// <summary>
/// The therapy episode of a depletion rule's trigger ingredients taken together, that the active trigger's current run
/// belongs to: their coverage periods merged into runs and the runs joined by short breaks, as
/// <see cref="Timeline"/> does for one ingredient (<see cref="Coverage.EpisodeBreakLimit"/>). For a trigger taken
/// alone it is the trigger's own episode. <paramref name="FirstOther"/> is the id of the earliest other trigger
/// ingredient taken in the episode before the trigger's current run began, which the trigger continued (-1: none), and
/// <paramref name="Others"/> how many such ingredients there are.
/// </summary>
internal readonly record struct ClassTherapy(long EpisodeStart, long RunStart, long RunEnd, long LongestBreak, int FirstOther, int Others)
{
    public static ClassTherapy Of(in PresentIngredient p) => new(p.EpisodeStart, p.RunStart, p.RunEnd, p.LongestBreak, -1, 0);
}
