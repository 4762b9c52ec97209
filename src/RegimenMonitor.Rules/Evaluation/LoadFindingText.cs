using System.Runtime.CompilerServices;

namespace RegimenMonitor.Rules.Evaluation;

/// <summary>
/// The load finding's sentence: how many counted agents (and how many more listed) since when, the counted ones,
/// those listed but not counted, and the serotonergic pairs among them (folded into it, or reported separately).
/// </summary>
internal static class LoadFindingText
{
    public static void Summary(ref DefaultInterpolatedStringHandler text, in FindingSource source, in Hit load)
    {
        var rule = source.Kb.SerotonergicLoad!;
        var state = source.State;
        int counted = 0, agents = 0;
        for (var m = 0; m < load.MemberCount; m++)
        {
            if (rule.Counts(state.Member(load, m).Tags))
            {
                counted++;
                agents += AgentNamedBefore(state, load, rule, m) ? 0 : 1;
            }
        }

        // the number is the counted agents (the threshold's own count: forms of one drug, as Adderall's two
        // amphetamines, are one agent); the listed ones are named as such
        text.AppendFormatted(agents);
        text.AppendLiteral(" serotonergic agents");
        if (counted < load.MemberCount)
        {
            text.AppendLiteral(" (and ");
            text.AppendFormatted(load.MemberCount - counted);
            text.AppendLiteral(" more listed)");
        }

        text.AppendLiteral(" are active together since ");
        FindingSource.Date(ref text, load.Since);
        text.AppendLiteral(": ");
        var written = 0;
        for (var m = 0; m < load.MemberCount; m++)
        {
            if (rule.Counts(state.Member(load, m).Tags))
            {
                text.AppendLiteral(written++ > 0 ? ", " : string.Empty);
                source.Product(ref text, load, m);
            }
        }

        written = 0;
        for (var m = 0; m < load.MemberCount; m++)
        {
            if (!rule.Counts(state.Member(load, m).Tags))
            {
                text.AppendLiteral(written++ > 0 ? ", " : "; also listed, not counted: ");
                source.Product(ref text, load, m);
            }
        }

        Pairwise(ref text, source, load);
        text.AppendLiteral(". ");
    }

    /// <summary>Whether a counted member before member <paramref name="m"/> is the same agent (<see cref="Model.LoadRule.AgentOf"/>).</summary>
    private static bool AgentNamedBefore(EvaluationState state, in Hit load, Model.LoadRule rule, int m)
    {
        var agent = rule.AgentOf[state.Member(load, m).Ing];
        for (var k = 0; k < m; k++)
        {
            if (rule.Counts(state.Member(load, k).Tags) && rule.AgentOf[state.Member(load, k).Ing] == agent)
            {
                return true;
            }
        }

        return false;
    }

    private static void Pairwise(ref DefaultInterpolatedStringHandler text, in FindingSource source, in Hit load)
    {
        var state = source.State;
        var written = 0;
        for (var h = 0; h < state.HitCount; h++)
        {
            ref var pair = ref state.Hits[h];
            var subsumed = pair.Suppression == Suppression.SubsumedByLoad;
            if (pair.Rule.Kind != Model.RuleKind.Pair || pair.Washout is not null || pair.Suppression == Suppression.DuplicateProductPair
                || !(subsumed || IsInside(state, pair, load)))
            {
                continue;
            }

            text.AppendLiteral(written++ > 0 ? ", " : ". Pairwise: ");
            text.AppendLiteral(pair.Rule.Id);
            text.AppendLiteral(" ");
            text.AppendLiteral(source.Name(pair, 0));
            text.AppendLiteral(" + ");
            text.AppendLiteral(source.Name(pair, 1));
            text.AppendLiteral(subsumed ? string.Empty : " (reported separately)");
        }
    }

    /// <summary>
    /// Adds the <c>loadAdvice</c> of the pairs folded into the load finding: once per ingredient it is about, from the
    /// most severe such pair (the first in rule order among equals), so that "advise stopping St John's wort" is not lost
    /// when a third serotonergic agent joins an SSRI and St John's wort.
    /// </summary>
    public static string WithFoldedAdvice(string recommendation, EvaluationState state, in Hit load)
    {
        for (var h = 0; h < state.HitCount; h++)
        {
            ref var pair = ref state.Hits[h];
            if (pair.Rule is not Model.PairRule { LoadAdvice: { } advice } || !IsFolded(state, pair, load) || !MostSevereFor(state, load, h, advice.About))
            {
                continue;
            }

            recommendation = string.Concat(recommendation, " ", advice.Text);
        }

        return recommendation;
    }

    private static bool IsFolded(EvaluationState state, in Hit pair, in Hit load) =>
        pair.Suppression == Suppression.SubsumedByLoad && IsInside(state, pair, load);

    /// <summary>Whether folded pair <paramref name="h"/> gives the advice about <paramref name="about"/>: no other folded pair with advice about it is more severe, or as severe and earlier.</summary>
    private static bool MostSevereFor(EvaluationState state, in Hit load, int h, int about)
    {
        ref var candidate = ref state.Hits[h];
        for (var other = 0; other < state.HitCount; other++)
        {
            ref var rival = ref state.Hits[other];
            if (other == h || rival.Rule is not Model.PairRule { LoadAdvice: { } advice } || advice.About != about || !IsFolded(state, rival, load))
            {
                continue;
            }

            if (rival.Severity > candidate.Severity || (rival.Severity == candidate.Severity && other < h))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsInside(EvaluationState state, in Hit pair, in Hit load)
    {
        var found = 0;
        for (var m = 0; m < load.MemberCount; m++)
        {
            var member = state.Members[load.MemberStart + m];
            if (member == state.Members[pair.MemberStart] || member == state.Members[pair.MemberStart + 1])
            {
                found++;
            }
        }

        return found == 2;
    }
}
