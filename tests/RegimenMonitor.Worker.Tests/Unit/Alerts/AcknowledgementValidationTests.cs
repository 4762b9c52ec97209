using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Tests.Unit.Alerts;

/// <summary>What an acknowledgement must carry before it enters the append-only trail (pure).</summary>
public sealed class AcknowledgementValidationTests
{
    private static AlertAcknowledged Acknowledgement(string? by) => new()
    {
        EventId = Guid.Parse("7b0c5d1e-2f3a-4b5c-8d6e-7f8091a2b3c4"),
        AlertId = Guid.Parse("3f1c2a9e-5b7d-4e21-9a0c-6d2f8e4b1a77"),
        AcknowledgedBy = by,
        AcknowledgedAt = new DateTimeOffset(2026, 11, 21, 10, 5, 0, TimeSpan.Zero),
        Outcome = "accepted",
    };

    [Theory]
    [InlineData("\u200b")]
    [InlineData("\u200d\u2060\ufeff")]
    [InlineData("\udb40\udc41\udb40\udc42")]
    [InlineData("\ufffe \uffff")]
    [InlineData("\u200b \u200b")]
    public void An_acknowledger_of_only_invisible_characters_is_refused_naming_the_field(string by)
    {
        var refused = Assert.Throws<InvalidEventException>(() => AcknowledgementRecorder.Validate(Acknowledgement(by)));

        Assert.Equal(EventContract.NoVisibleText("acknowledgedBy"), Assert.Single(refused.Failures));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public void A_missing_or_blank_acknowledger_is_required(string? by)
    {
        var refused = Assert.Throws<InvalidEventException>(() => AcknowledgementRecorder.Validate(Acknowledgement(by)));

        Assert.Equal("acknowledgedBy is required", Assert.Single(refused.Failures));
    }

    [Theory]
    [InlineData("nurse\u202e", null, "acknowledgedBy must not contain bidirectional control characters (U+202E at character 6)")]
    [InlineData("nurse\u2028lee", null, "acknowledgedBy must not contain line or paragraph separators (U+2028 at character 6)")]
    [InlineData("nurse.lee", "ok\u2028fine", "reason must not contain line or paragraph separators (U+2028 at character 3)")]
    [InlineData("nurse.lee", "\u2066override\u2069", "reason must not contain bidirectional control characters (U+2066 at character 1)")]
    [InlineData("nurse.lee", "fine\u0007", "reason must not contain control characters (U+0007 at character 5)")]
    public void Texts_that_would_read_differently_in_the_trail_are_refused_naming_the_field(string by, string? reason, string expected)
    {
        var refused = Assert.Throws<InvalidEventException>(() => AcknowledgementRecorder.Validate(Acknowledgement(by) with { Reason = reason }));

        Assert.Equal(expected, Assert.Single(refused.Failures));
    }

    /// <summary>
    /// Found by a newcomer probe (L4): "acepted" got "outcome must be one of accepted, overridden" without the
    /// suggestion a misspelt type gets; the value given is never shown, only the code suggested.
    /// </summary>
    [Theory]
    [InlineData("acepted", "; did you mean \"accepted\"?")]
    [InlineData("Overridden", "; did you mean \"overridden\"?")]
    [InlineData("overriden", "; did you mean \"overridden\"?")]
    [InlineData("rejected", "")]
    [InlineData("", "")]
    [InlineData("accepted accepted accepted", "")] // a long text is no typo
    public void An_outcome_close_to_a_code_gets_the_code_suggested_never_the_value_shown(string outcome, string suggestion)
    {
        var refused = Assert.Throws<InvalidEventException>(() => AcknowledgementRecorder.Validate(Acknowledgement("nurse.lee") with { Outcome = outcome }));

        Assert.Equal("outcome must be one of accepted, overridden" + suggestion, Assert.Single(refused.Failures));
    }

    [Theory]
    [InlineData("nurse.lee")]
    [InlineData("\u200bdr. kim")]
    [InlineData("李医生")]
    public void A_readable_acknowledger_is_accepted(string by) => AcknowledgementRecorder.Validate(Acknowledgement(by));
}
