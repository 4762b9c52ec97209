namespace RegimenMonitor.Rules.Evaluation;

/// <summary>
/// Coverage periods taken in start order, merged into continuous runs and the runs joined into therapy episodes by
/// short breaks (<see cref="Coverage.EpisodeBreakLimit"/>): one ingredient's in <see cref="Timeline"/>, a depletion
/// rule's trigger ingredients together in <see cref="DepletionFamily"/>. Holds the last run and its episode.
/// </summary>
internal struct EpisodeBuilder(in CoveragePeriod first)
{
    public long RunStart = first.Start;
    public long RunEnd = first.End;
    public long EpisodeStart = first.Start;

    /// <summary>The longest break inside the episode (0 when it is one run).</summary>
    public long LongestBreak;

    /// <summary>
    /// Adds the next period (started at or after every one added before): it extends the run when it overlaps or
    /// touches it, else starts a run, in the same episode after a short break; true when it starts a new episode.
    /// </summary>
    public bool Add(in CoveragePeriod period)
    {
        if (period.Start <= RunEnd)
        {
            RunEnd = Math.Max(RunEnd, period.End);
            return false;
        }

        var gap = period.Start - RunEnd;
        var newEpisode = !Coverage.EpisodeBreakLimit(gap, RunEnd - RunStart);
        if (newEpisode)
        {
            EpisodeStart = period.Start;
            LongestBreak = 0;
        }
        else
        {
            LongestBreak = Math.Max(LongestBreak, gap);
        }

        RunStart = period.Start;
        RunEnd = period.End;
        return newEpisode;
    }
}
