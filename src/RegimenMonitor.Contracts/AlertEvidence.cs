namespace RegimenMonitor.Contracts;

/// <summary>One piece of evidence behind an alert.</summary>
public sealed record AlertEvidence
{
    /// <summary>E1 label/guideline, E2 controlled study, E3 case reports, E4 mechanistic/expert opinion.</summary>
    public required string Grade { get; init; }

    /// <summary>Citation.</summary>
    public required string Citation { get; init; }
}
