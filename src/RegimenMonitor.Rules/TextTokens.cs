namespace RegimenMonitor.Rules;

/// <summary>
/// Splits product text into lower-case word tokens. Letters and digits form words; apostrophes are dropped
/// ("john's" → "johns"); "/", "+", ",", "&amp;", ";", parentheses and the words "and", "with", "plus" mark a
/// separator between products of a combination; any other character only breaks words. The same tokenizer
/// normalises catalogue names, so "St. John's Wort" and "st johns wort" are the same key. With <c>keepPlus</c> the word
/// "plus" is also kept as a word (still marking a separator before the next word), so that a catalogued name containing
/// it ("Atacand Plus", candesartan and hydrochlorothiazide) is told from the single-drug brand it begins with.
/// </summary>
internal static class TextTokens
{
    /// <summary>Normalises a catalogue phrase to its lookup key: word tokens joined by single spaces.</summary>
    internal static string Key(string phrase) => Key(phrase, keepPlus: false);

    /// <summary>The lookup key of a phrase; with <paramref name="keepPlus"/>, the word "plus" kept ("atacand plus").</summary>
    internal static string Key(string phrase, bool keepPlus)
    {
        var words = new List<string>();
        Split(phrase, words, null, keepPlus);
        return string.Join(' ', words);
    }

    /// <summary>
    /// Appends the words of <paramref name="text"/> to <paramref name="words"/>; when <paramref name="separatorBefore"/>
    /// is given, records for each word whether a separator preceded it.
    /// </summary>
    internal static void Split(string text, List<string> words, List<bool>? separatorBefore, bool keepPlus = false)
    {
        var pendingSeparator = false;
        var start = -1;
        Span<char> buffer = stackalloc char[64];
        var length = 0;
        var overflow = false;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsLetterOrDigit(c))
            {
                if (start < 0)
                {
                    start = i;
                    length = 0;
                    overflow = false;
                }

                if (length < buffer.Length)
                {
                    buffer[length++] = char.ToLowerInvariant(c);
                }
                else
                {
                    overflow = true;
                }

                continue;
            }

            if (c is '\'' or '\u2019' or '\u2018' or '`' or '\u00B4' or '\u02BC' or '\u2032')
            {
                continue;
            }

            if (start >= 0)
            {
                var word = overflow ? text[start..i].ToLowerInvariant() : new string(buffer[..length]);
                if (keepPlus && word == "plus")
                {
                    words.Add(word);
                    separatorBefore?.Add(pendingSeparator);
                    pendingSeparator = true;
                }
                else if (word is "and" or "with" or "plus" or "w")
                {
                    pendingSeparator = true;
                }
                else
                {
                    words.Add(word);
                    separatorBefore?.Add(pendingSeparator);
                    pendingSeparator = false;
                }

                start = -1;
            }

            if (c is '/' or '+' or ',' or '&' or ';' or '(' or ')' or '[' or ']')
            {
                pendingSeparator = true;
            }
        }
    }
}
