namespace RegimenMonitor.Contracts;

/// <summary>
/// A care team, app or pharmacist reported a supplement, herbal or OTC product the patient takes (exchange
/// <c>care.supplement-reported</c>, fanout). A later event with the same <see cref="StatementId"/> replaces it.
/// </summary>
public sealed record SupplementReported
{
    /// <summary>Exchange the event is published to.</summary>
    public const string ExchangeName = "care.supplement-reported";

    /// <summary>Idempotency key (UUID). Required.</summary>
    public Guid EventId { get; init; }

    /// <summary>Opaque patient reference, 1–64 characters. Required; never logged or traced.</summary>
    public string? PatientId { get; init; }

    /// <summary>Id of this statement; defaults to <see cref="EventId"/>.</summary>
    public string? StatementId { get; init; }

    /// <summary><c>active</c> (default), <c>stopped</c> or <c>entered-in-error</c>.</summary>
    public string? Status { get; init; }

    /// <summary>When the statement was made; RFC 3339 with offset. Required.</summary>
    public DateTimeOffset ReportedAt { get; init; }

    /// <summary>The product; its text is required.</summary>
    public SupplementProduct? Supplement { get; init; }

    /// <summary>Date the patient started; defaults to the date of <see cref="ReportedAt"/>.</summary>
    public DateOnly? StartedOn { get; init; }

    /// <summary>Date the patient stopped; a stopped statement without it uses <see cref="ReportedAt"/>.</summary>
    public DateOnly? StoppedOn { get; init; }

    /// <summary>Who reported it: <c>patient</c>, <c>care-team</c> or <c>pharmacist</c>.</summary>
    public string? Source { get; init; }
}
