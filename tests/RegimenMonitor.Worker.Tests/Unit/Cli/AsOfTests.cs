using RegimenMonitor.Worker.Cli;

namespace RegimenMonitor.Worker.Tests.Unit.Cli;

/// <summary>What <c>evaluate --as-of</c> says of a value it does not take.</summary>
public sealed class AsOfTests
{
    [Theory]
    // found by an edge probe: an offset beyond ±14:00 got the generic form, which it seems to meet
    [InlineData("2026-11-05T10:00:00+15:00", "--as-of must have a UTC offset from -14:00 to +14:00 (the range real time zones use), e.g. 2026-03-01T09:30:00+01:00.")]
    [InlineData("2026-11-05T10:00:00-23:59", "--as-of must have a UTC offset from -14:00 to +14:00")]
    [InlineData("2016-12-31T23:59:60Z", "--as-of must not be a leap second (second 60 is not supported; use :59).")]
    [InlineData("tomorrow", "--as-of must be a date (2026-11-21: the end of that day, UTC) or an RFC 3339 timestamp with offset, in the years 1900 to 2200.")]
    [InlineData("2026-11-05T10:00:00+25:00", "--as-of must be a date")]
    public void A_value_that_is_no_as_of_is_told_what_is_wrong(string value, string expected)
    {
        Assert.False(EvaluateVerb.TryParseAsOf(value, TimeProvider.System, out _));
        Assert.StartsWith(expected, EvaluateVerb.AsOfProblem(value), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-05T10:00:00+14:00")]
    [InlineData("2026-11-05T10:00:00-14:00")]
    [InlineData("2026-11-05")]
    public void The_offsets_real_time_zones_use_are_taken(string value) =>
        Assert.True(EvaluateVerb.TryParseAsOf(value, TimeProvider.System, out _));
}
