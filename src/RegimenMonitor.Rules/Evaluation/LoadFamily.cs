using RegimenMonitor.Rules.Model;

namespace RegimenMonitor.Rules.Evaluation;

/// <summary>
/// Serotonergic load (SER-17): enough counted agents active together. The load finding lists every active counted
/// or listed agent, one step above the highest pair among them (major at most unless an MAOI pair fired), and
/// supersedes the pairs it fully covers (not the MAOI pairs, which stay findings of their own).
/// </summary>
internal sealed class LoadFamily(KnowledgeBase kb)
{
    public void Evaluate(EvaluationState state)
    {
        if (kb.SerotonergicLoad is not { } rule || CountActive(state, rule) < rule.MinCount)
        {
            return;
        }

        var highest = Severity.Info;
        var maoRuleFired = false;
        var hitCount = state.HitCount;
        var loadIndex = hitCount; // the load hit is added after this loop
        for (var h = 0; h < hitCount; h++)
        {
            ref var hit = ref state.Hits[h];
            if (hit.Rule.Kind != RuleKind.Pair || hit.Washout is not null || hit.Suppression == Suppression.DuplicateProductPair)
            {
                continue;
            }

            if (!InLoad(state.Member(hit, 0), rule) || !InLoad(state.Member(hit, 1), rule))
            {
                continue;
            }

            highest = (Severity)Math.Max((int)highest, (int)hit.Severity);
            if (hit.Rule.Concern == Concern.SerotonergicContraindicated)
            {
                maoRuleFired = true;
            }
            else
            {
                hit.Suppression = Suppression.SubsumedByLoad; // Fully covered by the load finding.
                hit.SupersededBy = loadIndex;
            }
        }

        var severity = (Severity)Math.Min((int)Severity.Contraindicated, Math.Max((int)Severity.Moderate, (int)highest + 1));
        if (!maoRuleFired && severity > Severity.Major)
        {
            severity = Severity.Major;
        }

        ref var load = ref state.AddHit(rule, severity);
        var since = 0L;
        for (var i = 0; i < state.PresentCount; i++)
        {
            if (InLoad(state.Present[i], rule))
            {
                state.AddMember(ref load, i);
                since = Math.Max(since, state.Present[i].RunStart);
            }
        }

        load.Since = since;
        MemberOrder.SortByName(kb, state, load.MemberStart, load.MemberCount);
    }

    /// <summary>The distinct agents counted: forms of one drug (<see cref="LoadRule.AgentOf"/>) count once.</summary>
    private static int CountActive(EvaluationState state, LoadRule rule)
    {
        var counted = 0;
        for (var i = 0; i < state.PresentCount; i++)
        {
            if (Counted(state.Present[i], rule) && !CountedBefore(state, rule, i))
            {
                counted++;
            }
        }

        return counted;
    }

    private static bool Counted(in PresentIngredient p, LoadRule rule) => p.Active && rule.Counts(p.Tags);

    private static bool CountedBefore(EvaluationState state, LoadRule rule, int i)
    {
        var agent = rule.AgentOf[state.Present[i].Ing];
        for (var j = 0; j < i; j++)
        {
            if (Counted(state.Present[j], rule) && rule.AgentOf[state.Present[j].Ing] == agent)
            {
                return true;
            }
        }

        return false;
    }

    private static bool InLoad(in PresentIngredient p, LoadRule rule) => p.Active && rule.Includes(p.Tags);
}
