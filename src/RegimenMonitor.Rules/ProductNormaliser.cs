namespace RegimenMonitor.Rules;

/// <summary>
/// Maps product text as a feed sends it (plus optional codes) to canonical ingredients. Case-insensitive;
/// strengths, units, dose forms and salt words are ignored; brands, salts and combination products are mapped
/// (longest phrase first, so "Robitussin DM" is dextromethorphan + guaifenesin and "omeprazole magnesium" is
/// omeprazole). A supplied ATC or RxNorm code the catalogue knows wins over the text. Misspellings of longer
/// names are matched conservatively (see <see cref="MaxFuzzyDistance"/>). Never throws; unrecognised text gives
/// no ingredients and <c>MatchedBy</c> "none". Thread-safe.
/// </summary>
public sealed class ProductNormaliser
{
    private readonly KnowledgeBase _knowledgeBase;
    private readonly Dictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> _phrases;

    /// <summary>Creates a normaliser over a loaded knowledge base.</summary>
    public ProductNormaliser(KnowledgeBase knowledgeBase)
    {
        ArgumentNullException.ThrowIfNull(knowledgeBase);
        _knowledgeBase = knowledgeBase;
        _phrases = knowledgeBase.Phrases.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>
    /// Largest edit distance (optimal string alignment) accepted for a misspelt word: 1 for words of 6–9
    /// letters, 2 for 10 or more letters (then the first letter must agree); words under 6 letters are never
    /// fuzzy-matched.
    /// </summary>
    public static int MaxFuzzyDistance(int wordLength) => wordLength >= 10 ? 2 : wordLength >= 6 ? 1 : 0;

    /// <summary>Normalises one product; supplied codes win over text.</summary>
    public NormalisedProduct Normalise(string productText, string? atc = null, string? rxnorm = null)
    {
        if (!string.IsNullOrWhiteSpace(atc) && _knowledgeBase.AtcCodes.TryGetValue(atc.Trim().ToUpperInvariant(), out var byAtc))
        {
            return Result(byAtc, "atc");
        }

        if (!string.IsNullOrWhiteSpace(rxnorm) && _knowledgeBase.RxNormCodes.TryGetValue(rxnorm.Trim(), out var byRxNorm))
        {
            return Result(byRxNorm, "rxnorm");
        }

        if (string.IsNullOrWhiteSpace(productText))
        {
            return new NormalisedProduct { Ingredients = [], MatchedBy = "none" };
        }

        var words = new List<string>();
        var separators = new List<bool>();
        TextTokens.Split(productText, words, separators);
        var found = new List<int>();
        var usedFuzzy = false;
        var previousEnd = -1;
        var previousWasDrug = false;
        Span<char> key = stackalloc char[256];
        var i = 0;
        while (i < words.Count)
        {
            var matched = 0;
            int[]? targets = null;
            for (var length = Math.Min(_knowledgeBase.MaxPhraseWords, words.Count - i); length >= 1 && matched == 0; length--)
            {
                var keyLength = Join(words, i, length, key);
                if (keyLength > 0 && _phrases.TryGetValue(key[..keyLength], out targets))
                {
                    matched = length;
                }
            }

            if (matched == 0)
            {
                var word = words[i];
                if (!_knowledgeBase.StopWords.Contains(word) && !char.IsDigit(word[0]) && Fuzzy(word) is { } fuzzy)
                {
                    targets = fuzzy;
                    matched = 1;
                    usedFuzzy = true;
                }
            }

            if (matched == 0)
            {
                i++;
                continue;
            }

            // A mineral written straight after a drug name is that drug's salt ("atorvastatin calcium").
            var isCation = targets!.Length == 1 && (_knowledgeBase.IngredientTags[targets[0]] & KnownTags.ChelatingCation) != 0;
            var isSalt = isCation && previousWasDrug && previousEnd == i && !separators[i];
            if (!isSalt)
            {
                found.AddRange(targets);
            }

            previousWasDrug = !isCation && targets.All(t => (_knowledgeBase.IngredientTags[t] & KnownTags.Supplement) == 0);
            i += matched;
            previousEnd = i;
        }

        for (var f = 0; f < found.Count; f++)
        {
            if (_knowledgeBase.FormVariants.TryGetValue(found[f], out var variant) && variant.Words.Any(words.Contains))
            {
                found[f] = variant.Target;
            }
        }

        return found.Count == 0
            ? new NormalisedProduct { Ingredients = [], MatchedBy = "none" }
            : Result(found, usedFuzzy ? "fuzzy" : "text");
    }

    private static int Join(List<string> words, int start, int count, Span<char> buffer)
    {
        var length = 0;
        for (var w = start; w < start + count; w++)
        {
            var word = words[w];
            if (length + word.Length + 1 > buffer.Length)
            {
                return 0;
            }

            if (w > start)
            {
                buffer[length++] = ' ';
            }

            word.AsSpan().CopyTo(buffer[length..]);
            length += word.Length;
        }

        return length;
    }

    private int[]? Fuzzy(string word)
    {
        var allowed = MaxFuzzyDistance(word.Length);
        if (allowed == 0)
        {
            return null;
        }

        var best = allowed + 1;
        int[]? bestTargets = null;
        var ambiguous = false;
        var wordMask = LetterMask(word);
        var masks = _knowledgeBase.FuzzyMasks;
        var words = _knowledgeBase.FuzzyWords;
        for (var w = 0; w < words.Length; w++)
        {
            var (candidate, targets) = words[w];

            // One edit changes at most two bits of the letter set, so this is a lower bound of the distance.
            if (Math.Abs(candidate.Length - word.Length) > allowed || System.Numerics.BitOperations.PopCount(masks[w] ^ wordMask) > 2 * allowed)
            {
                continue;
            }

            var distance = EditDistance(word, candidate, best);
            if (distance > allowed || distance > best)
            {
                continue;
            }

            if (distance == 2 && candidate[0] != word[0])
            {
                continue;
            }

            if (distance < best)
            {
                best = distance;
                bestTargets = targets;
                ambiguous = targets is null;
            }
            else if (targets is null || bestTargets is null || !targets.AsSpan().SequenceEqual(bestTargets))
            {
                ambiguous = true; // Two different names (or a known non-catalogue name) are equally close.
            }
        }

        return ambiguous ? null : bestTargets;
    }

    /// <summary>The set of characters of a word as bits (a–z, digits folded onto six more bits).</summary>
    internal static uint LetterMask(string word)
    {
        uint mask = 0;
        foreach (var c in word)
        {
            mask |= c is >= 'a' and <= 'z' ? 1u << (c - 'a') : 1u << (26 + (c % 6));
        }

        return mask;
    }

    /// <summary>Optimal string alignment distance (adjacent transpositions count 1), abandoned above <paramref name="limit"/>.</summary>
    internal static int EditDistance(string a, string b, int limit)
    {
        Span<int> previous2 = stackalloc int[b.Length + 1];
        Span<int> previous = stackalloc int[b.Length + 1];
        Span<int> current = stackalloc int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            var rowMin = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                var value = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    value = Math.Min(value, previous2[j - 2] + 1);
                }

                current[j] = value;
                rowMin = Math.Min(rowMin, value);
            }

            if (rowMin > limit)
            {
                return limit + 1;
            }

            var swap = previous2;
            previous2 = previous;
            previous = current;
            current = swap;
        }

        return previous[b.Length];
    }

    private NormalisedProduct Result(IEnumerable<int> ids, string matchedBy)
    {
        var names = ids.Select(id => _knowledgeBase.IngredientNames[id]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return new NormalisedProduct { Ingredients = names, MatchedBy = matchedBy };
    }
}
