using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Alerts;

/// <summary>
/// Records a care team's acknowledgement in the append-only audit trail. A malformed message or an unknown alert id
/// fails with <see cref="InvalidEventException"/> naming the field, so the message ends in the endpoint's <c>_error</c>
/// queue; a redelivered acknowledgement (same <c>eventId</c>, same content) records nothing, and one reusing an
/// <c>eventId</c> for other content is refused to <c>_error</c> (not dropped, which would lose what it says). The trail cannot be corrected, so
/// <c>acknowledgedAt</c> must lie between the alert's creation and this service's clock, each give or take
/// <c>Regimen:MaxFutureSkew</c> (the clock difference allowed for dispenses too).
/// </summary>
internal sealed class AcknowledgementRecorder(
    RegimenDbContext db, TimeProvider timeProvider, IOptions<RegimenOptions> regimen, ILogger<AcknowledgementRecorder> logger)
{
    public const int MaxActorLength = 200;
    public const int MaxReasonLength = 1000;

    public static void Validate(AlertAcknowledged message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var failures = new List<string>();
        if (message.EventId == Guid.Empty)
        {
            failures.Add("eventId is required (a UUID)");
        }

        if (message.AlertId == Guid.Empty)
        {
            failures.Add("alertId is required (the alertId of a received alert)");
        }

        if (string.IsNullOrWhiteSpace(message.AcknowledgedBy))
        {
            failures.Add("acknowledgedBy is required");
        }
        else if (EventContract.TextFailure("acknowledgedBy", message.AcknowledgedBy) is { } actorFailure)
        {
            // line separators and bidirectional controls would change how the trail reads, for good
            failures.Add(actorFailure);
        }
        else if (!EventContract.HasVisibleText(message.AcknowledgedBy))
        {
            // the trail cannot be corrected: who acknowledged must be readable, as product texts must be
            failures.Add(EventContract.NoVisibleText("acknowledgedBy"));
        }
        else if (message.AcknowledgedBy.Length > MaxActorLength)
        {
            failures.Add($"acknowledgedBy must be at most {MaxActorLength} characters (was {message.AcknowledgedBy.Length}{EventContract.Counted(message.AcknowledgedBy)})");
        }

        if (message.AcknowledgedAt == default)
        {
            failures.Add("acknowledgedAt is required (RFC 3339 with offset, e.g. 2026-03-01T09:30:00Z); missing, or 0001-01-01T00:00:00Z, which is out of range");
        }

        if (message.Outcome is not ("accepted" or "overridden"))
        {
            failures.Add(EventContract.NotOneOf("outcome", ["accepted", "overridden"], message.Outcome ?? string.Empty));
        }

        if (message.Reason is { } reason && EventContract.TextFailure("reason", reason) is { } reasonFailure)
        {
            failures.Add(reasonFailure);
        }
        else if (message.Reason is { Length: > MaxReasonLength })
        {
            failures.Add($"reason must be at most {MaxReasonLength} characters (was {message.Reason.Length}{EventContract.Counted(message.Reason)})");
        }

        if (failures.Count > 0)
        {
            throw new InvalidEventException(failures) { EventId = message.EventId == Guid.Empty ? null : message.EventId };
        }
    }

    /// <summary>The failure for an acknowledgement dated before its alert was raised (less the allowed clock skew).</summary>
    public static string BeforeRaised(TimeSpan skew) =>
        $"acknowledgedAt must not be before the alert was raised (at most {skew.ToString("c", CultureInfo.InvariantCulture)} earlier; Regimen:MaxFutureSkew)";

    /// <summary>
    /// False for a redelivery of <paramref name="stored"/> (the same acknowledgement); an <see cref="InvalidEventException"/>
    /// naming the fields that differ (never their values) when the message reuses its <c>eventId</c> for something else.
    /// </summary>
    private static bool Redelivered(AlertAcknowledgement stored, AlertAcknowledged message)
    {
        var differing = Differences(stored, message);
        if (differing.Count > 0)
        {
            throw new InvalidEventException([Conflict(differing)]) { EventId = message.EventId };
        }

        return false;
    }

    /// <summary>The reason for an <c>eventId</c> recorded before for an acknowledgement that said something else.</summary>
    public static string Conflict(IEnumerable<string> differing) =>
        $"eventId: already recorded for an acknowledgement that said something else (this one differs in {string.Join(", ", differing)}); "
        + "this one was not recorded: a new or corrected acknowledgement needs its own eventId";

    /// <summary>
    /// The fields in which <paramref name="message"/> differs from the row recorded under its <c>eventId</c>, by name.
    /// <c>acknowledgedAt</c> is compared as an instant (any offset), to the microsecond a database keeps.
    /// </summary>
    internal static List<string> Differences(AlertAcknowledgement stored, AlertAcknowledged message)
    {
        ArgumentNullException.ThrowIfNull(stored);
        ArgumentNullException.ThrowIfNull(message);
        var differing = new List<string>();
        if (stored.AlertId != message.AlertId)
        {
            differing.Add("alertId");
        }

        if (!string.Equals(stored.AcknowledgedBy, message.AcknowledgedBy, StringComparison.Ordinal))
        {
            differing.Add("acknowledgedBy");
        }

        if (Math.Abs((stored.AcknowledgedAt - message.AcknowledgedAt).Ticks) >= TimeSpan.TicksPerMicrosecond)
        {
            differing.Add("acknowledgedAt");
        }

        if (!string.Equals(stored.Outcome, message.Outcome, StringComparison.Ordinal))
        {
            differing.Add("outcome");
        }

        if (!string.Equals(stored.Reason, message.Reason, StringComparison.Ordinal))
        {
            differing.Add("reason");
        }

        return differing;
    }

    /// <summary>
    /// Returns true when recorded, false for a redelivery of an already recorded acknowledgement; throws
    /// <see cref="InvalidEventException"/> for an invalid one, or one reusing a recorded <c>eventId</c> for other content.
    /// </summary>
    public async Task<bool> RecordAsync(AlertAcknowledged message, CancellationToken cancellationToken)
    {
        Validate(message);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await db.Acknowledgements.AsNoTracking().FirstOrDefaultAsync(a => a.EventId == message.EventId, cancellationToken) is { } stored)
        {
            return Redelivered(stored, message);
        }

        var limit = EventTimeLimit.From(timeProvider, regimen.Value.MaxFutureSkew);
        if (message.AcknowledgedAt > limit.Latest)
        {
            throw new InvalidEventException([limit.Beyond("acknowledgedAt")]) { EventId = message.EventId };
        }

        var raisedAt = await db.Findings.Where(f => f.AlertId == message.AlertId).Select(f => (DateTimeOffset?)f.RaisedAt).FirstOrDefaultAsync(cancellationToken);
        if (raisedAt is null)
        {
            throw new InvalidEventException(["alertId does not name an alert this service raised"]) { EventId = message.EventId };
        }

        if (message.AcknowledgedAt < raisedAt.Value - limit.Skew)
        {
            throw new InvalidEventException([BeforeRaised(limit.Skew)]) { EventId = message.EventId };
        }

        db.Acknowledgements.Add(new AlertAcknowledgement
        {
            EventId = message.EventId,
            AlertId = message.AlertId,
            Outcome = message.Outcome!,
            Reason = message.Reason,
            AcknowledgedBy = message.AcknowledgedBy!,
            AcknowledgedAt = message.AcknowledgedAt.ToUniversalTime(), // PostgreSQL's timestamptz takes UTC only
            RecordedAt = timeProvider.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (!cancellationToken.IsCancellationRequested && !db.Dialect.IsOutage(ex))
        {
            // another replica recorded this eventId since it was looked for (the unique index refused this insert; one
            // replica takes one acknowledgement at a time, AlertAcknowledgedConsumerDefinition): compare with its row
            // rather than retry. Any other refusal has no row to find, and is rethrown as it was.
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            if (await db.Acknowledgements.AsNoTracking().FirstOrDefaultAsync(a => a.EventId == message.EventId, cancellationToken) is { } recorded)
            {
                return Redelivered(recorded, message);
            }

            throw;
        }

        await transaction.CommitAsync(cancellationToken);
        Log.AlertAcknowledged(logger, message.AlertId, message.Outcome!);
        return true;
    }
}
