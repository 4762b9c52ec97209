namespace RegimenMonitor.Contracts;

/// <summary>A care team acknowledged an alert (exchange <c>care.alert-acknowledged</c>, fanout).</summary>
public sealed record AlertAcknowledged
{
    /// <summary>Exchange the acknowledgements are published to.</summary>
    public const string ExchangeName = "care.alert-acknowledged";

    /// <summary>Idempotency key (UUID). Required.</summary>
    public Guid EventId { get; init; }

    /// <summary>The alert acknowledged. Required.</summary>
    public Guid AlertId { get; init; }

    /// <summary>Who acknowledged it. Required.</summary>
    public string? AcknowledgedBy { get; init; }

    /// <summary>When. Required.</summary>
    public DateTimeOffset AcknowledgedAt { get; init; }

    /// <summary><c>accepted</c> or <c>overridden</c>. Required.</summary>
    public string? Outcome { get; init; }

    /// <summary>Why, typically for an override.</summary>
    public string? Reason { get; init; }
}
