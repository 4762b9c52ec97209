using System.Text.Json;
using RegimenMonitor.Contracts;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Tests.Unit.Alerts;

/// <summary>What an escalation tells a care team about how long the alert has waited (<see cref="AlertComposer.Escalation"/>).</summary>
public sealed class EscalationTextTests
{
    private static readonly DateTimeOffset Raised = new(2026, 10, 20, 19, 15, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Reinstated = new(2026, 11, 12, 15, 15, 0, TimeSpan.Zero);

    [Fact]
    public void A_first_escalation_counts_from_when_the_alert_was_raised()
    {
        var alert = Escalate(Finding(lastAlertAt: Raised), Raised.AddHours(4), null);

        Assert.StartsWith("Not acknowledged since it was raised on 2026-10-20; escalated on 2026-10-20 at level major. Zoloft", alert.Detail, StringComparison.Ordinal);
        Assert.Equal(Raised, alert.Escalation!.UnacknowledgedSince);
    }

    [Theory]
    // found by a newcomer walk-through of the demo: "Not acknowledged since 2026-11-12" for an alert raised on
    // 2026-10-20, escalated that day and reinstated on 2026-11-12, never acknowledged
    [InlineData("reinstated", true, "escalated again on 2026-11-12 at level major, after it was reinstated on 2026-11-12.")]
    [InlineData("severity-raised", false, "escalated on 2026-11-12 at level major, after its severity was raised on 2026-11-12.")]
    [InlineData("severity-lowered", true, "escalated again on 2026-11-12 at level major, after its severity was lowered on 2026-11-12.")]
    [InlineData("updated", false, "escalated on 2026-11-12 at level major, after it was updated on 2026-11-12.")]
    [InlineData(null, false, "escalated on 2026-11-12 at level major, after it was sent again as active on 2026-11-12.")]
    public void A_re_armed_escalation_still_counts_from_when_the_alert_was_raised_and_names_what_re_armed_it(string? latest, bool before, string expected)
    {
        var alert = Escalate(Finding(lastAlertAt: Reinstated), Reinstated.AddHours(4), new EscalationHistory(latest, before));

        Assert.StartsWith($"Not acknowledged since it was raised on 2026-10-20; {expected} Zoloft", alert.Detail, StringComparison.Ordinal);
        Assert.Equal(Raised, alert.Escalation!.UnacknowledgedSince);
        Assert.Equal(Reinstated.AddHours(4), alert.Escalation.EscalatedAt);
        Assert.StartsWith("Escalated, not acknowledged: ", alert.Title, StringComparison.Ordinal);
    }

    private static RegimenAlertRaised Escalate(FindingRecord finding, DateTimeOffset now, EscalationHistory? history) =>
        JsonSerializer.Deserialize<RegimenAlertRaised>(AlertComposer.Escalation("PT-e", finding, now, history).PayloadJson, WireJson.Options)!;

    private static FindingRecord Finding(DateTimeOffset lastAlertAt)
    {
        var view = new FindingView("SER-09", "serotonergic-stacking", "major", "Strong serotonin reuptake inhibitor with St John's wort",
            "Zoloft 50 mg tablet (sertraline) and St. John's Wort 300 mg capsule (st john's wort) are both active since 2026-10-15.",
            "Advise stopping St John's wort.", [new InvolvementView("sertraline", "medication", "Zoloft 50 mg tablet", null)], null,
            [new EvidenceReference("E3", "a case report")], new DateTimeOffset(2026, 10, 15, 0, 0, 0, TimeSpan.Zero), "SER-09|sertraline|st john's wort");
        return new FindingRecord
        {
            Id = 1, PatientId = 1, Fingerprint = view.Fingerprint, AlertId = Guid.CreateVersion7(Raised), RuleId = view.RuleId, Concern = view.Concern,
            Severity = view.Severity, SeverityRank = 2, State = FindingStates.Active, Since = view.Since, RaisedAt = Raised, UpdatedAt = lastAlertAt,
            LastAlertAt = lastAlertAt, RuleSetVersion = "2027.1.24", PayloadJson = JsonSerializer.Serialize(view, WireJson.Options),
        };
    }
}
