namespace RegimenMonitor.Worker.Infrastructure.Database;

/// <summary>A care team's answer to an alert. Append-only: the database refuses updates and deletes of these rows.</summary>
internal sealed class AlertAcknowledgement
{
    public long Id { get; set; }

    /// <summary>The acknowledgement event's id; a redelivery of the same event records nothing.</summary>
    public Guid EventId { get; set; }

    public Guid AlertId { get; set; }

    /// <summary><c>accepted</c> or <c>overridden</c>.</summary>
    public required string Outcome { get; set; }

    public string? Reason { get; set; }

    public required string AcknowledgedBy { get; set; }

    public DateTimeOffset AcknowledgedAt { get; set; }

    public DateTimeOffset RecordedAt { get; set; }
}
