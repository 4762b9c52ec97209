using System.Runtime.CompilerServices;

namespace RegimenMonitor.Rules.Evaluation;

/// <summary>
/// Pair rules (SER-01 …): two present ingredients on the rule's sides, both active, or one ended but still inside
/// the washout window that keeps it present for the other. Side A is listed first in the finding.
/// </summary>
internal sealed class SerotonergicPairFamily(KnowledgeBase kb)
{
    /// <summary>One table lookup per pair (inlined into the pair scan); most pairs stop here.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Match(EvaluationState state, int i, int j, long now)
    {
        int value = kb.SerotonergicPairs[(state.Present[i].Ing * kb.IngredientCount) + state.Present[j].Ing];
        if (value != 0)
        {
            Fire(state, i, j, value, now);
        }
    }

    private void Fire(EvaluationState state, int i, int j, int value, long now)
    {
        ref var a = ref state.Present[i];
        ref var b = ref state.Present[j];
        var n = kb.IngredientCount;
        var rule = kb.PairRules[Math.Abs(value) - 1];
        var first = value > 0 ? i : j;
        var second = value > 0 ? j : i;
        if (a.Active && b.Active)
        {
            state.AddPair(rule, rule.Severity, first, second, Math.Max(a.RunStart, b.RunStart));
            return;
        }

        if (!rule.Washout)
        {
            return;
        }

        var ended = a.Active ? j : i;
        var active = a.Active ? i : j;
        var days = kb.WashoutDays[(state.Present[ended].Ing * n) + state.Present[active].Ing];
        var until = days == 0 ? 0 : state.Present[ended].RunEnd + (days * Coverage.TicksPerDay);
        if (now < until)
        {
            // since the later of the two starts: the exposure began when the second agent came, whichever ended since
            ref var hit = ref state.AddPair(rule, rule.Severity, first, second, Math.Max(a.RunStart, b.RunStart));
            hit.Washout = new WashoutWindow(ended, until, days);
        }
    }
}
