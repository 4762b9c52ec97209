namespace RegimenMonitor.Rules.Tests;

/// <summary>Shared knowledge base and helpers to write literal regimens: "sertraline 30d ago, 30 days supply".</summary>
internal static class Regimen
{
    public static readonly DateTimeOffset AsOf = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    public static readonly KnowledgeBase Kb = KnowledgeBase.LoadEmbedded();

    public static readonly RuleEngine Engine = new(Kb);

    public static readonly ProductNormaliser Normaliser = new(Kb);

    private static int _sequence;

    /// <summary>A dispense normalised from its product text, started <paramref name="daysAgo"/> days before <see cref="AsOf"/>.</summary>
    public static RegimenItem Med(string product, double daysAgo, int? daysSupply = 30, string? id = null, bool assumed = false)
    {
        var normalised = Normaliser.Normalise(product);
        if (!normalised.IsRecognised)
        {
            throw new InvalidOperationException($"test product '{product}' is not recognised");
        }

        return new RegimenItem
        {
            ItemId = id ?? $"rx-{Interlocked.Increment(ref _sequence)}",
            Kind = RegimenItemKind.Medication,
            ProductText = product,
            Ingredients = normalised.Ingredients,
            StartedAt = AsOf.AddDays(-daysAgo),
            DaysSupply = daysSupply,
            DaysSupplyAssumed = assumed,
            SourceEventId = $"evt-{product}",
        };
    }

    /// <summary>A reported supplement started <paramref name="daysAgo"/> days ago, optionally stopped <paramref name="stoppedDaysAgo"/> days ago.</summary>
    public static RegimenItem Supp(string product, double daysAgo, double? stoppedDaysAgo = null, string? id = null)
    {
        var normalised = Normaliser.Normalise(product);
        if (!normalised.IsRecognised)
        {
            throw new InvalidOperationException($"test product '{product}' is not recognised");
        }

        return new RegimenItem
        {
            ItemId = id ?? $"st-{Interlocked.Increment(ref _sequence)}",
            Kind = RegimenItemKind.Supplement,
            ProductText = product,
            Ingredients = normalised.Ingredients,
            StartedAt = AsOf.AddDays(-daysAgo),
            StoppedAt = stoppedDaysAgo is { } stopped ? AsOf.AddDays(-stopped) : null,
        };
    }

    public static EvaluationResult Evaluate(params RegimenItem[] items) => Engine.Evaluate(items, AsOf);

    public static EvaluationResult EvaluateAt(DateTimeOffset asOf, params RegimenItem[] items) => Engine.Evaluate(items, asOf);

    /// <summary>Rule ids of the findings, in output order.</summary>
    public static string[] Rules(this EvaluationResult result) => [.. result.Findings.Select(f => f.RuleId)];

    public static Finding Single(this EvaluationResult result, string ruleId) => Assert.Single(result.Findings, f => f.RuleId == ruleId);
}
