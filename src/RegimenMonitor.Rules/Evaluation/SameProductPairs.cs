namespace RegimenMonitor.Rules.Evaluation;

/// <summary>
/// A combination product (Adderall, Maalox) can match one rule through two of its ingredients against the same
/// other product: the care team sees one finding per rule and pair of products, not one per ingredient.
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
                    hit.Suppression = Suppression.DuplicateProductPair;
                    break;
                }
            }
        }
    }
}
