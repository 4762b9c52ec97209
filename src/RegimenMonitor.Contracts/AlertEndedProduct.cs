namespace RegimenMonitor.Contracts;

/// <summary>One product whose end (or withdrawal) ended an alert's combination.</summary>
public sealed record AlertEndedProduct
{
    /// <summary>Canonical ingredient name.</summary>
    public required string Ingredient { get; init; }

    /// <summary><c>medication</c> or <c>supplement</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The product text as the feed sent it.</summary>
    public required string ProductText { get; init; }

    /// <summary>
    /// <c>supply-ran-out</c> (the dispense's days supply and grace are over), <c>stopped</c> (a stopped statement),
    /// <c>withdrawn</c> (the dispense or report was withdrawn) or <c>replaced</c> (a correction changed the product).
    /// </summary>
    public required string How { get; init; }

    /// <summary>When it ended (for a withdrawal: the withdrawing event's timestamp).</summary>
    public DateTimeOffset? EndedAt { get; init; }

    /// <summary>For a withdrawal: the status that withdrew it (<c>entered-in-error</c>, <c>cancelled</c>, <c>declined</c>).</summary>
    public string? Status { get; init; }

    /// <summary>The dispenseId or statementId.</summary>
    public string? ItemId { get; init; }

    /// <summary>
    /// For a dispense ended by a stop a care team or pharmacist reported (<c>how</c> = <c>stopped</c>): the statementId of
    /// that report. A later withdrawal or correction of the statement gives the dispense its supply back.
    /// </summary>
    public string? StopStatementId { get; init; }

    /// <summary>Who reported that stop: <c>care-team</c> or <c>pharmacist</c>.</summary>
    public string? StopReportedBy { get; init; }
}
