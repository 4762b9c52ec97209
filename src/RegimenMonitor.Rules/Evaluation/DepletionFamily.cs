using RegimenMonitor.Rules.Model;

namespace RegimenMonitor.Rules.Evaluation;

/// <summary>
/// Depletion rules (DEP-…): a trigger ingredient taken for at least the first step's days, counted from the start of
/// the therapy episode of the rule's trigger ingredients together (runs joined by short breaks, see
/// <see cref="Timeline"/>; a switch within the class, omeprazole to pantoprazole, continues it: <see cref="ClassTherapy"/>), with an
/// active co-risk when the rule requires one, and no active ingredient of the rule's <c>unless</c> set); the severity
/// is that of the highest step reached, and the next step's crossing is a change in time. One nutrient gives one finding:
/// when several depletion hits name the same nutrient, the strongest (then the earliest) covers the others, which it
/// folds in (<see cref="Suppression.SameNutrient"/>).
/// </summary>
internal sealed class DepletionFamily(KnowledgeBase kb)
{
    public void Evaluate(EvaluationState state, long now)
    {
        var firstHit = state.HitCount;
        for (var i = 0; i < state.PresentCount; i++)
        {
            if (!state.Present[i].Active)
            {
                continue;
            }

            foreach (var rule in kb.DepletionRules[state.Present[i].Ing])
            {
                Evaluate(state, rule, i, now);
            }
        }

        FoldByNutrient(kb, state, firstHit);
    }

    /// <summary>
    /// One finding per nutrient: of the hits naming the same nutrient, the one with the highest severity, then the
    /// earliest <c>Since</c>, then the lowest rule id and trigger name covers the others. The choice depends only on
    /// the hits, so it is the same on every evaluation of the same regimen.
    /// </summary>
    private static void FoldByNutrient(KnowledgeBase kb, EvaluationState state, int firstHit)
    {
        for (var h = firstHit; h < state.HitCount; h++)
        {
            ref var hit = ref state.Hits[h];
            if (hit.Suppressed)
            {
                continue;
            }

            var cover = h;
            for (var g = firstHit; g < state.HitCount; g++)
            {
                if (g != cover && !state.Hits[g].Suppressed && SameNutrient(hit, state.Hits[g]) && Covers(kb, state, state.Hits[g], state.Hits[cover]))
                {
                    cover = g;
                }
            }

            for (var g = firstHit; g < state.HitCount; g++)
            {
                if (g != cover && !state.Hits[g].Suppressed && SameNutrient(hit, state.Hits[g]))
                {
                    state.Hits[g].Suppression = Suppression.SameNutrient;
                    state.Hits[g].SupersededBy = cover;
                }
            }
        }
    }

    private static bool SameNutrient(in Hit a, in Hit b) =>
        string.Equals(a.Rule.Nutrient, b.Rule.Nutrient, StringComparison.Ordinal);

    /// <summary>Whether <paramref name="candidate"/> should cover rather than <paramref name="current"/>.</summary>
    private static bool Covers(KnowledgeBase kb, EvaluationState state, in Hit candidate, in Hit current)
    {
        if (candidate.Severity != current.Severity)
        {
            return candidate.Severity > current.Severity;
        }

        if (candidate.Since != current.Since)
        {
            return candidate.Since < current.Since;
        }

        // of two drugs of one therapy, the one taken first (which continued none of the others) speaks for it
        if (candidate.Therapy.Others != current.Therapy.Others)
        {
            return candidate.Therapy.Others < current.Therapy.Others;
        }

        var byRule = string.CompareOrdinal(candidate.Rule.Id, current.Rule.Id);
        return byRule != 0
            ? byRule < 0
            : string.CompareOrdinal(kb.IngredientNames[state.Member(candidate, 0).Ing], kb.IngredientNames[state.Member(current, 0).Ing]) < 0;
    }

    private static void Evaluate(EvaluationState state, DepletionRule rule, int trigger, long now)
    {
        if (rule.HasUnless && Counteracted(state, rule, trigger))
        {
            return;
        }

        var since = 0L;
        if (rule.RequiresCoRisk)
        {
            var any = false;
            for (var j = 0; j < state.PresentCount; j++)
            {
                if (IsCoRisk(state, rule, trigger, j))
                {
                    any = true;
                    since = Math.Max(since, state.Present[j].RunStart);
                }
            }

            if (!any)
            {
                return; // Co-risk required and absent: nothing to say, and time alone cannot change that.
            }
        }

        var therapy = Therapy(state, rule, state.Present[trigger]);
        var step = StepReached(state, rule, therapy, now);
        if (step < 0)
        {
            return;
        }

        ref var hit = ref state.AddHit(rule, rule.Steps[step].Severity);
        // The finding holds from the threshold's crossing, or from the end of the last break when it was crossed before.
        hit.Since = Math.Max(since, Math.Max(therapy.RunStart, therapy.EpisodeStart + (rule.Steps[0].MinDays * Coverage.TicksPerDay)));
        hit.Step = rule.Steps[step];
        hit.Therapy = therapy;
        if (rule.HasUnless && LastEndedUnless(state, rule, trigger, therapy.EpisodeStart) is var ended and >= 0 && state.Present[ended].RunEnd > hit.Since)
        {
            // silent while the counteracting product was taken: the finding holds from its end on
            hit.Since = state.Present[ended].RunEnd;
            hit.EndedUnless = ended;
        }
        state.AddMember(ref hit, trigger);
        if (rule.RequiresCoRisk)
        {
            for (var j = 0; j < state.PresentCount; j++)
            {
                if (IsCoRisk(state, rule, trigger, j))
                {
                    state.AddMember(ref hit, j);
                }
            }
        }
    }

    /// <summary>
    /// The therapy of the rule's trigger ingredients together that the active trigger <paramref name="p"/> is part of:
    /// the trigger's own episode unless another trigger ingredient has coverage before its run ends; else every trigger
    /// ingredient's periods merged into runs and episodes (<see cref="EpisodeBuilder"/>, as for one ingredient). The last
    /// run holds as-of, as the trigger's does (every period starts by as-of), so it is the one the trigger is in.
    /// </summary>
    private static ClassTherapy Therapy(EvaluationState state, DepletionRule rule, in PresentIngredient p)
    {
        var count = 0;
        var others = false;
        for (var k = 0; k < state.PeriodCount; k++)
        {
            ref var period = ref state.Periods[k];
            if (rule.Triggers[period.Ing])
            {
                others |= period.Ing != p.Ing;
                GrowArray.Append(ref state.ClassPeriods, ref count, period);
            }
        }

        if (!others)
        {
            return ClassTherapy.Of(p);
        }

        var periods = state.ClassPeriods;
        periods.AsSpan(0, count).Sort(static (x, y) => x.Start != y.Start ? x.Start.CompareTo(y.Start) : x.Ing != y.Ing ? x.Ing.CompareTo(y.Ing) : x.Item.CompareTo(y.Item));
        var episode = new EpisodeBuilder(periods[0]);
        var episodeFrom = 0;
        for (var k = 1; k < count; k++)
        {
            if (episode.Add(periods[k]))
            {
                episodeFrom = k;
            }
        }

        // the other trigger ingredients the trigger continued: taken in the episode before its current run began (one
        // started alongside it later does not make it a continuation), in order of their first period
        var firstOther = -1;
        var otherCount = 0;
        for (var k = episodeFrom; k < count && periods[k].Start < p.RunStart; k++)
        {
            var ing = periods[k].Ing;
            if (ing == p.Ing || Seen(periods, episodeFrom, k, ing))
            {
                continue;
            }

            firstOther = firstOther < 0 ? ing : firstOther;
            otherCount++;
        }

        return new ClassTherapy(episode.EpisodeStart, episode.RunStart, episode.RunEnd, episode.LongestBreak, firstOther, otherCount);

        static bool Seen(CoveragePeriod[] periods, int from, int before, int ing)
        {
            for (var k = from; k < before; k++)
            {
                if (periods[k].Ing == ing)
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The index of the highest step the episode has reached (-1: none); the next crossing is a change in time.</summary>
    private static int StepReached(EvaluationState state, DepletionRule rule, in ClassTherapy therapy, long now)
    {
        var duration = now - therapy.EpisodeStart;
        var step = -1;
        for (var k = 0; k < rule.Steps.Length; k++)
        {
            var threshold = rule.Steps[k].MinDays * Coverage.TicksPerDay;
            if (duration >= threshold)
            {
                step = k;
                continue;
            }

            var crossing = therapy.EpisodeStart + threshold;
            if (crossing < therapy.RunEnd)
            {
                state.Next.Consider(crossing);
            }

            break;
        }

        return step;
    }

    /// <summary>
    /// Whether an ingredient of the rule's <c>unless</c> set is active. The rule may speak once the last of them ends
    /// before the trigger does: that instant is a change in time.
    /// </summary>
    private static bool Counteracted(EvaluationState state, DepletionRule rule, int trigger)
    {
        var lastEnd = long.MinValue;
        for (var j = 0; j < state.PresentCount; j++)
        {
            if (j != trigger && state.Present[j].Active && rule.Unless[state.Present[j].Ing])
            {
                lastEnd = Math.Max(lastEnd, state.Present[j].RunEnd);
            }
        }

        if (lastEnd == long.MinValue)
        {
            return false;
        }

        if (lastEnd < state.Present[trigger].RunEnd)
        {
            state.Next.Consider(lastEnd);
        }

        return true;
    }

    /// <summary>The counteracting ingredient whose run ended last within the trigger's episode (-1: none).</summary>
    private static int LastEndedUnless(EvaluationState state, DepletionRule rule, int trigger, long episodeStart)
    {
        var found = -1;
        for (var j = 0; j < state.PresentCount; j++)
        {
            ref var u = ref state.Present[j];
            if (j != trigger && !u.Active && rule.Unless[u.Ing] && u.RunEnd > episodeStart
                && (found < 0 || u.RunEnd > state.Present[found].RunEnd))
            {
                found = j;
            }
        }

        return found;
    }

    private static bool IsCoRisk(EvaluationState state, DepletionRule rule, int trigger, int j) =>
        j != trigger && state.Present[j].Active && rule.CoRisks[state.Present[j].Ing];
}
