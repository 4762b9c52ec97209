namespace RegimenMonitor.Rules.Loading;

/// <summary>Concerns and severities from their wire names (<see cref="WireNames"/>), naming the entry when unknown.</summary>
internal static class WireValues
{
    public static Concern Concern(string text, string label)
    {
        foreach (var concern in Enum.GetValues<Concern>())
        {
            if (string.Equals(WireNames.Of(concern), text, StringComparison.Ordinal))
            {
                return concern;
            }
        }

        throw new KnowledgeBaseException($"{label}: unknown concern '{text}'");
    }

    public static Severity Severity(string text, string label)
    {
        foreach (var severity in Enum.GetValues<Severity>())
        {
            if (string.Equals(WireNames.Of(severity), text, StringComparison.Ordinal))
            {
                return severity;
            }
        }

        throw new KnowledgeBaseException($"{label}: unknown severity '{text}'");
    }
}
