using System.Globalization;
using System.Runtime.CompilerServices;

namespace RegimenMonitor.Rules.Evaluation;

/// <summary>
/// The identity of a finding across evaluations: <c>ruleId|ingredient,ingredient…|nutrient</c>, the distinct member
/// ingredients in ordinal order. Persisted by the Worker: changing the format would resolve and reopen every open
/// finding, so it must stay byte-identical.
/// </summary>
internal static class FindingFingerprint
{
    public static string Of(KnowledgeBase kb, EvaluationState state, in Hit hit)
    {
        Span<int> ids = stackalloc int[hit.MemberCount];
        for (var m = 0; m < hit.MemberCount; m++)
        {
            ids[m] = state.Member(hit, m).Ing;
        }

        for (var x = 1; x < ids.Length; x++)
        {
            var value = ids[x];
            var y = x - 1;
            while (y >= 0 && string.CompareOrdinal(kb.IngredientNames[ids[y]], kb.IngredientNames[value]) > 0)
            {
                ids[y + 1] = ids[y];
                y--;
            }

            ids[y + 1] = value;
        }

        var text = new DefaultInterpolatedStringHandler(0, 0, CultureInfo.InvariantCulture, stackalloc char[256]);
        text.AppendLiteral(hit.Rule.Id);
        text.AppendLiteral("|");
        for (var m = 0; m < ids.Length; m++)
        {
            if (m > 0 && ids[m] == ids[m - 1])
            {
                continue;
            }

            if (m > 0)
            {
                text.AppendLiteral(",");
            }

            text.AppendLiteral(kb.IngredientNames[ids[m]]);
        }

        text.AppendLiteral("|");
        if (hit.Rule.Nutrient is { } nutrient)
        {
            text.AppendLiteral(nutrient);
        }

        return text.ToStringAndClear();
    }
}
