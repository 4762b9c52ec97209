namespace RegimenMonitor.Worker.Infrastructure.Database;

/// <summary>Inbox row: an event id that has been applied (or found stale); a redelivery finds it and changes nothing.</summary>
internal sealed class ProcessedEvent
{
    public Guid EventId { get; set; }

    public required string EventType { get; set; }

    /// <summary><c>applied</c> or <c>stale</c>.</summary>
    public required string Outcome { get; set; }

    public DateTimeOffset ProcessedAt { get; set; }
}
