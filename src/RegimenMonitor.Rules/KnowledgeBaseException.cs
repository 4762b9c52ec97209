namespace RegimenMonitor.Rules;

/// <summary>The knowledge base failed validation; the message names the offending entry.</summary>
public sealed class KnowledgeBaseException : Exception
{
    /// <summary>Creates an exception with no message.</summary>
    public KnowledgeBaseException() { }

    /// <summary>Creates an exception with a message naming the entry.</summary>
    public KnowledgeBaseException(string message) : base(message) { }

    /// <summary>Creates an exception wrapping a parse failure.</summary>
    public KnowledgeBaseException(string message, Exception innerException) : base(message, innerException) { }
}
