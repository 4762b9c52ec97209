using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>What a consumer applied, on its consume span (<see cref="ConsumeTelemetry.Current"/>) and in the metrics.</summary>
internal static class ConsumeOutcome
{
    /// <summary>
    /// Records the outcome on the current consume span and in <c>regimen_monitor.events.consumed</c>, and the findings
    /// diff.
    /// </summary>
    public static void Applied(RegimenChange change, ApplyOutcome outcome, FindingsDiff? diff)
    {
        ArgumentNullException.ThrowIfNull(change);
        var activity = ConsumeTelemetry.Current;
        var outcomeName = Outcome(outcome);
        Telemetry.RecordConsumed(change.EventType, outcomeName);
        AlertTelemetry.RecordFindingsChanged(diff);
        if (activity is null)
        {
            return;
        }

        activity.SetTag(ConsumeTelemetry.Tags.EventId, change.EventId.ToString());
        activity.SetTag(ConsumeTelemetry.Tags.Outcome, outcomeName);
        if (diff is not null)
        {
            activity.SetTag(ConsumeTelemetry.Tags.FindingsOpened, diff.Opened.Count);
            activity.SetTag(ConsumeTelemetry.Tags.FindingsEscalated, diff.Escalated.Count);
            activity.SetTag(ConsumeTelemetry.Tags.FindingsResolved, diff.Resolved.Count);
            activity.SetTag(ConsumeTelemetry.Tags.FindingsContinuing, diff.Continuing);
        }
    }

    public static string Outcome(ApplyOutcome outcome) => outcome switch
    {
        ApplyOutcome.Applied => Telemetry.Outcomes.Applied,
        ApplyOutcome.Duplicate => Telemetry.Outcomes.Duplicate,
        ApplyOutcome.Stale => Telemetry.Outcomes.Stale,
        ApplyOutcome.Conflict => Telemetry.Outcomes.Invalid,
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, "unknown outcome"),
    };
}
