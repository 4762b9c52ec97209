namespace RegimenMonitor.Rules.Loading;

/// <summary>A washout entry as written: after an <paramref name="Ended"/> member, it stays present for <paramref name="Days"/> days before a <paramref name="Before"/> member.</summary>
internal sealed record WashoutEntry(
    string Id,
    IReadOnlyList<EvidenceEntry> Evidence,
    int Days,
    IReadOnlyList<string> Ended,
    IReadOnlyList<string> Before)
{
    public string Label => $"washout '{Id}'";
}
