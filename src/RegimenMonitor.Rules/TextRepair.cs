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
