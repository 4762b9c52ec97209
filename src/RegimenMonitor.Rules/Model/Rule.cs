namespace RegimenMonitor.Rules.Model;

/// <summary>
/// A compiled rule: the <see cref="RuleText"/> every kind has; each rule kind adds its own typed members in a
/// subclass (<see cref="PairRule"/>, <see cref="LoadRule"/>, <see cref="ModifierRule"/>, <see cref="DepletionRule"/>,
/// <see cref="AbsorptionRule"/>, <see cref="SetRule"/>).
/// </summary>
internal abstract class Rule(RuleText text)
{
    public string Id { get; } = text.Id;

    public Concern Concern { get; } = text.Concern;

    public Severity Severity { get; } = text.Severity;

    public string Title { get; } = text.Title;

    public string Mechanism { get; } = text.Mechanism;

    public string Management { get; } = text.Management;

    public IReadOnlyList<EvidenceReference> Evidence { get; } = text.Evidence;

    /// <summary>Per <see cref="Evidence"/> entry: the ingredients it is specific to (null: the whole rule).</summary>
    public bool[]?[] EvidenceFor { get; } = text.EvidenceFor;

    /// <summary>How the engine evaluates the rule.</summary>
    public abstract RuleKind Kind { get; }

    /// <summary>The depletion nutrient, part of the fingerprint (null for every other kind).</summary>
    public virtual string? Nutrient => null;
}
