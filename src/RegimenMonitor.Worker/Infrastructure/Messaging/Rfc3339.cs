using System.Globalization;
using System.Text.RegularExpressions;

namespace RegimenMonitor.Worker.Infrastructure.Messaging;

/// <summary>
/// Strict RFC 3339 (section 5.6) date-times and full-dates: <c>2026-03-01T09:30:00Z</c>,
/// <c>2026-03-01t09:30:00.25+01:00</c>. <c>T</c>/<c>t</c> and <c>Z</c>/<c>z</c> as the RFC allows; an offset is
/// required; no spaces, no leap second (its own reason, <see cref="LeapSecond"/>), no other layouts that <see cref="DateTimeOffset.TryParse(string?, out DateTimeOffset)"/>
/// would accept. One parser for the broker and the command-line verbs.
/// </summary>
internal static partial class Rfc3339
{
    public const string TimestampForm = "an RFC 3339 timestamp with offset, e.g. 2026-03-01T09:30:00Z";
    public const string DateForm = "a date (RFC 3339 full-date), e.g. 2026-03-01";

    public static bool TryParseTimestamp(string? text, out DateTimeOffset value) => TryParseTimestamp(text, out value, out _);

    /// <summary>
    /// Parses a timestamp; <paramref name="outOfRange"/> tells a well-formed RFC 3339 timestamp that no
    /// <see cref="DateTimeOffset"/> can hold (year 0, or an offset taking it before 0001-01-01 or after 9999-12-31 in
    /// UTC) from one that is not RFC 3339 at all.
    /// </summary>
    public static bool TryParseTimestamp(string? text, out DateTimeOffset value, out bool outOfRange)
    {
        value = default;
        outOfRange = false;
        if (text is null || text.Length > 40 || !TimestampPattern().IsMatch(text))
        {
            return false;
        }

        // the pattern fixed the layout: yyyy-MM-ddTHH:mm:ss at 0-18, an optional fraction, then Z or ±HH:MM; read the
        // fields in place (this runs for every event time the edge checks and deserialises: no Match, no strings)
        var s = text.AsSpan();
        int year = Digits(s, 0, 4), month = Digits(s, 5, 2), day = Digits(s, 8, 2);
        int hour = Digits(s, 11, 2), minute = Digits(s, 14, 2), second = Digits(s, 17, 2);
        var at = 19;
        long fractionTicks = 0;
        if (s[at] == '.')
        {
            // seven digits are 100 ns ticks; further digits are truncated
            var digits = 0;
            for (at++; char.IsAsciiDigit(s[at]); at++)
            {
                if (digits < 7)
                {
                    fractionTicks = (fractionTicks * 10) + (s[at] - '0');
                    digits++;
                }
            }

            for (; digits < 7; digits++)
            {
                fractionTicks *= 10;
            }
        }

        var offset = s[at] is 'Z' or 'z'
            ? TimeSpan.Zero
            : (s[at] == '-' ? -1 : 1) * new TimeSpan(Digits(s, at + 1, 2), Digits(s, at + 4, 2), 0);
        // year 0 is a leap year of the proleptic Gregorian calendar, as 2000 is
        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year == 0 ? 2000 : year, month)
            || hour > 23 || minute > 59 || second > 59 || offset.Duration() > MaxOffset)
        {
            return false;
        }

        if (year == 0)
        {
            outOfRange = true;
            return false;
        }

        var local = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fractionTicks;
        var utc = local - offset.Ticks;
        if (utc < DateTime.MinValue.Ticks || utc > DateTime.MaxValue.Ticks)
        {
            outOfRange = true;
            return false;
        }

        value = new DateTimeOffset(local, offset);
        return true;
    }

    /// <summary>
    /// True for an RFC 3339 timestamp whose second is 60 (a leap second, <c>2016-12-31T23:59:60Z</c>) and that is valid
    /// with :59: refused like any timestamp this parser does not take, but worth its own reason.
    /// </summary>
    public static bool IsLeapSecond(string? text) =>
        text is { Length: >= 20 and <= 40 } && TimestampPattern().IsMatch(text) && text.AsSpan(17, 2).SequenceEqual("60")
        && TryParseTimestamp(string.Concat(text.AsSpan(0, 17), "59", text.AsSpan(19)), out _, out _);

    /// <summary>The reason for a leap second in <paramref name="field"/>.</summary>
    public static string LeapSecond(string field) => $"{field} must not be a leap second (second 60 is not supported; use :59)";

    /// <summary>
    /// True for an RFC 3339 timestamp whose offset lies beyond ±14:00 (<c>2026-11-01T09:30:00-23:59</c>) and that is
    /// valid with <c>Z</c>: the RFC allows it, no time zone uses it, and this parser refuses it with its own reason.
    /// </summary>
    public static bool IsOffsetBeyondRange(string? text) =>
        text is { Length: >= 25 and <= 40 } && TimestampPattern().IsMatch(text) && text[^6] is '+' or '-'
        && new TimeSpan(Digits(text, text.Length - 5, 2), Digits(text, text.Length - 2, 2), 0) > MaxOffset
        && TryParseTimestamp(string.Concat(text.AsSpan(0, text.Length - 6), "Z"), out _, out _);

    /// <summary>The reason for an offset beyond ±14:00 in <paramref name="field"/>.</summary>
    public static string OffsetBeyondRange(string field) =>
        $"{field} must have a UTC offset from -14:00 to +14:00 (the range real time zones use), e.g. 2026-03-01T09:30:00+01:00";

    /// <summary>
    /// True for a timestamp that lacks only its UTC offset (<c>2026-11-01T09:30:00</c>, a local time): valid with <c>Z</c>
    /// added. FHIR's dateTime with a time needs one, as the native contract's timestamps do.
    /// </summary>
    public static bool IsWithoutOffset(string? text) =>
        text is { Length: >= 19 and <= 34 } && text[10] == 'T' && text[^1] is >= '0' and <= '9' && text.IndexOfAny(['+', 'Z', 'z'], 11) < 0
        && text.LastIndexOf('-') < 10 && TryParseTimestamp(text + "Z", out _, out _);

    /// <summary>The reason for a timestamp without a UTC offset in <paramref name="field"/>.</summary>
    public static string WithoutOffset(string field) =>
        $"{field} must have a UTC offset (Z or +hh:mm/-hh:mm): a time without one names no instant, e.g. 2026-03-01T09:30:00Z or 2026-03-01T09:30:00-05:00";

    /// <summary>
    /// True for a date or timestamp in the right layout whose month has no such day, or that names month 0 or 13 and up
    /// (<c>2026-02-29</c>, <c>2026-04-31T09:00:00Z</c>): refused like any value this parser does not take, but worth
    /// its own reason (found by an independent edge probe: the layout reason did not say what was wrong).
    /// </summary>
    public static bool IsNoSuchDay(string? text)
    {
        if (text is null || !(text.Length == 10 ? DatePattern().IsMatch(text) : text.Length <= 40 && TimestampPattern().IsMatch(text)))
        {
            return false;
        }

        int year = Digits(text, 0, 4), month = Digits(text, 5, 2), day = Digits(text, 8, 2);
        return month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year == 0 ? 2000 : year, month);
    }

    /// <summary>The reason for a day the calendar does not have in <paramref name="field"/>; the value is not repeated.</summary>
    public static string NoSuchDay(string field) =>
        $"{field} names a day the calendar does not have (no such month, or the month has fewer days): check the date";

    public static bool TryParseDate(string? text, out DateOnly value)
    {
        value = default;
        return text is { Length: 10 } && DatePattern().IsMatch(text)
            && DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    private static readonly TimeSpan MaxOffset = TimeSpan.FromHours(14);

    // the decimal value of the ASCII digits text[start..start+count] (the pattern has checked they are digits)
    private static int Digits(ReadOnlySpan<char> text, int start, int count)
    {
        var value = 0;
        foreach (var c in text.Slice(start, count))
        {
            value = (value * 10) + (c - '0');
        }

        return value;
    }

    [GeneratedRegex(@"^(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt](?<time>[0-9]{2}:[0-9]{2}:[0-9]{2})(?<fraction>\.[0-9]{1,9})?(?<offset>[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])\z", RegexOptions.CultureInvariant)]
    private static partial Regex TimestampPattern();

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}\z", RegexOptions.CultureInvariant)]
    private static partial Regex DatePattern();
}
