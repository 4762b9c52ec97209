namespace RegimenMonitor.Rules.Evaluation;

/// <summary>
/// The earliest instant after as-of at which the result can change by the passing of time alone (an item starts, a
/// run or washout ends, a duration step or the recent-start window is crossed); the rule families report candidates.
/// </summary>
internal sealed class NextChange
{
    public long At { get; private set; } = Coverage.Ongoing;

    /// <summary>The instant for <see cref="EvaluationResult.NextChangeAt"/>; null when nothing will change.</summary>
    public DateTimeOffset? Result => At >= Coverage.MaxTicks ? null : new DateTimeOffset(At, TimeSpan.Zero);

    public void Reset() => At = Coverage.Ongoing;

    public void Consider(long instant) => At = Math.Min(At, instant);

    /// <summary>A finding changes when one of its active members' runs ends, or its washout window closes.</summary>
    public void ConsiderEndsOf(in Hit hit, EvaluationState state)
    {
        for (var m = 0; m < hit.MemberCount; m++)
        {
            ref readonly var p = ref state.Member(hit, m);
            if (p.Active && p.RunEnd != Coverage.Ongoing)
            {
                Consider(p.RunEnd);
            }
        }

        if (hit.Washout is { } washout)
        {
            Consider(washout.Until);
        }
    }
}
