using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Tests.Unit.Infrastructure;

/// <summary>
/// The reason an invalid event carries to <c>_error</c> (<c>MT-Fault-Message</c>, which MassTransit cuts at 2,048
/// characters without a mark): at most that long, cut at a reason's end, saying how many reasons it leaves out.
/// </summary>
public sealed class InvalidEventExceptionTests
{
    private static List<string> Reasons(int count) =>
        [.. Enumerable.Range(0, count).Select(i => $"Bundle.entry[{i}].resource.subject must reference a Patient (Patient/id) or carry an identifier")];

    [Fact]
    public void A_reason_list_that_fits_is_the_whole_list()
    {
        var reasons = Reasons(3);

        var invalid = new InvalidEventException(reasons);

        Assert.Equal("Invalid event: " + string.Join("; ", reasons), invalid.Message);
        Assert.DoesNotContain("more reason", invalid.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(40)]
    [InlineData(200)]
    public void A_longer_list_keeps_whole_reasons_and_counts_those_left_out(int count)
    {
        var reasons = Reasons(count);
        Assert.True(("Invalid event: " + string.Join("; ", reasons)).Length > InvalidEventException.MaxMessageLength);

        var invalid = new InvalidEventException(reasons);

        Assert.True(invalid.Message.Length <= InvalidEventException.MaxMessageLength, $"{invalid.Message.Length} characters");
        var kept = invalid.Message["Invalid event: ".Length..].Split("; ")[..^1];
        Assert.Equal(reasons.Take(kept.Length), kept);
        Assert.EndsWith($"; … ({count - kept.Length} more reasons)", invalid.Message, StringComparison.Ordinal);
        // as many as fit beside the mark: one more would not
        Assert.True(invalid.Message.Length + reasons[kept.Length].Length + 2 > InvalidEventException.MaxMessageLength);
        Assert.Equal(count, invalid.Failures.Count);
    }

    [Fact]
    public void A_first_reason_too_long_alone_is_cut_and_marked()
    {
        var reasons = new List<string> { new('x', 3000), "status is required" };

        var invalid = new InvalidEventException(reasons);

        Assert.Equal(InvalidEventException.MaxMessageLength, invalid.Message.Length);
        Assert.EndsWith("x… (truncated; 1 more reason)", invalid.Message, StringComparison.Ordinal);
        Assert.EndsWith("x… (truncated)", new InvalidEventException(new string('x', 3000)).Message, StringComparison.Ordinal);
    }
}
