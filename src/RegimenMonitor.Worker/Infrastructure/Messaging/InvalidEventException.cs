namespace RegimenMonitor.Worker.Infrastructure.Messaging;

/// <summary>
/// An event failed validation. The message lists every failing field by its wire name and never contains the
/// patient id or product text; the broker moves the message to the endpoint's <c>_error</c> queue with it.
/// </summary>
internal sealed class InvalidEventException : Exception
{
    /// <summary>
    /// The longest message: MassTransit writes an exception's message into <c>MT-Fault-Message</c> cut at 2,048
    /// characters without a mark (<c>ExceptionUtil.GetMessage</c>), so a longer list of reasons is cut here, at a
    /// reason's end, with the count of those left out (<see cref="Failures"/> keeps them all).
    /// </summary>
    internal const int MaxMessageLength = 2048;

    /// <summary>How every reason for a refused event starts, on the broker and for a file's line (NdjsonEvents).</summary>
    internal const string Prefix = "Invalid event: ";

    /// <summary>A reason with <see cref="Prefix"/> at its start, once.</summary>
    internal static string Prefixed(string reason) =>
        reason.StartsWith(Prefix, StringComparison.Ordinal) ? reason : Prefix + reason;

    public InvalidEventException(IReadOnlyList<string> failures)
        : base(Describe(failures)) => Failures = failures;

    public InvalidEventException() : this(Array.Empty<string>()) { }

    // one failure, with the same "Invalid event: " start as a list (until 2026-12-04 these reasons went to _error without it)
    public InvalidEventException(string message) : this([message]) { }

    public InvalidEventException(string message, Exception innerException)
        : base(Describe([message]), innerException) => Failures = [message];

    public IReadOnlyList<string> Failures { get; }

    /// <summary>The event's own <c>eventId</c> when the body had a readable one (for the log line), else null.</summary>
    public Guid? EventId { get; init; }

    /// <summary>
    /// "Invalid event: " and the reasons joined with "; ", at most <see cref="MaxMessageLength"/> characters: whole
    /// reasons and then "; … (N more reasons)", or, when not even the first fits, its start and "… (truncated)".
    /// </summary>
    internal static string Describe(IReadOnlyList<string> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        var whole = Prefix + string.Join("; ", failures);
        if (whole.Length <= MaxMessageLength)
        {
            return whole;
        }

        var text = new System.Text.StringBuilder(Prefix, MaxMessageLength);
        var kept = 0;
        while (kept < failures.Count)
        {
            var next = (kept == 0 ? string.Empty : "; ") + failures[kept];
            // room for this reason and the mark of those after it (none after the last)
            var mark = kept + 1 < failures.Count ? More(failures.Count - kept - 1).Length : 0;
            if (text.Length + next.Length + mark > MaxMessageLength)
            {
                break;
            }

            text.Append(next);
            kept++;
        }

        if (kept > 0)
        {
            return text.Append(More(failures.Count - kept)).ToString();
        }

        // the first reason alone is too long: its start, cut between characters (never inside a surrogate pair)
        var cut = Truncated(failures.Count - 1);
        var room = MaxMessageLength - Prefix.Length - cut.Length;
        if (room > 0 && char.IsHighSurrogate(failures[0][room - 1]))
        {
            room--;
        }

        return Prefix + failures[0][..room] + cut;
    }

    private static string More(int count) => count == 1 ? "; … (1 more reason)" : $"; … ({count} more reasons)";

    private static string Truncated(int more) =>
        more == 0 ? "… (truncated)" : more == 1 ? "… (truncated; 1 more reason)" : $"… (truncated; {more} more reasons)";
}
