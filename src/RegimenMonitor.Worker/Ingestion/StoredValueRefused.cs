using Npgsql;

namespace RegimenMonitor.Worker.Ingestion;

/// <summary>
/// The second line behind <see cref="EventContract"/>: a value the database refuses as data (SQLSTATE class 22 —
/// 22021 a character not in the encoding such as NUL, 22001 too long, 22003 out of range, 22P05 untranslatable) is
/// the event's fault, not a transient failure. The consumer turns it into an <see cref="InvalidEventException"/>, so it
/// is never retried and goes to <c>_error</c>; the group commit has already re-applied the rest of its group alone.
/// The reason names the SQLSTATE and column, never the value.
/// </summary>
internal static class StoredValueRefused
{
    public static InvalidEventException? From(Exception exception, Guid eventId)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: [ '2', '2', _, _, _ ] state } postgres)
            {
                var column = string.IsNullOrEmpty(postgres.ColumnName) ? "a field" : $"column {postgres.ColumnName}";
                return new InvalidEventException([$"{column} holds a value the database cannot store (SQLSTATE {state}; text must be UTF-8 without NUL or control characters, numbers within range)"])
                {
                    EventId = eventId,
                };
            }
        }

        return null;
    }
}
