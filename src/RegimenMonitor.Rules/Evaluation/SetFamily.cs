using RegimenMonitor.Rules.Model;

namespace RegimenMonitor.Rules.Evaluation;

/// <summary>
/// Set rules (the kratom rules): an active anchor with every active partner from the rule's groups, when any group
/// reaches its minimum and the partners do not exceed the maximum; many partners escalate the severity. A set rule
/// named in another's <c>suppressedBy</c> yields to it for the same anchor.
/// </summary>
internal sealed class SetFamily(KnowledgeBase kb)
{
    public void Evaluate(EvaluationState state)
    {
        var firstSetHit = state.HitCount;
        foreach (var rule in kb.SetRules)
        {
            for (var i = 0; i < state.PresentCount; i++)
            {
                if (state.Present[i].Active && rule.Anchors[state.Present[i].Ing])
                {
                    Match(state, rule, i);
                }
            }
        }

        Suppress(state, firstSetHit);
    }

    private void Match(EvaluationState state, SetRule rule, int anchor)
    {
        var memberStart = state.MemberCount;
        GrowArray.Append(ref state.Members, ref state.MemberCount, anchor);
        var satisfied = false;
        foreach (var group in rule.Groups)
        {
            satisfied |= AddPartners(state, group, anchor, memberStart) >= group.Min;
        }

        var partners = state.MemberCount - memberStart - 1;
        if (!satisfied || (rule.MaxPartners > 0 && partners > rule.MaxPartners))
        {
            state.MemberCount = memberStart;
            return;
        }

        var severity = rule.EscalateAt > 0 && partners >= rule.EscalateAt ? rule.EscalatedSeverity : rule.Severity;
        ref var hit = ref state.AddHit(rule, severity);
        hit.MemberStart = memberStart;
        hit.MemberCount = partners + 1;
        var since = 0L;
        for (var m = memberStart; m < state.MemberCount; m++)
        {
            since = Math.Max(since, state.Present[state.Members[m]].RunStart);
        }

        hit.Since = since;
        MemberOrder.SortByName(kb, state, memberStart + 1, partners);
    }

    /// <summary>Adds the group's active members not added yet; returns how many active members the group has.</summary>
    private static int AddPartners(EvaluationState state, SetGroup group, int anchor, int memberStart)
    {
        var inGroup = 0;
        for (var j = 0; j < state.PresentCount; j++)
        {
            if (j == anchor || !state.Present[j].Active || !group.Members[state.Present[j].Ing])
            {
                continue;
            }

            inGroup++;
            if (Array.IndexOf(state.Members, j, memberStart, state.MemberCount - memberStart) < 0)
            {
                GrowArray.Append(ref state.Members, ref state.MemberCount, j);
            }
        }

        return inGroup;
    }

    private static void Suppress(EvaluationState state, int firstSetHit)
    {
        for (var h = firstSetHit; h < state.HitCount; h++)
        {
            ref var hit = ref state.Hits[h];
            foreach (var suppressor in ((SetRule)hit.Rule).SuppressedBy)
            {
                for (var g = firstSetHit; g < state.HitCount; g++)
                {
                    if (state.Hits[g].Rule == suppressor && state.Members[state.Hits[g].MemberStart] == state.Members[hit.MemberStart])
                    {
                        hit.Suppression = Suppression.SupersededBySet;
                        hit.SupersededBy = g;
                    }
                }
            }
        }
    }
}
