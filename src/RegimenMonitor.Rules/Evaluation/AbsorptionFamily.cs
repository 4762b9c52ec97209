namespace RegimenMonitor.Rules.Evaluation;

/// <summary>Absorption rules (ABS-…): an object drug and a precipitant both active; the object drug is listed first.</summary>
internal sealed class AbsorptionFamily(KnowledgeBase kb)
{
    public void Match(EvaluationState state, int i, int j)
    {
        ref var a = ref state.Present[i];
        ref var b = ref state.Present[j];
        if (!a.Active || !b.Active)
        {
            return;
        }

        int value = kb.AbsorptionPairs[(a.Ing * kb.IngredientCount) + b.Ing];
        if (value != 0)
        {
            var rule = kb.AbsorptionRules[Math.Abs(value) - 1];
            state.AddPair(rule, rule.Severity, value > 0 ? i : j, value > 0 ? j : i, Math.Max(a.RunStart, b.RunStart));
        }
    }
}
