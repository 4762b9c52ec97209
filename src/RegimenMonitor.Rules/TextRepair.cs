using System.Text;

namespace RegimenMonitor.Rules;

/// <summary>
/// Repairs product text that went through a wrong character decoding on its way here, so that it is mapped as the
/// sender wrote it and never silently as something else: UTF-8 read as Windows-1252 ("St Johnâ€™s Wort" → "St
/// John’s Wort"), Windows-1252 read as Latin-1 (C1 control U+0092 → ’). U+FFFD (a character lost for good) is
/// reported as damage: a possessive "John�s" is read as an apostrophe, and no misspelling correction is attempted
/// on damaged text. Text without such characters is returned as is, without allocating.
/// </summary>
internal static class TextRepair
{
    /// <summary>Unicode characters of Windows-1252 bytes 0x80–0x9F (U+FFFD where the byte is undefined).</summary>
    private const string Cp1252High =
        "\u20AC\uFFFD\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\uFFFD\u017D\uFFFD" +
        "\uFFFD\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\uFFFD\u017E\u0178";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    internal static string Repair(string text, out bool repaired, out bool damaged)
    {
        repaired = false;
        damaged = false;
        var suspicious = false;
        foreach (var c in text)
        {
            if (c is '\uFFFD')
            {
                damaged = true;
            }
            else if (c is (>= '\u0080' and <= '\u009F') or '\u00C2' or '\u00C3' or '\u00E2')
            {
                suspicious = true;
            }
        }

        if (suspicious)
        {
            var fixedText = Utf8ReadAsCp1252(text) ?? text;
            var builder = new StringBuilder(fixedText.Length);
            foreach (var c in fixedText)
            {
                builder.Append(c is >= '\u0080' and <= '\u009F' && Cp1252High[c - 0x80] != '\uFFFD' ? Cp1252High[c - 0x80] : c);
            }

            var result = builder.ToString();
            repaired = !string.Equals(result, text, StringComparison.Ordinal);
            text = result;
        }

        if (damaged)
        {
            var chars = text.ToCharArray();
            for (var i = 1; i + 1 < chars.Length; i++)
            {
                if (chars[i] == '\uFFFD' && char.IsLetter(chars[i - 1]) && chars[i + 1] is 's' or 'S'
                    && (i + 2 == chars.Length || !char.IsLetterOrDigit(chars[i + 2])))
                {
                    chars[i] = '\'';
                }
            }

            text = new string(chars);
        }

        return text;
    }

    /// <summary>
    /// Folds what a reader cannot see out of the text, so a product is read as it looks (found by an independent edge
    /// probe: "St. John's Wo&#xAD;rt" with a soft hyphen, full-width "Ｚｏｌｏｆｔ", or "Zоloft" with a Cyrillic о were not
    /// recognised, and a major interaction went unreported): invisible format characters inside words (soft hyphen,
    /// zero-width space and joiners, word joiner, bidirectional marks, variation selectors, the byte order mark) and
    /// combining marks sent apart after a plain Latin letter are dropped, Hangul fillers (drawn blank) part words;
    /// compatibility forms (full-width and other presentation forms, ligatures) become their plain letters
    /// (Unicode NFKC); and in a word that mixes Latin letters with Cyrillic or Greek ones, the Cyrillic and Greek letters
    /// that look like Latin ones are read as those. A word in Cyrillic or Greek alone is left as it is. Only text with a
    /// character outside ASCII is looked at; <paramref name="folded"/> says whether anything changed.
    /// </summary>
    internal static string Fold(string text, out bool folded)
    {
        folded = false;
        if (Ascii.IsValid(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var rune in text.EnumerateRunes())
        {
            // a combining mark sent apart after a plain Latin letter ("Zolo\u0307ft") is dropped too: the catalogue's
            // names are plain letters, and an accent written into its letter ("é") is read as before
            var strayMark = rune.Value is >= 0x0300 and <= 0x036F && builder.Length > 0 && char.IsAsciiLetter(builder[^1]);
            if (rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 || SpelledWithLetters(rune))
            {
                // a Hangul filler is drawn as a blank: it parts words; so does a symbol that NFKC would spell with
                // letters, which would glue them to the name ("Nardil™" → "NardilTM", found by a review)
                builder.Append(' ');
            }
            else if (!Invisible(rune.Value) && !strayMark)
            {
                builder.Append(rune.ToString());
            }
        }

        var visible = builder.ToString();
        var result = visible.IsNormalized(NormalizationForm.FormKC) ? visible : visible.Normalize(NormalizationForm.FormKC);
        result = LatinLookAlikes(result);
        folded = !string.Equals(result, text, StringComparison.Ordinal);
        return result;
    }

    // a symbol (not a letter or digit) whose compatibility form holds letters: ™ ℠ ℡ №
    private static bool SpelledWithLetters(Rune rune) =>
        rune.Value > 0x7F && !Rune.IsLetterOrDigit(rune) && !Rune.IsWhiteSpace(rune) && Rune.GetUnicodeCategory(rune) is System.Globalization.UnicodeCategory.OtherSymbol or System.Globalization.UnicodeCategory.MathSymbol
        && rune.ToString().Normalize(NormalizationForm.FormKC).Any(char.IsLetter);

    // the zero-width space (U+200B) is not here: like a space, it parts words ("Tramadol\u200BParacetamol" is two).
    // The noncharacters (U+FDD0-U+FDEF and the last two code points of every plane: U+FFFE, U+FFFF, U+1FFFE, …) are,
    // and not only because nothing draws them: .NET's normalisation throws on U+FFFE (a byte-swapped byte order mark,
    // what UTF-16 text read in the wrong byte order starts with), so a product text holding one made every evaluation
    // of its regimen fail (found by an independent edge probe: the event was retried and went to _error with .NET's
    // words, and evaluate stopped with exit 1 and no line)
    private static bool Invisible(int c) =>
        c is 0x00AD or 0x034F or 0x061C or 0x17B4 or 0x17B5 or 0x180E or 0xFEFF
            or (>= 0x180B and <= 0x180F) or (>= 0x200C and <= 0x200F) or (>= 0x202A and <= 0x202E) or (>= 0x2060 and <= 0x206F)
            or (>= 0xFE00 and <= 0xFE0F) or (>= 0xE0000 and <= 0xE0FFF)
            or (>= 0xFDD0 and <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;

    // Cyrillic and Greek letters drawn like Latin ones, and those Latin letters
    private const string LookAlikes = "аеорсухіјѕԁһӏАВЕКМНОРСТХУІЈЅοανρικΟΑΒΕΖΗΙΚΜΝΡΤΥΧ";
    private const string LatinLetters = "aeopcyxijsdhlABEKMHOPCTXYIJSoavpikOABEZHIKMNPTYX";

    private static string LatinLookAlikes(string text)
    {
        char[]? chars = null;
        var start = 0;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && char.IsLetter(text[i]))
            {
                continue;
            }

            // the word text[start..i]: read its look-alikes as Latin only when it has Latin letters too
            var latin = false;
            var lookAlike = false;
            for (var j = start; j < i; j++)
            {
                latin |= char.IsAsciiLetter(text[j]);
                lookAlike |= LookAlikes.Contains(text[j], StringComparison.Ordinal);
            }

            if (latin && lookAlike)
            {
                chars ??= text.ToCharArray();
                for (var j = start; j < i; j++)
                {
                    var k = LookAlikes.IndexOf(text[j], StringComparison.Ordinal);
                    if (k >= 0)
                    {
                        chars[j] = LatinLetters[k];
                    }
                }
            }

            start = i + 1;
        }

        return chars is null ? text : new string(chars);
    }

    /// <summary>Undoes UTF-8 bytes decoded as Windows-1252 (or Latin-1); null when the text is not such mojibake.</summary>
    private static string? Utf8ReadAsCp1252(string text)
    {
        var bytes = new byte[text.Length];
        var multiByte = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            int b;
            if (c == '\uFFFD')
            {
                return null;
            }

            if (c <= '\u00FF')
            {
                b = c;
            }
            else
            {
                b = Cp1252High.IndexOf(c, StringComparison.Ordinal);
                if (b < 0)
                {
                    return null; // A character Windows-1252 cannot produce: the text was not decoded that way.
                }

                b += 0x80;
            }

            multiByte |= b >= 0x80;
            bytes[i] = (byte)b;
        }

        if (!multiByte)
        {
            return null;
        }

        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null; // Genuine accented text ("pâte"), not mojibake.
        }
    }
}
