using System.Diagnostics;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// The telemetry of one regimen decision, recorded around the pure call from what it returns: the
/// <c>evaluate regimen</c> span (from the call's start to its end, tagged with the evaluation) and the
/// <c>findings diff</c> span (the diff's counts and the alerts written; the outbox rows carry its id as their trace
/// parent, so the dispatch span links back to it), both children of the current span; the evaluation duration, the
/// products normalised and the alerts written. Nothing for a stale change: it evaluated nothing.
/// </summary>
internal static class DecisionTelemetry
{
    public static Decision Decide(RegimenDecision regimenDecision, PatientSnapshot snapshot, RegimenChange? change, DateTimeOffset asOf, bool compact = true)
    {
        ArgumentNullException.ThrowIfNull(regimenDecision);
        var startedAt = DateTimeOffset.UtcNow;
        var started = Stopwatch.GetTimestamp();
        var decision = regimenDecision.Decide(snapshot, change, asOf, compact);
        if (decision.Evaluation is not { } evaluation || decision.Diff is not { } diff)
        {
            return decision;
        }

        Telemetry.EvaluationDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        Telemetry.RecordProductsNormalised(decision.Normalised.Recognised, decision.Normalised.Unrecognised);
        var parent = Activity.Current?.Context ?? default;
        using (var evaluate = Telemetry.Source.StartActivity("evaluate regimen", ActivityKind.Internal, parent, startTime: startedAt))
        {
            if (evaluate is not null)
            {
                RegimenEvaluator.Describe(evaluate, evaluation);
            }
        }

        using var findings = Telemetry.Source.StartActivity("findings diff", ActivityKind.Internal, parent);
        if (findings is not null)
        {
            findings.SetTag("regimen_monitor.findings.opened", diff.Opened.Count);
            findings.SetTag("regimen_monitor.findings.escalated", diff.Escalated.Count);
            findings.SetTag("regimen_monitor.findings.lowered", diff.Lowered.Count);
            findings.SetTag("regimen_monitor.findings.resolved", diff.Resolved.Count);
            findings.SetTag("regimen_monitor.findings.superseded", diff.Superseded.Count);
            findings.SetTag("regimen_monitor.findings.reinstated", diff.Reinstated.Count);
            findings.SetTag("regimen_monitor.findings.updated", diff.Updated.Count);
            findings.SetTag("regimen_monitor.findings.continuing", diff.Continuing);
            findings.SetTag("regimen_monitor.alerts.written", decision.Alerts.Count);
        }

        var traceParent = Activity.Current?.Id;
        foreach (var alert in decision.Alerts)
        {
            alert.TraceParent = traceParent;
        }

        if (decision.Alerts.Count > 0)
        {
            AlertTelemetry.AlertsWritten.Add(decision.Alerts.Count, new KeyValuePair<string, object?>("kind", AlertComposer.AlertKind));
        }

        return decision;
    }
}
