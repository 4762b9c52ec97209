namespace RegimenMonitor.Contracts;

/// <summary>Set on the re-send of an unacknowledged alert to <c>escalation.&lt;severity&gt;</c>.</summary>
public sealed record AlertEscalation
{
    /// <summary>When it was escalated.</summary>
    public DateTimeOffset EscalatedAt { get; init; }

    /// <summary>The escalation level: the alert's severity (<c>major</c> or <c>contraindicated</c>), as in the routing key.</summary>
    public required string Level { get; init; }

    /// <summary>
    /// Since when the alert has waited for an acknowledgement: when it was raised (its <c>opened</c> message), as an
    /// acknowledgement of its <c>alertId</c> counts for every later message of it. Until 2026-12-06 it was the alert's
    /// latest <c>active</c> message, which after a reinstatement or a change of severity read weeks short.
    /// </summary>
    public DateTimeOffset UnacknowledgedSince { get; init; }
}
