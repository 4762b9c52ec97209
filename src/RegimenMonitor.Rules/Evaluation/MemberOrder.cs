namespace RegimenMonitor.Rules.Evaluation;

/// <summary>Orders a run of hit members by ingredient name (ordinal), so findings list them stably.</summary>
internal static class MemberOrder
{
    public static void SortByName(KnowledgeBase kb, EvaluationState state, int start, int count)
    {
        var members = state.Members;
        for (var x = start + 1; x < start + count; x++)
        {
            var value = members[x];
            var y = x - 1;
            while (y >= start && string.CompareOrdinal(kb.IngredientNames[state.Present[members[y]].Ing], kb.IngredientNames[state.Present[value].Ing]) > 0)
            {
                members[y + 1] = members[y];
                y--;
            }

            members[y + 1] = value;
        }
    }
}
