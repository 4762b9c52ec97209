namespace RegimenMonitor.Rules.Loading;

/// <summary>A real name deliberately not catalogued, with the reason (null for a bare fuzzy guard).</summary>
internal sealed record ExclusionEntry(string Name, string? Reason);
