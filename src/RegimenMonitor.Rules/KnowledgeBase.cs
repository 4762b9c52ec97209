namespace RegimenMonitor.Rules;

/// <summary>
/// The reviewed clinical knowledge: ingredient catalogue and rules, embedded in this assembly and versioned.
/// Loading validates every entry; a bad file throws <see cref="KnowledgeBaseException"/> naming the entry.
/// </summary>
public sealed class KnowledgeBase
{
    private KnowledgeBase(string version) => Version = version;

    /// <summary>The rule-set version carried by every finding and alert.</summary>
    public string Version { get; }

    /// <summary>Loads and validates the knowledge base embedded in this assembly.</summary>
    public static KnowledgeBase LoadEmbedded() => throw new NotImplementedException("rule engine: issue #3");
}
