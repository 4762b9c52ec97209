namespace RegimenMonitor.Rules.Evaluation;

/// <summary>
/// A combination product (Adderall, Maalox) can match one rule through two of its ingredients against the same
/// other product: the care team sees one finding per rule and pair of products, not one per ingredient. The first
/// hit in scan order is kept, except that a hit through a named ingredient is kept over one through an ingredient
/// standing for unnamed minerals (Centrum Silver's calcium over its multivitamin), so the finding names what the
/// product contains and keeps the identity it had before the multivitamin became a precipitant of the same rule.
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
                if ((a == c && b == d) || (a == d && b == c))
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

    private static bool ThroughUnnamedMinerals(EvaluationState state, in Hit hit) =>
        ((state.Member(hit, 0).Tags | state.Member(hit, 1).Tags) & KnownTags.UnnamedMinerals) != 0;
}
