namespace RegimenMonitor.Rules.Evaluation;

/// <summary>
/// Recent-start modifier (SER-18): a serotonergic finding whose newest serotonergic member started within the
/// window names it and adds the modifier's mechanism and management; the window's end is a change in time.
/// </summary>
internal sealed class RecentStartModifier(KnowledgeBase kb)
{
    public void Apply(EvaluationState state, long now)
    {
        var withinDays = kb.RecentStart?.WithinDays ?? 0;
        for (var h = 0; h < state.HitCount; h++)
        {
            ref var hit = ref state.Hits[h];
            if (hit.Suppressed || withinDays == 0 || hit.Rule.Concern is not (Concern.SerotonergicContraindicated or Concern.SerotonergicStacking))
            {
                continue;
            }

            var newest = NewestSerotonergic(state, hit);
            if (newest >= 0)
            {
                var windowEnd = state.Present[newest].RunStart + (withinDays * Coverage.TicksPerDay);
                if (now < windowEnd)
                {
                    hit.RecentMember = newest;
                    state.Next.Consider(windowEnd);
                }
            }
        }
    }

    private static int NewestSerotonergic(EvaluationState state, in Hit hit)
    {
        var newest = -1;
        for (var m = hit.MemberStart; m < hit.MemberStart + hit.MemberCount; m++)
        {
            var index = state.Members[m];
            ref var p = ref state.Present[index];
            if (p.Active && (p.Tags & KnownTags.Serotonergic) != 0 && (newest < 0 || p.RunStart > state.Present[newest].RunStart))
            {
                newest = index;
            }
        }

        return newest;
    }
}
