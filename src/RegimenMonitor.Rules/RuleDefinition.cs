namespace RegimenMonitor.Rules;

/// <summary>One compiled rule: the reviewed text plus membership arrays indexed by ingredient id.</summary>
internal sealed class RuleDefinition
{
    public required string Id { get; init; }

    public required RuleKind Kind { get; init; }

    public required Concern Concern { get; init; }

    public required Severity Severity { get; init; }

    public required string Title { get; init; }

    public required string Mechanism { get; init; }

    public required string Management { get; init; }

    public required IReadOnlyList<EvidenceReference> Evidence { get; init; }

    /// <summary>Per <see cref="Evidence"/> entry: the ingredients it is specific to (null: the whole rule).</summary>
    public bool[]?[] EvidenceFor { get; init; } = [];

    /// <summary>Pair: whether washout windows keep an ended member present.</summary>
    public bool Washout { get; init; }

    /// <summary>Pair: side A; Set: anchor; Depletion: trigger; Absorption: object drug.</summary>
    public bool[] A { get; init; } = [];

    /// <summary>Pair: side B; Depletion: co-risk (empty when none required); Absorption: precipitants.</summary>
    public bool[] B { get; init; } = [];

    /// <summary>Load: counted agents mask.</summary>
    public ulong CountMask { get; init; }

    /// <summary>Load: listed (not counted) agents mask.</summary>
    public ulong ListMask { get; init; }

    /// <summary>Load: minimum number of counted agents.</summary>
    public int MinCount { get; init; }

    /// <summary>Modifier: window in days.</summary>
    public int WithinDays { get; init; }

    /// <summary>Depletion: nutrient name.</summary>
    public string? Nutrient { get; init; }

    /// <summary>Depletion: ascending duration steps.</summary>
    public (int MinDays, Severity Severity)[] Steps { get; init; } = [];

    /// <summary>Set: partner groups; the rule fires when any group reaches its minimum.</summary>
    public (bool[] Members, int Min)[] Groups { get; init; } = [];

    /// <summary>Set: maximum number of partners (0 = unlimited).</summary>
    public int MaxPartners { get; init; }

    /// <summary>Set: partner count at which severity escalates (0 = never).</summary>
    public int EscalateAt { get; init; }

    /// <summary>Set: severity after escalation.</summary>
    public Severity EscalatedSeverity { get; init; }

    /// <summary>Set: rule indices that suppress this rule for the same anchor.</summary>
    public int[] SuppressedBy { get; set; } = [];

    /// <summary>Set: rule ids that suppress this rule (resolved to <see cref="SuppressedBy"/> after load).</summary>
    public string[] SuppressedByIds { get; init; } = [];

    /// <summary>Whether the management text contains the {precipitant} placeholder.</summary>
    public bool ManagementHasPlaceholder => Management.Contains("{precipitant}", StringComparison.Ordinal);
}
