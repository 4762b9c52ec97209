namespace RegimenMonitor.Rules.Model;

/// <summary>
/// What every compiled rule has: the reviewed texts, its concern and severity, and its evidence. Each rule kind
/// adds its own typed members in a subclass (<see cref="PairRule"/>, <see cref="LoadRule"/>, …).
/// </summary>
internal abstract class Rule
{
    public required string Id { get; init; }

    public required Concern Concern { get; init; }

    public required Severity Severity { get; init; }

    public required string Title { get; init; }

    public required string Mechanism { get; init; }

    public required string Management { get; init; }

    public required IReadOnlyList<EvidenceReference> Evidence { get; init; }

    /// <summary>Per <see cref="Evidence"/> entry: the ingredients it is specific to (null: the whole rule).</summary>
    public bool[]?[] EvidenceFor { get; init; } = [];

    /// <summary>How the engine evaluates the rule.</summary>
    public abstract RuleKind Kind { get; }

    /// <summary>The depletion nutrient, part of the fingerprint (null for every other kind).</summary>
    public virtual string? Nutrient => null;
}
