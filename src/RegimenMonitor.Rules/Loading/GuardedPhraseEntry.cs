namespace RegimenMonitor.Rules.Loading;

/// <summary>A word that names <paramref name="Ingredient"/> only when written exactly so or followed by a strength.</summary>
internal sealed record GuardedPhraseEntry(string Phrase, string Ingredient)
{
    public string Label => $"guarded phrase '{Phrase}'";
}
