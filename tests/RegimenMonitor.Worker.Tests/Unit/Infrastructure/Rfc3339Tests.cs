using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Tests.Unit.Infrastructure;

/// <summary>
/// The timestamp parser reads the fields in place; these tests hold it to the RFC's rules and, on a large random corpus
/// of valid, nearly valid and broken texts, to the reference below (the pattern plus the framework's exact parse).
/// </summary>
public sealed partial class Rfc3339Tests
{
    [Theory]
    [InlineData("2026-03-01T09:30:00Z", "2026-03-01T09:30:00.0000000+00:00")]
    [InlineData("2026-03-01t09:30:00z", "2026-03-01T09:30:00.0000000+00:00")]
    [InlineData("2026-03-01T09:30:00.25+01:00", "2026-03-01T09:30:00.2500000+01:00")]
    [InlineData("2026-03-01T09:30:00.123456789-05:30", "2026-03-01T09:30:00.1234567-05:30")]
    [InlineData("2024-02-29T23:59:59.9999999+14:00", "2024-02-29T23:59:59.9999999+14:00")]
    [InlineData("0001-01-01T00:00:00Z", "0001-01-01T00:00:00.0000000+00:00")]
    [InlineData("9999-12-31T23:59:59.9999999Z", "9999-12-31T23:59:59.9999999+00:00")]
    [InlineData("2026-03-01T09:30:00-00:00", "2026-03-01T09:30:00.0000000+00:00")]
    public void Valid_timestamps_keep_their_instant_and_offset(string text, string expected)
    {
        Assert.True(Rfc3339.TryParseTimestamp(text, out var value));
        Assert.Equal(expected, value.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffzzz", CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("2026-02-29T09:30:00Z")] // not a leap year
    [InlineData("2026-13-01T09:30:00Z")]
    [InlineData("2026-00-01T09:30:00Z")]
    [InlineData("2026-04-31T09:30:00Z")]
    [InlineData("0000-01-01T00:00:00Z")]
    [InlineData("2026-03-01T24:00:00Z")]
    [InlineData("2026-03-01T09:60:00Z")]
    [InlineData("2026-03-01T09:30:60Z")] // no leap second
    [InlineData("2026-03-01T09:30:00+14:01")]
    [InlineData("2026-03-01T09:30:00-15:00")]
    [InlineData("0001-01-01T00:00:00+00:01")] // before the first representable instant
    [InlineData("9999-12-31T23:59:59-00:01")] // after the last
    [InlineData("2026-03-01 09:30:00Z")]
    [InlineData("2026-03-01T09:30:00")]
    [InlineData("2026-03-01T09:30:00.Z")]
    [InlineData("2026-03-01T09:30:00.1234567890Z")]
    [InlineData("2026-03-01T09:30Z")]
    [InlineData("2026-03-01T09:30:00+0100")]
    [InlineData("2026-03-01T09:30:00Z ")]
    [InlineData("２０２６-03-01T09:30:00Z")] // digits, but not ASCII ones
    [InlineData("")]
    [InlineData(null)]
    public void Invalid_timestamps_are_rejected(string? text) =>
        Assert.False(Rfc3339.TryParseTimestamp(text, out _));

    [Theory]
    [InlineData("2016-12-31T23:59:60Z", true)]
    [InlineData("2026-03-01T09:30:60.5+01:00", true)]
    [InlineData("2026-03-01T09:30:59Z", false)] // valid: not a leap second
    [InlineData("2026-03-01T09:30:61Z", false)]
    [InlineData("2026-02-30T09:30:60Z", false)] // wrong on more than its second
    [InlineData("2026-03-01T09:30:60", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void A_leap_second_is_told_from_other_invalid_timestamps(string? text, bool leapSecond)
    {
        Assert.Equal(leapSecond, Rfc3339.IsLeapSecond(text));
        Assert.False(leapSecond && Rfc3339.TryParseTimestamp(text, out _));
    }

    [Theory]
    [InlineData("2026-11-01T09:30:00-23:59", true)]
    [InlineData("2026-11-01T09:30:00.5+14:01", true)]
    [InlineData("2026-11-01T09:30:00+14:00", false)] // valid
    [InlineData("2026-11-01T09:30:00-14:00", false)]
    [InlineData("2026-11-01T09:30:00Z", false)]
    [InlineData("2026-02-30T09:30:00-15:00", false)] // wrong on more than its offset
    [InlineData("2026-11-01T09:30:00-24:00", false)] // not RFC 3339 either
    [InlineData("2026-11-01T09:30:00-15:00 ", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void An_offset_beyond_14_hours_is_told_from_other_invalid_timestamps(string? text, bool beyond)
    {
        Assert.Equal(beyond, Rfc3339.IsOffsetBeyondRange(text));
        Assert.False(beyond && Rfc3339.TryParseTimestamp(text, out _));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00+00:01", true)]
    [InlineData("0001-01-01T00:30:00+01:00", true)]
    [InlineData("9999-12-31T23:59:59-00:01", true)]
    [InlineData("0000-02-29T00:00:00Z", true)] // year 0 is a leap year
    [InlineData("0000-02-30T00:00:00Z", false)]
    [InlineData("2026-02-29T09:30:00Z", false)]
    [InlineData("2026-03-01T09:30:00", false)]
    public void A_well_formed_timestamp_no_DateTimeOffset_holds_is_out_of_range_not_malformed(string text, bool outOfRange)
    {
        Assert.False(Rfc3339.TryParseTimestamp(text, out _, out var beyond));
        Assert.Equal(outOfRange, beyond);
    }

    [Fact]
    public void A_random_corpus_parses_exactly_as_the_reference_does()
    {
        var random = new Random(3339);
        int accepted = 0, rejected = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var text = Candidate(random);
            var ok = Rfc3339.TryParseTimestamp(text, out var value);
            var expectedOk = Reference(text, out var expected);
            Assert.True(ok == expectedOk, $"'{text}': parser {ok}, reference {expectedOk}");
            if (ok)
            {
                Assert.True(value.Ticks == expected.Ticks && value.Offset == expected.Offset, $"'{text}': {value:o} vs {expected:o}");
                accepted++;
            }
            else
            {
                rejected++;
            }
        }

        // the corpus must exercise both sides, or it proves nothing
        Assert.InRange(accepted, 20_000, 180_000);
        Assert.InRange(rejected, 20_000, 180_000);
    }

    // mostly well formed, with edge values (day 29-31, hour 23-24, offsets near ±14:00, long fractions), and a share
    // with one character changed, inserted or removed
    private static string Candidate(Random random)
    {
        var builder = new StringBuilder();
        builder.Append(random.Next(10) == 0 ? Pick(random, "0000", "0001", "9999", "1900", "2000", "2100") : random.Next(1950, 2100).ToString("D4", CultureInfo.InvariantCulture));
        builder.Append('-').Append(random.Next(0, 14).ToString("D2", CultureInfo.InvariantCulture));
        builder.Append('-').Append((random.Next(4) == 0 ? random.Next(28, 33) : random.Next(0, 29)).ToString("D2", CultureInfo.InvariantCulture));
        builder.Append(Pick(random, "T", "T", "T", "t"));
        builder.Append(random.Next(0, 26).ToString("D2", CultureInfo.InvariantCulture));
        builder.Append(':').Append(random.Next(0, 62).ToString("D2", CultureInfo.InvariantCulture));
        builder.Append(':').Append(random.Next(0, 62).ToString("D2", CultureInfo.InvariantCulture));
        if (random.Next(2) == 0)
        {
            builder.Append('.');
            var digits = random.Next(0, 11);
            for (var d = 0; d < digits; d++)
            {
                builder.Append((char)('0' + random.Next(10)));
            }
        }

        if (random.Next(3) == 0)
        {
            builder.Append(Pick(random, "Z", "z"));
        }
        else
        {
            builder.Append(Pick(random, "+", "-"));
            builder.Append((random.Next(3) == 0 ? random.Next(12, 25) : random.Next(0, 12)).ToString("D2", CultureInfo.InvariantCulture));
            builder.Append(':').Append(random.Next(0, 61).ToString("D2", CultureInfo.InvariantCulture));
        }

        if (random.Next(5) == 0)
        {
            var at = random.Next(builder.Length);
            var c = Pick(random, "0", "9", "T", " ", "Z", ":", "-", "+", ".", "x", "٣");
            switch (random.Next(3))
            {
                case 0: builder[at] = c[0]; break;
                case 1: builder.Insert(at, c); break;
                default: builder.Remove(at, 1); break;
            }
        }

        return builder.ToString();
    }

    private static string Pick(Random random, params string[] choices) => choices[random.Next(choices.Length)];

    // the parser as first written: the pattern's groups, normalised, then the framework's exact parse
    private static bool Reference(string text, out DateTimeOffset value)
    {
        value = default;
        if (text.Length > 40)
        {
            return false;
        }

        var match = ReferencePattern().Match(text);
        if (!match.Success)
        {
            return false;
        }

        var fraction = match.Groups["fraction"].Value;
        var normalised = string.Concat(
            match.Groups["date"].Value, "T", match.Groups["time"].Value,
            fraction.Length == 0 ? ".0" : fraction[..Math.Min(fraction.Length, 8)],
            match.Groups["offset"].Value is "Z" or "z" ? "+00:00" : match.Groups["offset"].Value);
        return DateTimeOffset.TryParseExact(normalised, "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    [GeneratedRegex(@"^(?<date>[0-9]{4}-[0-9]{2}-[0-9]{2})[Tt](?<time>[0-9]{2}:[0-9]{2}:[0-9]{2})(?<fraction>\.[0-9]{1,9})?(?<offset>[Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])\z", RegexOptions.CultureInvariant)]
    private static partial Regex ReferencePattern();
}
