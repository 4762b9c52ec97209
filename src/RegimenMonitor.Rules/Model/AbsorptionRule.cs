namespace RegimenMonitor.Rules.Model;

/// <summary>An object drug and a precipitant active together: a spacing instruction.</summary>
internal sealed class AbsorptionRule(RuleText text) : Rule(text)
{
    public const string PrecipitantPlaceholder = "{precipitant}";

    public const string ObjectPlaceholder = "{object}";

    public override RuleKind Kind => RuleKind.Absorption;

    /// <summary>Object drugs, indexed by ingredient id.</summary>
    public required bool[] Objects { get; init; }

    /// <summary>Precipitants, indexed by ingredient id.</summary>
    public required bool[] Precipitants { get; init; }

    /// <summary>
    /// Whether the management text names the precipitant through <see cref="PrecipitantPlaceholder"/> or the object
    /// drug through <see cref="ObjectPlaceholder"/>; found once, when the rule is compiled, not per finding.
    /// </summary>
    public bool ManagementHasPlaceholder { get; } =
        text.Management.Contains(PrecipitantPlaceholder, StringComparison.Ordinal) || text.Management.Contains(ObjectPlaceholder, StringComparison.Ordinal);
}
