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
    public static RegimenItem Med(string product, double daysAgo, int? daysSupply = 90, string? id = null, bool assumed = false)
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

    /// <summary>
    /// Parses a literal regimen: items separated by ";", each <c>[s:]product@daysAgo[/daysSupply][!stoppedDaysAgo]</c>.
    /// "s:" marks a reported supplement (ongoing unless stopped); a medication without "/daysSupply" has 90 days.
    /// Example: <c>"Zoloft 50 mg@10/30; s:St John's Wort@100!5"</c>.
    /// </summary>
    public static RegimenItem[] Parse(string regimen)
    {
        var items = new List<RegimenItem>();
        foreach (var raw in regimen.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var supplement = raw.StartsWith("s:", StringComparison.Ordinal);
            var text = supplement ? raw[2..] : raw;
            var at = text.LastIndexOf('@');
            var product = text[..at].Trim();
            var timing = text[(at + 1)..];
            double? stopped = null;
            if (timing.Split('!') is [var beforeStop, var stop])
            {
                stopped = double.Parse(stop, System.Globalization.CultureInfo.InvariantCulture);
                timing = beforeStop;
            }

            int? supply = 90;
            if (timing.Split('/') is [var ago, var days])
            {
                supply = days == "-" ? null : int.Parse(days, System.Globalization.CultureInfo.InvariantCulture);
                timing = ago;
            }

            var daysAgo = double.Parse(timing, System.Globalization.CultureInfo.InvariantCulture);
            var item = supplement ? Supp(product, daysAgo, stopped) : Med(product, daysAgo, supply);
            if (!supplement && stopped is { } s)
            {
                item = item with { StoppedAt = AsOf.AddDays(-s) };
            }

            items.Add(item);
        }

        return [.. items];
    }

    public static EvaluationResult Evaluate(string regimen) => Engine.Evaluate(Parse(regimen), AsOf);

    public static EvaluationResult Evaluate(params RegimenItem[] items) => Engine.Evaluate(items, AsOf);

    public static EvaluationResult EvaluateAt(DateTimeOffset asOf, params RegimenItem[] items) => Engine.Evaluate(items, asOf);

    /// <summary>Rule ids of the findings, in output order.</summary>
    public static string[] Rules(this EvaluationResult result) => [.. result.Findings.Select(f => f.RuleId)];

    public static Finding Single(this EvaluationResult result, string ruleId) => Assert.Single(result.Findings, f => f.RuleId == ruleId);
}
