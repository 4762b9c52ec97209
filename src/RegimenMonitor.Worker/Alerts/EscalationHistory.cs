namespace RegimenMonitor.Worker.Alerts;

/// <summary>
/// What an escalation says about the alert's earlier messages: the transition of its latest <c>active</c> message
/// (<c>opened</c>, <c>reinstated</c>, <c>severity-raised</c>, …; null when the outbox no longer holds it) and whether
/// it was escalated before. An alert sent again as active re-arms its escalation, so a second escalation counts from
/// that message, while the alert has waited for an acknowledgement since it was raised.
/// </summary>
internal sealed record EscalationHistory(string? LatestTransition, bool EscalatedBefore)
{
    /// <summary>Nothing known beyond the finding itself.</summary>
    public static readonly EscalationHistory None = new(null, false);
}
