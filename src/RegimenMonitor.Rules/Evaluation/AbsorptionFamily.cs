using System.Runtime.CompilerServices;

namespace RegimenMonitor.Rules.Evaluation;

/// <summary>Absorption rules (ABS-…): an object drug and a precipitant both active; the object drug is listed first.</summary>
internal sealed class AbsorptionFamily(KnowledgeBase kb)
{
    /// <summary>One table lookup per pair of active ingredients (inlined into the pair scan).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Match(EvaluationState state, int i, int j)
    {
        ref var a = ref state.Present[i];
        ref var b = ref state.Present[j];
        if (a.Active && b.Active && kb.AbsorptionPairs[(a.Ing * kb.IngredientCount) + b.Ing] is var value and not 0)
        {
            Fire(state, i, j, value);
        }
    }

    private void Fire(EvaluationState state, int i, int j, int value)
    {
        var rule = kb.AbsorptionRules[Math.Abs(value) - 1];
        state.AddPair(rule, rule.Severity, value > 0 ? i : j, value > 0 ? j : i, Math.Max(state.Present[i].RunStart, state.Present[j].RunStart));
    }
}
