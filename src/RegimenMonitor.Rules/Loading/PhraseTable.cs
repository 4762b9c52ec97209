namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// Normalised phrases and the ingredients they name, with the route of their first mention. A phrase may be
/// repeated for the same owner, never mapped to two different ones.
/// </summary>
internal sealed class PhraseTable
{
    private readonly Dictionary<string, string> _owners = new(StringComparer.Ordinal);

    public Dictionary<string, int[]> Targets { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, MatchRoute> Routes { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Phrases containing the word "plus", keyed with it ("atacand plus"): the normaliser reads them before "plus" is
    /// taken as a separator. Such a phrase is also a plain phrase (key without "plus", as "Alka-Seltzer Plus Cold" and
    /// "Alka-Seltzer Cold" were read alike) unless "plus" is its last word (the bare brand is another product) or that
    /// key names another owner (the brand "Atacand"): then it is read only with its "plus".
    /// </summary>
    public Dictionary<string, (int[] Target, string Owner)> PlusTargets { get; } = new(StringComparer.Ordinal);

    public void Add(string phrase, int[] target, string owner, string label, MatchRoute route)
    {
        var key = TextTokens.Key(phrase);
        if (key.Length == 0)
        {
            throw new KnowledgeBaseException($"{label}: name '{phrase}' has no letters or digits");
        }

        var plusKey = TextTokens.Key(phrase, keepPlus: true);
        if (!string.Equals(plusKey, key, StringComparison.Ordinal))
        {
            if (PlusTargets.TryGetValue(plusKey, out var other) && !string.Equals(other.Owner, owner, StringComparison.Ordinal))
            {
                throw new KnowledgeBaseException($"synonym '{plusKey}' maps to both '{other.Owner}' and '{owner}'");
            }

            PlusTargets.TryAdd(plusKey, (target, owner));
            Routes.TryAdd(plusKey, route);
            if (plusKey.EndsWith(" plus", StringComparison.Ordinal)
                || (_owners.TryGetValue(key, out var plain) && !string.Equals(plain, owner, StringComparison.Ordinal)))
            {
                return; // "nurofen plus" is not "nurofen", "atacand plus" not "atacand": only the text with its "plus" names it
            }
        }

        if (_owners.TryGetValue(key, out var existing))
        {
            if (!string.Equals(existing, owner, StringComparison.Ordinal))
            {
                throw new KnowledgeBaseException($"synonym '{key}' maps to both '{existing}' and '{owner}'");
            }
        }
        else
        {
            _owners.Add(key, owner);
            Targets.Add(key, target);
        }

        Routes.TryAdd(key, route);
    }

    /// <summary>Single words of five letters or more not starting with a digit: what fuzzy matching may correct to.</summary>
    public List<(string Word, int[]? Targets)> FuzzyCandidates()
    {
        var fuzzy = new List<(string Word, int[]? Targets)>();
        foreach (var (key, target) in Targets)
        {
            if (key.Length >= 5 && !key.Contains(' ', StringComparison.Ordinal) && !char.IsDigit(key[0]))
            {
                fuzzy.Add((key, target));
            }
        }

        return fuzzy;
    }
}
