using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>How a <see cref="Decision"/> is handed to the group's writer (<see cref="RegimenWrites"/>).</summary>
internal static class DecisionWrites
{
    /// <summary>Collects what <paramref name="decision"/> writes.</summary>
    public static void Add(this RegimenWrites writes, Decision decision)
    {
        ArgumentNullException.ThrowIfNull(writes);
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.Inbox is { } inbox)
        {
            writes.Inbox(inbox);
        }

        if (decision.Bump is { } bump)
        {
            writes.BumpPatient(bump.PatientId, decision.After.PatientRef, bump.ExpectedVersion, bump.NewVersion, bump.UpdatedAt, bump.NextReviewAt, bump.HistoryJson);
        }

        foreach (var item in decision.ItemUpserts)
        {
            writes.ItemWritten(item);
        }

        foreach (var finding in decision.FindingsInserted)
        {
            writes.FindingInserted(finding);
        }

        foreach (var finding in decision.FindingsUpdated)
        {
            writes.FindingUpdated(finding);
        }

        writes.ResolutionsWithdrawn(decision.Reopened);
        writes.AlertsWritten(decision.Alerts, AlertComposer.Restamp);
    }
}
