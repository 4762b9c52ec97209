namespace RegimenMonitor.Worker.Infrastructure.Messaging;

/// <summary>
/// The parameters of a content type (what follows its first <c>;</c>), checked before anything else reads them: each is
/// <c>name=value</c>, the name a MIME token (RFC 2045: printable ASCII but space and <c>()&lt;&gt;@,;:\"/[]?=</c>), the
/// value a token or a quoted string, and no name twice in any letter case. An empty parameter (<c>;;</c>, a trailing
/// <c>;</c>) carries nothing and passes (RFC 9110 allows it). MassTransit reads the content type with
/// <see cref="System.Net.Mime.ContentType"/>, which refuses a malformed one (and MassTransit then takes it as none, so
/// until 2026-12-06 such a message was applied as plain JSON) and throws on a name given twice (found by an independent
/// edge probe: the message went to <c>_error</c> with .NET's words, the publisher's parameter name among them, and a
/// stack at Error); here both are refused in our words. A reason names a parameter by its position, and by its name only when it is one listed here: a
/// name a publisher made up may hold anything. Reads the string in place: a content type that passes costs no
/// allocation.
/// </summary>
internal static class ContentTypeParameters
{
    /// <summary>The names the endpoints read, as reasons spell them; any other is shown as an unlisted name.</summary>
    private static readonly string[] ListedNames = ["charset", "fhirVersion"];

    /// <summary>How many earlier names are compared in place; a content type with more parameters is rare and pays for a set.</summary>
    private const int InPlaceNames = 16;

    private const string Form =
        "each parameter is name=value, the name a token and the value a token or a quoted string, in printable ASCII (e.g. charset=utf-8)";

    /// <summary>Why the parameters of <paramref name="raw"/> cannot be read, or null when they can (or there are none).</summary>
    internal static string? Failure(string? raw)
    {
        var first = raw?.IndexOf(';', StringComparison.Ordinal) ?? -1;
        if (first < 0)
        {
            return null; // no parameters (the usual content type): nothing to read
        }

        var text = raw.AsSpan();
        Span<Range> seen = stackalloc Range[InPlaceNames];
        HashSet<string>? more = null;
        var count = 0;
        var index = 0;
        var position = first + 1;
        while (true)
        {
            index++;
            position = SkipSpace(text, position);
            if (position == text.Length)
            {
                return null; // a trailing ';'
            }

            if (text[position] == ';')
            {
                position++; // an empty parameter
                continue;
            }

            var nameStart = position;
            while (position < text.Length && IsTokenChar(text[position]))
            {
                position++;
            }

            var name = new Range(nameStart, position);
            if (position == nameStart)
            {
                return Reason(index, null, text[position] == '=' ? "has no name" : "does not start with a name");
            }

            var label = Listed(text[name]);
            if (position == text.Length || text[position] != '=')
            {
                var after = SkipSpace(text, position);
                return Reason(index, label, after == text.Length || text[after] == ';' ? "has no '=' and no value" : "is not name=value");
            }

            if (Repeated(text, name, seen, count, ref more))
            {
                return label is null
                    ? "content_type has a parameter more than once (in any letter case; an unlisted name, not shown): give each parameter once"
                    : $"content_type has the parameter {label} more than once (in any letter case): give each parameter once";
            }

            if (count < InPlaceNames)
            {
                seen[count] = name;
            }

            count++;
            position++; // '='
            if (position < text.Length && text[position] == '"')
            {
                if (QuotedStringEnd(text, position + 1) is not { } end)
                {
                    return Reason(index, label, "has a quoted string with no closing quote, or a control or non-ASCII character in it");
                }

                position = end;
            }
            else
            {
                var valueStart = position;
                while (position < text.Length && IsTokenChar(text[position]))
                {
                    position++;
                }

                if (position == valueStart)
                {
                    var rest = SkipSpace(text, position);
                    return Reason(index, label, rest == text.Length || text[rest] == ';' ? "has no value" : "has a value that is neither a token nor a quoted string");
                }
            }

            position = SkipSpace(text, position);
            if (position == text.Length)
            {
                return null;
            }

            if (text[position] != ';')
            {
                return Reason(index, label, "has a value that is neither a token nor a quoted string");
            }

            position++;
        }
    }

    /// <summary>
    /// The value of the parameter <paramref name="name"/> (in any letter case) of a content type whose parameters
    /// <see cref="Failure"/> found readable: a quoted string without its quotes, a quoted pair as the character it
    /// stands for; null when the parameter is not given. A <c>;</c> or <c>name=</c> inside a quoted string is part of
    /// that value, not a parameter (a review found <c>profile="x;charset=latin1"</c> refused as a charset).
    /// </summary>
    internal static string? Value(string? raw, string name)
    {
        var first = raw?.IndexOf(';', StringComparison.Ordinal) ?? -1;
        if (first < 0)
        {
            return null;
        }

        var text = raw.AsSpan();
        var position = first + 1;
        while (position < text.Length)
        {
            position = SkipSpace(text, position);
            if (position < text.Length && text[position] == ';')
            {
                position++;
                continue;
            }

            var nameStart = position;
            while (position < text.Length && IsTokenChar(text[position]))
            {
                position++;
            }

            if (position == nameStart || position == text.Length || text[position] != '=')
            {
                return null; // the end, or not readable (Failure says why)
            }

            var wanted = text[nameStart..position].Equals(name, StringComparison.OrdinalIgnoreCase);
            position++; // '='
            string? value = null;
            if (position < text.Length && text[position] == '"')
            {
                var end = QuotedStringEnd(text, position + 1) ?? text.Length;
                if (wanted)
                {
                    var unquoted = new System.Text.StringBuilder(end - position);
                    for (var i = position + 1; i < end - 1; i++)
                    {
                        unquoted.Append(text[i] == '\\' && i + 1 < end - 1 ? text[++i] : text[i]);
                    }

                    value = unquoted.ToString();
                }

                position = end;
            }
            else
            {
                var valueStart = position;
                while (position < text.Length && IsTokenChar(text[position]))
                {
                    position++;
                }

                value = wanted ? text[valueStart..position].ToString() : null;
            }

            if (wanted)
            {
                return value;
            }

            position = SkipSpace(text, position);
            if (position < text.Length && text[position] != ';')
            {
                return null; // not readable (Failure says why)
            }

            position++;
        }

        return null;
    }

    private static string Reason(int index, string? label, string problem) =>
        $"content_type parameter {index}{(label is null ? string.Empty : $" ({label})")} {problem}: {Form}";

    /// <summary>A listed name as reasons spell it, or null for a name of the publisher's own.</summary>
    private static string? Listed(ReadOnlySpan<char> name)
    {
        foreach (var listed in ListedNames)
        {
            if (name.Equals(listed, StringComparison.OrdinalIgnoreCase))
            {
                return listed;
            }
        }

        return null;
    }

    private static bool Repeated(ReadOnlySpan<char> text, Range name, ReadOnlySpan<Range> seen, int count, ref HashSet<string>? more)
    {
        for (var i = 0; i < Math.Min(count, InPlaceNames); i++)
        {
            if (text[seen[i]].Equals(text[name], StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        if (count < InPlaceNames)
        {
            return false;
        }

        // past the first names (a content type no client writes): the rest in a set, so a long header costs linear time
        more ??= new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        return !more.Add(text[name].ToString());
    }

    /// <summary>The position after the closing quote of a quoted string whose content starts at <paramref name="position"/>, or null.</summary>
    private static int? QuotedStringEnd(ReadOnlySpan<char> text, int position)
    {
        while (position < text.Length)
        {
            var c = text[position];
            if (c == '"')
            {
                return position + 1;
            }

            if (c == '\\')
            {
                position++; // a quoted pair: the next character stands for itself
                if (position == text.Length)
                {
                    return null;
                }

                c = text[position];
            }

            if (!(c == '\t' || (c >= ' ' && c <= '~')))
            {
                return null;
            }

            position++;
        }

        return null;
    }

    private static int SkipSpace(ReadOnlySpan<char> text, int position)
    {
        while (position < text.Length && text[position] is ' ' or '\t')
        {
            position++;
        }

        return position;
    }

    /// <summary>An RFC 2045 token character: printable ASCII but space and the tspecials.</summary>
    private static bool IsTokenChar(char c) =>
        c > ' ' && c <= '~' && c is not ('(' or ')' or '<' or '>' or '@' or ',' or ';' or ':' or '\\' or '"' or '/' or '[' or ']' or '?' or '=');
}
