using System.Globalization;
using System.Runtime.CompilerServices;

namespace RegimenMonitor.Rules.Evaluation;

/// <summary>What the finding texts are written from: the knowledge base, the regimen items and the evaluation state.</summary>
internal readonly record struct FindingSource(KnowledgeBase Kb, IReadOnlyList<RegimenItem> Items, EvaluationState State, long Now)
{
    /// <summary>Canonical name of member <paramref name="m"/> of a hit.</summary>
    public string Name(in Hit hit, int m) => Kb.IngredientNames[State.Member(hit, m).Ing];

    /// <summary>Appends "product text (ingredient)" of member <paramref name="m"/> of a hit.</summary>
    public void Product(ref DefaultInterpolatedStringHandler text, in Hit hit, int m) => Product(ref text, State.Member(hit, m));

    /// <summary>
    /// Appends a present ingredient's product as "product text (ingredient)", or its products as "text, text and text
    /// (ingredient)" when other products carry it too (<see cref="PresentIngredient.AlsoCount"/>).
    /// </summary>
    public void Product(ref DefaultInterpolatedStringHandler text, in PresentIngredient p)
    {
        text.AppendLiteral(Items[p.Item].ProductText);
        for (var a = 0; a < p.AlsoCount; a++)
        {
            text.AppendLiteral(a == p.AlsoCount - 1 ? " and " : ", ");
            text.AppendLiteral(Items[State.Also[p.AlsoStart + a]].ProductText);
        }

        text.AppendLiteral(" (");
        text.AppendLiteral(Kb.IngredientNames[p.Ing]);
        text.AppendLiteral(")");
    }

    /// <summary>Appends a UTC date as yyyy-MM-dd.</summary>
    public static void Date(ref DefaultInterpolatedStringHandler text, long ticks) =>
        text.AppendFormatted(new DateTime(Math.Min(ticks, DateTime.MaxValue.Ticks), DateTimeKind.Utc), "yyyy-MM-dd");

    /// <summary>A handler over a stack buffer, formatting invariantly.</summary>
    public static DefaultInterpolatedStringHandler Writer(Span<char> buffer) => new(0, 0, CultureInfo.InvariantCulture, buffer);
}
