namespace RegimenMonitor.Rules;

/// <summary>
/// The knowledge base failed validation; the message names the offending entry. When several entries are invalid,
/// the message lists every error, one a line, and <see cref="Errors"/> holds them.
/// </summary>
public sealed class KnowledgeBaseException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public KnowledgeBaseException() => Errors = [];

    /// <summary>Creates an exception with a message naming the entry.</summary>
    public KnowledgeBaseException(string message) : base(message) => Errors = [message];

    /// <summary>Creates an exception wrapping a parse failure.</summary>
    public KnowledgeBaseException(string message, Exception innerException) : base(message, innerException) => Errors = [message];

    /// <summary>Creates an exception listing every error found, each naming its entry.</summary>
    public KnowledgeBaseException(IReadOnlyList<string> errors) : base(string.Join('\n', errors ?? Array.Empty<string>())) => Errors = errors ?? Array.Empty<string>();

    /// <summary>Every error found, in file order (one for a file that could not be parsed).</summary>
    public IReadOnlyList<string> Errors { get; }
}
