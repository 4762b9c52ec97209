using System.Runtime.CompilerServices;
using RegimenMonitor.Rules.Model;

namespace RegimenMonitor.Rules.Evaluation;

/// <summary>
/// The English of a finding: the detail (what is taken since when, then the rule's mechanism, the recent start and
/// assumed days supplies) and the recommendation. Shown to care teams and persisted: keep it byte-identical.
/// </summary>
internal static class FindingText
{
    public static string Detail(in FindingSource source, in Hit hit, int index)
    {
        var text = FindingSource.Writer(stackalloc char[1024]);
        switch (hit.Rule.Kind)
        {
            case RuleKind.Pair when hit.Washout is { } washout:
                Washout(ref text, source, hit, washout);
                break;
            case RuleKind.Pair:
            case RuleKind.Absorption:
                source.Product(ref text, hit, 0);
                text.AppendLiteral(" and ");
                source.Product(ref text, hit, 1);
                // three products or more when a side is carried by several (found by an independent clinical probe:
                // "Tums and Centrum Silver (calcium) are both active")
                text.AppendLiteral(source.State.Member(hit, 0).AlsoCount + source.State.Member(hit, 1).AlsoCount > 0 ? " are all active since " : " are both active since ");
                FindingSource.Date(ref text, hit.Since);
                text.AppendLiteral(". ");
                break;
            case RuleKind.Load:
                LoadFindingText.Summary(ref text, source, hit);
                break;
            case RuleKind.Depletion:
                Depletion(ref text, source, hit);
                SameNutrient(ref text, source, hit, index);
                break;
            default:
                Set(ref text, source, hit);
                break;
        }

        text.AppendLiteral(hit.Rule.Mechanism);
        var state = source.State;
        if (hit.RecentMember >= 0)
        {
            var recent = state.Present[hit.RecentMember];
            text.AppendLiteral(" Recent start: ");
            text.AppendLiteral(source.Kb.IngredientNames[recent.Ing]);
            text.AppendLiteral(" started on ");
            FindingSource.Date(ref text, recent.RunStart);
            text.AppendLiteral("; ");
            text.AppendLiteral(source.Kb.RecentStart!.Mechanism);
        }

        for (var m = 0; m < hit.MemberCount; m++)
        {
            var item = source.Items[state.Member(hit, m).Item];
            if (item.DaysSupplyAssumed)
            {
                text.AppendLiteral(" Days supply of ");
                text.AppendLiteral(item.ProductText);
                text.AppendLiteral(" was not sent; a default was assumed.");
            }
        }

        return text.ToStringAndClear();
    }

    /// <summary>The rule's management text, naming the object drug and the precipitant and adding the recent-start advice.</summary>
    public static string Recommendation(in FindingSource source, in Hit hit)
    {
        var recommendation = hit.Rule.Management;
        if (hit.Rule is AbsorptionRule { ManagementHasPlaceholder: true })
        {
            recommendation = recommendation
                .Replace(AbsorptionRule.PrecipitantPlaceholder, source.Name(hit, 1), StringComparison.Ordinal)
                .Replace(AbsorptionRule.ObjectPlaceholder, source.Name(hit, 0), StringComparison.Ordinal);
        }

        if (hit.Rule is PairRule { WashoutAdvice.Length: > 0 } pair)
        {
            recommendation = WithWashoutAdvice(recommendation, source, hit, pair);
        }

        if (hit.Rule.Kind == RuleKind.Load)
        {
            recommendation = LoadFindingText.WithFoldedAdvice(recommendation, source.State, hit);
        }

        if (hit.RecentMember >= 0)
        {
            recommendation = string.Concat(recommendation, " ", source.Kb.RecentStart!.Management);
        }

        return recommendation;
    }

    /// <summary>
    /// Adds the rule's advice about the interval after stopping a member, in its direction only: when the finding
    /// involves that member and, for a washout finding, when it is the member that ended. "Allow 5 weeks after
    /// fluoxetine before starting the MAO-B inhibitor" is no advice for sertraline started after selegiline stopped, nor
    /// for fluoxetine started after it. An advice that replaces the management is the whole recommendation of a washout
    /// finding whose ended member it is about (the first such advice), with its placeholders filled in, and is not
    /// added to any other finding: "Do not combine. Stop one agent" was SER-01's advice after fluoxetine had stopped
    /// (found by a newcomer probe).
    /// </summary>
    private static string WithWashoutAdvice(string recommendation, in FindingSource source, in Hit hit, PairRule pair)
    {
        var state = source.State;
        if (hit.Washout is { } window)
        {
            foreach (var advice in pair.WashoutAdvice)
            {
                if (advice.ReplacesManagement && advice.Ended[state.Present[window.EndedMember].Ing])
                {
                    recommendation = Filled(advice.Text, source, hit, window);
                    break;
                }
            }
        }

        foreach (var advice in pair.WashoutAdvice)
        {
            if (advice.ReplacesManagement)
            {
                continue;
            }

            var applies = hit.Washout is { } washout
                ? advice.Ended[state.Present[washout.EndedMember].Ing]
                : advice.Ended[state.Member(hit, 0).Ing] || advice.Ended[state.Member(hit, 1).Ing];
            if (applies)
            {
                recommendation = string.Concat(recommendation, " ", advice.Text);
            }
        }

        return recommendation;
    }

    /// <summary>A replacing washout advice with the ended ingredient, the one still taken and the washout's last day.</summary>
    private static string Filled(string text, in FindingSource source, in Hit hit, WashoutWindow washout)
    {
        var state = source.State;
        var activeIndex = state.Members[hit.MemberStart] == washout.EndedMember ? 1 : 0;
        var until = FindingSource.Writer(stackalloc char[16]); // the date as the detail's "runs until" writes it
        FindingSource.Date(ref until, washout.Until);
        return text
            .Replace(WashoutAdvice.EndedPlaceholder, source.Kb.IngredientNames[state.Present[washout.EndedMember].Ing], StringComparison.Ordinal)
            .Replace(WashoutAdvice.ActivePlaceholder, source.Name(hit, activeIndex), StringComparison.Ordinal)
            .Replace(WashoutAdvice.UntilPlaceholder, until.ToStringAndClear(), StringComparison.Ordinal);
    }

    private static void Washout(ref DefaultInterpolatedStringHandler text, in FindingSource source, in Hit hit, WashoutWindow washout)
    {
        var state = source.State;
        var activeIndex = state.Members[hit.MemberStart] == washout.EndedMember ? 1 : 0;
        var ended = state.Present[washout.EndedMember];
        var activeStart = state.Member(hit, activeIndex).RunStart;
        source.Product(ref text, hit, activeIndex);
        text.AppendLiteral(" is active since ");
        FindingSource.Date(ref text, activeStart);
        if (activeStart < ended.RunEnd)
        {
            // the two were taken together before the one ended (an antidepressant through a methylene blue dose): say
            // so, from when, rather than "although", which reads as a start after the other ended
            text.AppendLiteral(" and was taken together with ");
            source.Product(ref text, hit, 1 - activeIndex);
            text.AppendLiteral(" from ");
            FindingSource.Date(ref text, Math.Max(activeStart, ended.RunStart));
            text.AppendLiteral(" until ");
            text.AppendLiteral(source.Kb.IngredientNames[ended.Ing]);
        }
        else
        {
            text.AppendLiteral(" although ");
            source.Product(ref text, hit, 1 - activeIndex);
        }

        text.AppendLiteral(" ended on ");
        FindingSource.Date(ref text, ended.RunEnd);
        text.AppendLiteral(": the ");
        text.AppendFormatted(washout.Days);
        text.AppendLiteral("-day washout after ");
        text.AppendLiteral(source.Kb.IngredientNames[ended.Ing]);
        text.AppendLiteral(" runs until ");
        FindingSource.Date(ref text, washout.Until);
        text.AppendLiteral(". ");
    }

    private static void Depletion(ref DefaultInterpolatedStringHandler text, in FindingSource source, in Hit hit)
    {
        var therapy = hit.Therapy;
        source.Product(ref text, hit, 0);
        if (therapy.Others > 0)
        {
            // a switch within the rule's drugs continues the therapy: name what it continued, from whose start it counts
            text.AppendLiteral(", which continued ");
            text.AppendLiteral(source.Kb.IngredientNames[therapy.FirstOther]);
            if (therapy.Others > 1)
            {
                text.AppendLiteral(" and ");
                text.AppendFormatted(therapy.Others - 1);
                text.AppendLiteral(therapy.Others == 2 ? " other drug of this rule," : " other drugs of this rule,");
            }
            else
            {
                text.AppendLiteral(",");
            }
        }

        if (therapy.LongestBreak > 0)
        {
            // a late refill continues the therapy: say so, with the longest break, so the count can be checked
            var breakDays = (therapy.LongestBreak + Coverage.TicksPerDay - 1) / Coverage.TicksPerDay;
            text.AppendLiteral(" taken since ");
            FindingSource.Date(ref text, therapy.EpisodeStart);
            text.AppendLiteral(" with breaks of at most ");
            text.AppendFormatted(breakDays);
            text.AppendLiteral(breakDays == 1 ? " day" : " days");
        }
        else
        {
            text.AppendLiteral(" taken continuously since ");
            FindingSource.Date(ref text, therapy.EpisodeStart);
        }

        text.AppendLiteral(" (");
        text.AppendFormatted((source.Now - therapy.EpisodeStart) / Coverage.TicksPerDay);
        text.AppendLiteral(" days");
        if (hit.Step.MinDays > 0)
        {
            text.AppendLiteral("; threshold ");
            text.AppendFormatted(hit.Step.MinDays);
            text.AppendLiteral(" days");
        }

        text.AppendLiteral(")");
        for (var m = 1; m < hit.MemberCount; m++)
        {
            text.AppendLiteral(m == 1 ? ", together with " : " and ");
            source.Product(ref text, hit, m);
        }

        text.AppendLiteral(". ");
        if (hit.EndedUnless >= 0)
        {
            var ended = source.State.Present[hit.EndedUnless];
            source.Product(ref text, ended);
            text.AppendLiteral(", which counteracts this, is no longer taken since ");
            FindingSource.Date(ref text, ended.RunEnd);
            text.AppendLiteral(". ");
        }

        if (hit.Rule is DepletionRule { HasSupplementedBy: true } rule)
        {
            Supplemented(ref text, source, hit, rule);
        }
    }

    /// <summary>
    /// The active products that supply the nutrient (the rule's <c>supplementedBy</c>): the care team sees they were
    /// taken into account, and that the check still applies with them.
    /// </summary>
    private static void Supplemented(ref DefaultInterpolatedStringHandler text, in FindingSource source, in Hit hit, DepletionRule rule)
    {
        var state = source.State;
        var written = 0;
        for (var j = 0; j < state.PresentCount; j++)
        {
            ref var p = ref state.Present[j];
            if (!p.Active || !rule.SupplementedBy[p.Ing] || IsMember(state, hit, p.Ing))
            {
                continue;
            }

            text.AppendLiteral(written++ == 0 ? "Also taken, a source of " : " and ");
            if (written == 1)
            {
                text.AppendLiteral(rule.DepletedNutrient);
                text.AppendLiteral(": ");
            }

            source.Product(ref text, p);
        }

        if (written > 0)
        {
            text.AppendLiteral(written == 1 ? "; it does not replace the check. " : "; they do not replace the check. ");
        }

        static bool IsMember(EvaluationState state, in Hit hit, int ing)
        {
            for (var m = 0; m < hit.MemberCount; m++)
            {
                if (state.Member(hit, m).Ing == ing)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>
    /// The depletion hits folded into this one because they name the same nutrient: rule, trigger (with its co-risks)
    /// and since when, so the care team sees every reason behind the one finding.
    /// </summary>
    private static void SameNutrient(ref DefaultInterpolatedStringHandler text, in FindingSource source, in Hit hit, int index)
    {
        var state = source.State;
        var written = 0;
        for (var g = 0; g < state.HitCount; g++)
        {
            ref var other = ref state.Hits[g];
            if (other.Suppression != Suppression.SameNutrient || other.SupersededBy != index)
            {
                continue;
            }

            if (written++ == 0)
            {
                text.AppendLiteral("Also for ");
                text.AppendLiteral(hit.Rule.Nutrient ?? string.Empty);
                text.AppendLiteral(": ");
            }
            else
            {
                text.AppendLiteral("; ");
            }

            text.AppendLiteral(other.Rule.Id);
            text.AppendLiteral(" ");
            text.AppendLiteral(source.Name(other, 0));
            for (var m = 1; m < other.MemberCount; m++)
            {
                text.AppendLiteral(m == 1 ? " together with " : " and ");
                text.AppendLiteral(source.Name(other, m));
            }

            text.AppendLiteral(" (");
            text.AppendLiteral(WireNames.Of(other.Severity));
            text.AppendLiteral(", since ");
            FindingSource.Date(ref text, other.Since);
            text.AppendLiteral(")");
        }

        if (written > 0)
        {
            text.AppendLiteral(". ");
        }
    }

    private static void Set(ref DefaultInterpolatedStringHandler text, in FindingSource source, in Hit hit)
    {
        source.Product(ref text, hit, 0);
        text.AppendLiteral(" is taken together with ");
        for (var m = 1; m < hit.MemberCount; m++)
        {
            if (m > 1)
            {
                text.AppendLiteral(m == hit.MemberCount - 1 ? " and " : ", ");
            }

            source.Product(ref text, hit, m);
        }

        text.AppendLiteral(" since ");
        FindingSource.Date(ref text, hit.Since);
        text.AppendLiteral(". ");
    }
}
