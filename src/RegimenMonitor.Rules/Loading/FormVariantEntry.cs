namespace RegimenMonitor.Rules.Loading;

/// <summary>A dose form that is another catalogue ingredient (<paramref name="Use"/>) when one of the words appears.</summary>
internal sealed record FormVariantEntry(string Use, IReadOnlyList<string> Words);
