namespace RegimenMonitor.Worker.Infrastructure.Messaging;

/// <summary>
/// An event failed validation. The message lists every failing field by its wire name and never contains the
/// patient id or product text; the broker moves the message to the endpoint's <c>_error</c> queue with it.
/// </summary>
internal sealed class InvalidEventException : Exception
{
    public InvalidEventException(IReadOnlyList<string> failures)
        : base("Invalid event: " + string.Join("; ", failures)) => Failures = failures;

    public InvalidEventException() : this(Array.Empty<string>()) { }

    // one failure, with the same "Invalid event: " start as a list (until 2026-12-04 these reasons went to _error without it)
    public InvalidEventException(string message) : this([message]) { }

    public InvalidEventException(string message, Exception innerException)
        : base("Invalid event: " + message, innerException) => Failures = [message];

    public IReadOnlyList<string> Failures { get; }

    /// <summary>The event's own <c>eventId</c> when the body had a readable one (for the log line), else null.</summary>
    public Guid? EventId { get; init; }
}
