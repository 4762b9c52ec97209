using System.Globalization;
using System.Text.RegularExpressions;

namespace RegimenMonitor.Worker.Infrastructure.Messaging;

/// <summary>
/// Strict RFC 3339 (section 5.6) date-times and full-dates: <c>2026-03-01T09:30:00Z</c>,
/// <c>2026-03-01t09:30:00.25+01:00</c>. <c>T</c>/<c>t</c> and <c>Z</c>/<c>z</c> as the RFC allows; an offset is
/// required; no spaces, no leap second, no other layouts that <see cref="DateTimeOffset.TryParse(string?, out DateTimeOffset)"/>
/// would accept. One parser for the broker and the command-line verbs.
/// </summary>
internal static partial class Rfc3339
{
    public const string TimestampForm = "an RFC 3339 timestamp with offset, e.g. 2026-03-01T09:30:00Z";
    public const string DateForm = "a date (RFC 3339 full-date), e.g. 2026-03-01";

    public static bool TryParseTimestamp(string? text, out DateTimeOffset value)
    {
        value = default;
        if (text is null || text.Length > 40)
        {
            return false;
        }

        var match = TimestampPattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var fraction = match.Groups["fraction"].Value;
        var normalised = string.Concat(
            match.Groups["date"].Value, "T", match.Groups["time"].Value,
            fraction.Length == 0 ? ".0" : fraction[..Math.Min(fraction.Length, 8)],
            match.Groups["offset"].Value is "Z" or "z" ? "+00:00" : match.Groups["offset"].Value);
        return DateTimeOffset.TryParseExact(normalised, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture,
            DateTimeStyles.None, out value);
    }

    public static bool TryParseDate(string? text, out DateOnly value)
    {
        value = default;
        return text is { Length: 10 } && DatePattern().IsMatch(text)
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    [GeneratedRegex(@"^(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt](?<time>[0-9]{2}:[0-9]{2}:[0-9]{2})(?<fraction>\.[0-9]{1,9})?(?<offset>[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])\z", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPattern();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}\z", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();
}
