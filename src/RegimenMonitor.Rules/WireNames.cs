namespace RegimenMonitor.Rules;

/// <summary>The fixed wire spellings of <see cref="Concern"/> and <see cref="Severity"/> (the wire contract, docs/contract.md).</summary>
public static class WireNames
{
    /// <summary>The wire name of a concern, e.g. <c>serotonergic-stacking</c>.</summary>
    public static string Of(Concern concern) => concern switch
    {
        Concern.SerotonergicContraindicated => "serotonergic-contraindicated",
        Concern.SerotonergicStacking => "serotonergic-stacking",
        Concern.NutrientDepletion => "nutrient-depletion",
        Concern.AbsorptionTiming => "absorption-timing",
        Concern.KratomInteraction => "kratom-interaction",
        _ => throw new ArgumentOutOfRangeException(nameof(concern), concern, "unknown concern"),
    };

    /// <summary>The wire name of a severity, e.g. <c>major</c>.</summary>
    public static string Of(Severity severity) => severity switch
    {
        Severity.Info => "info",
        Severity.Moderate => "moderate",
        Severity.Major => "major",
        Severity.Contraindicated => "contraindicated",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "unknown severity"),
    };

    /// <summary>The wire name of a match route, e.g. <c>brand</c>.</summary>
    public static string Of(MatchRoute route) => route switch
    {
        MatchRoute.Code => "code",
        MatchRoute.Name => "name",
        MatchRoute.Brand => "brand",
        MatchRoute.Synonym => "synonym",
        MatchRoute.Combination => "combination",
        MatchRoute.Correction => "correction",
        MatchRoute.Inferred => "inferred",
        _ => throw new ArgumentOutOfRangeException(nameof(route), route, "unknown match route"),
    };
}
