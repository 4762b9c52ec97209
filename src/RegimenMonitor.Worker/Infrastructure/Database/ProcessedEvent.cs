namespace RegimenMonitor.Worker.Infrastructure.Database;

/// <summary>Inbox row: an event id that has been applied (or found stale); a redelivery finds it and changes nothing.</summary>
internal sealed class ProcessedEvent
{
    public Guid EventId { get; set; }

    public required string EventType { get; set; }

    /// <summary><c>applied</c> or <c>stale</c>.</summary>
    public required string Outcome { get; set; }

    public DateTimeOffset ProcessedAt { get; set; }

    /// <summary>
    /// What the event said (Regimens/EventFingerprint): a later event with this id and another fingerprint is a conflict,
    /// not a duplicate. Null on rows written before migration 0009 (their redeliveries are duplicates, as then).
    /// </summary>
    public long? Fingerprint { get; set; }
}
