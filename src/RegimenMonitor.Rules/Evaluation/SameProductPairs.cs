namespace RegimenMonitor.Rules.Evaluation;

/// <summary>
/// A combination product (Adderall, Maalox) can match one rule through two of its ingredients against the same
/// other product: the care team sees one finding per rule and pair of products, not one per ingredient. The first
/// hit in scan order is kept, except that a hit through a named ingredient is kept over one through an ingredient
/// standing for unnamed minerals (Centrum Silver's calcium over its multivitamin), so the finding names what the
/// product contains and keeps the identity it had before the multivitamin became a precipitant of the same rule.
/// When an ingredient is carried by more than one product (<see cref="PresentIngredient.AlsoCount"/>), hits compare the
/// products they name: one naming a subset of another's is suppressed.
/// </summary>
internal static class SameProductPairs
{
    public static void Suppress(EvaluationState state)
    {
        for (var h = 1; h < state.HitCount; h++)
        {
            ref var hit = ref state.Hits[h];
            var a = state.Member(hit, 0).Item;
            var b = state.Member(hit, 1).Item;
            for (var g = 0; g < h; g++)
            {
                ref var other = ref state.Hits[g];
                if (other.Rule != hit.Rule || other.Suppression == Suppression.DuplicateProductPair)
                {
                    continue;
                }

                var c = state.Member(other, 0).Item;
                var d = state.Member(other, 1).Item;
                bool same;
                if (HasOtherProducts(state, hit) || HasOtherProducts(state, other))
                {
                    // an ingredient carried by more products than the one shown: the hit naming every product of the
                    // other is kept (calcium from Caltrate and Centrum over Centrum's magnesium alone); two hits that
                    // each name a product the other does not are both kept
                    var covers = Covers(state, hit, other);
                    var covered = Covers(state, other, hit);
                    if (covers != covered)
                    {
                        if (covered)
                        {
                            hit.Suppression = Suppression.DuplicateProductPair;
                            break;
                        }

                        other.Suppression = Suppression.DuplicateProductPair;
                        continue; // an earlier hit may cover fewer products still
                    }

                    same = covers;
                }
                else
                {
                    same = (a == c && b == d) || (a == d && b == c);
                }

                if (same)
                {
                    // At most one hit per rule and pair of products is unsuppressed at any point of the scan, so
                    // suppressing the earlier one leaves this one as the pair's finding.
                    if (ThroughUnnamedMinerals(state, other) && !ThroughUnnamedMinerals(state, hit))
                    {
                        other.Suppression = Suppression.DuplicateProductPair;
                    }
                    else
                    {
                        hit.Suppression = Suppression.DuplicateProductPair;
                    }

                    break;
                }
            }
        }
    }

    private static bool HasOtherProducts(EvaluationState state, in Hit hit) =>
        state.Member(hit, 0).AlsoCount > 0 || state.Member(hit, 1).AlsoCount > 0;

    /// <summary>Whether every product <paramref name="other"/> names is one <paramref name="hit"/> names.</summary>
    private static bool Covers(EvaluationState state, in Hit hit, in Hit other)
    {
        for (var m = 0; m < 2; m++)
        {
            ref var p = ref state.Member(other, m);
            if (!Names(state, hit, p.Item))
            {
                return false;
            }

            for (var a = 0; a < p.AlsoCount; a++)
            {
                if (!Names(state, hit, state.Also[p.AlsoStart + a]))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool Names(EvaluationState state, in Hit hit, int item)
    {
        for (var m = 0; m < 2; m++)
        {
            ref var p = ref state.Member(hit, m);
            if (p.Item == item)
            {
                return true;
            }

            for (var a = 0; a < p.AlsoCount; a++)
            {
                if (state.Also[p.AlsoStart + a] == item)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool ThroughUnnamedMinerals(EvaluationState state, in Hit hit) =>
        ((state.Member(hit, 0).Tags | state.Member(hit, 1).Tags) & KnownTags.UnnamedMinerals) != 0;
}
