namespace RegimenMonitor.Rules;

/// <summary>
/// One concern found in a regimen at a point in time, with its full explanation. Two evaluations that find
/// the same rule over the same ingredients (and nutrient) produce the same <see cref="Fingerprint"/>, so a
/// refill never looks like a new finding.
/// </summary>
public sealed record Finding
{
    /// <summary>Rule id from the knowledge base, e.g. <c>SER-07</c>.</summary>
    public required string RuleId { get; init; }

    /// <summary>The alert family.</summary>
    public required Concern Concern { get; init; }

    /// <summary>Severity after modifiers (e.g. the SER-17 load escalation).</summary>
    public required Severity Severity { get; init; }

    /// <summary>One-line headline for the care team.</summary>
    public required string Title { get; init; }

    /// <summary>Why: mechanism, which products, since when.</summary>
    public required string Detail { get; init; }

    /// <summary>What to do.</summary>
    public required string Recommendation { get; init; }

    /// <summary>The regimen items that take part, with the ingredient each contributes.</summary>
    public required IReadOnlyList<FindingInvolvement> Involves { get; init; }

    /// <summary>The nutrient concerned, for nutrient-depletion findings.</summary>
    public string? Nutrient { get; init; }

    /// <summary>The evidence behind the rule.</summary>
    public required IReadOnlyList<EvidenceReference> Evidence { get; init; }

    /// <summary>Since when the concern holds (start of the overlap, or the threshold date).</summary>
    public required DateTimeOffset Since { get; init; }

    /// <summary>
    /// For a finding that holds only through a washout (one product ended, the other started within its window): when
    /// the window is over. Null while every product is taken.
    /// </summary>
    public DateTimeOffset? WashoutUntil { get; init; }

    /// <summary>rule id + sorted ingredient set + nutrient; stable across refills.</summary>
    public required string Fingerprint { get; init; }

    /// <summary>
    /// Fingerprints of findings this one folds in and which are therefore not reported on their own while it holds
    /// (the pairs inside a serotonergic load finding, a set rule suppressed by a stronger one for the same anchor).
    /// </summary>
    public IReadOnlyList<string> Supersedes { get; init; } = [];

    /// <summary>
    /// What to do once one of the finding's ingredients is no longer taken (a pair rule's <c>endedAdvice</c>): said in
    /// the resolution that ingredient's end causes, never when another product of the finding ended. St John's wort
    /// stopped beside sertraline: its enzyme induction wears off, and the levels of medicines it lowered may rise.
    /// </summary>
    public IReadOnlyList<FindingEndedAdvice> EndedAdvice { get; init; } = [];
}

/// <summary>One sentence of a finding's advice for when <paramref name="Ingredient"/> is no longer taken.</summary>
/// <param name="Ingredient">Canonical ingredient name, as in <see cref="FindingInvolvement.Ingredient"/>.</param>
/// <param name="Text">What to do once it has ended.</param>
public sealed record FindingEndedAdvice(string Ingredient, string Text);

/// <summary>One regimen item taking part in a finding.</summary>
/// <param name="Ingredient">Canonical ingredient name.</param>
/// <param name="Kind">Medication or supplement.</param>
/// <param name="ProductText">Product text as sent.</param>
/// <param name="ItemId">The regimen item id (dispenseId/statementId).</param>
/// <param name="SourceEventId">The event that last set the item.</param>
public sealed record FindingInvolvement(string Ingredient, RegimenItemKind Kind, string ProductText, string ItemId, string? SourceEventId);

/// <summary>One piece of evidence: grade E1–E4 and a citation from the reference list.</summary>
/// <param name="Grade">E1 label/guideline, E2 controlled study, E3 case reports, E4 mechanistic/expert.</param>
/// <param name="Citation">Human-readable citation.</param>
public sealed record EvidenceReference(string Grade, string Citation);
