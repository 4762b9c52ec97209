namespace RegimenMonitor.Worker.Infrastructure.Database;

/// <summary>
/// One alert waiting to leave (or that left) through <c>care.regimen-alerts</c>. Written in the same transaction as the
/// findings change that caused it; drained by the dispatch job. <see cref="Id"/> is the message id on the wire, so a
/// re-send after a crash carries the same id and consumers can de-duplicate.
/// </summary>
internal sealed class OutboxMessage
{
    public Guid Id { get; set; }

    public Guid AlertId { get; set; }

    /// <summary><c>alert</c> (a lifecycle change) or <c>escalation</c> (an overdue re-send).</summary>
    public required string Kind { get; set; }

    /// <summary><c>active</c> or <c>resolved</c>.</summary>
    public required string Status { get; set; }

    public required string RoutingKey { get; set; }

    /// <summary>The <c>RegimenAlertRaised</c> body, wire JSON.</summary>
    public required string PayloadJson { get; set; }

    /// <summary>W3C trace context of the operation that wrote the row, so the dispatch span can link to it.</summary>
    public string? TraceParent { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public int Attempts { get; set; }

    public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>The last publish failure (exception type and broker message; never patient data).</summary>
    public string? LastError { get; set; }

    public DateTimeOffset? DispatchedAt { get; set; }
}
