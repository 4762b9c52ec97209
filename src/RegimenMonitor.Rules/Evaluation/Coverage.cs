namespace RegimenMonitor.Rules.Evaluation;

/// <summary>
/// How long one regimen item covers its ingredients (see docs/rules.md, time model): a dispense covers
/// <c>[startedAt, startedAt + daysSupply + grace)</c>; without daysSupply, and for a supplement, it runs until
/// <c>StoppedAt</c> (ongoing when null). Instants are UTC ticks.
/// </summary>
internal static class Coverage
{
    public const long TicksPerDay = TimeSpan.TicksPerDay;

    /// <summary>The end of a coverage that has none.</summary>
    public const long Ongoing = long.MaxValue;

    public static readonly long MaxTicks = DateTimeOffset.MaxValue.UtcTicks;

    /// <summary>The longest break between two runs of an ingredient that still joins them into one therapy episode.</summary>
    public const int EpisodeBreakDays = 30;

    /// <summary>
    /// Whether a break of <paramref name="gap"/> ticks after a run of <paramref name="previousRunLength"/> ticks
    /// joins the two runs into one therapy episode: at most <see cref="EpisodeBreakDays"/> days, and no longer than
    /// the run before it (a late refill continues a therapy; a week's course after a week off does not).
    /// </summary>
    public static bool EpisodeBreakLimit(long gap, long previousRunLength) =>
        gap <= Math.Min(EpisodeBreakDays * TicksPerDay, previousRunLength);

    /// <summary>Refill grace in whole days for a days supply: ceil(20 %), at most 14 days.</summary>
    public static int GraceDays(int daysSupply) => daysSupply <= 0 ? 0 : Math.Min(14, (daysSupply + 4) / 5);

    /// <summary>The exclusive end of an item's coverage, given its start.</summary>
    public static long EndOf(RegimenItem item, long start)
    {
        var end = Ongoing;
        if (item.Kind == RegimenItemKind.Medication && item.DaysSupply is { } daysSupply)
        {
            var days = Math.Clamp(daysSupply, 0, 36_500);
            end = Math.Min(MaxTicks, start + ((days + GraceDays(days)) * TicksPerDay));
        }

        if (item.StoppedAt is { } stopped)
        {
            end = Math.Min(end, stopped.UtcTicks);
        }

        return end;
    }
}
