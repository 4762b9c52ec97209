using RegimenMonitor.Worker.Infrastructure.Database.Dialects;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Infrastructure.Database;

/// <summary>
/// The second line behind <see cref="EventContract"/>: a value the database refuses as data (its dialect says which
/// errors those are, <see cref="DatabaseDialect.RefusedValue"/>; on PostgreSQL SQLSTATE class 22 — 22021 a character
/// not in the encoding such as NUL, 22001 too long, 22003 out of range, 22P05 untranslatable) is the event's fault, not
/// a transient failure. The consumer turns it into an <see cref="InvalidEventException"/>, so it is never retried and
/// goes to <c>_error</c>; the group commit has already re-applied the rest of its group alone. The reason names the
/// SQLSTATE and column, never the value.
/// </summary>
internal static class StoredValueRefused
{
    public static InvalidEventException? From(Exception exception, Guid? eventId)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            foreach (var dialect in DatabaseDialect.All)
            {
                if (dialect.RefusedValue(e) is { } reason)
                {
                    return new InvalidEventException([reason]) { EventId = eventId };
                }
            }
        }

        return null;
    }
}
