using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// An event whose id was applied before for an event that said something else (<see cref="ApplyOutcome.Conflict"/>):
/// a publisher reusing ids, or a correction sent under the old id. Dropping it as a duplicate would lose what it says,
/// so the consumer refuses it to <c>_error</c> with this reason, and nothing of it is written.
/// </summary>
internal static class EventConflict
{
    /// <summary>What a fingerprint covers, for the reasons.</summary>
    public const string Covered = "another patient, item, time, status, product, start, days supply, stop, directions or source";

    /// <summary>What a new or corrected event should do instead.</summary>
    public const string Advice = "a new or corrected event needs its own eventId (a correction keeps the dispenseId or statementId)";

    public const string Reason = "eventId: already applied for an event that said something else (" + Covered + "); this one was not applied: " + Advice;

    public const string FhirReason =
        "meta.versionId: already applied for this resource id and versionId with other content; this one was not "
        + "applied: a changed resource needs a new meta.versionId";

    /// <summary>Throws the refusal when <paramref name="outcome"/> is a conflict.</summary>
    public static void ThrowIf(RegimenChange change, ApplyOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (outcome == ApplyOutcome.Conflict)
        {
            throw new InvalidEventException(Reason) { EventId = change.EventId };
        }
    }
}
