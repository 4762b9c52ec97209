using System.Globalization;
using System.Text.Json.Nodes;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// Where a supplement statement's start came from, kept in the item's details (<c>startSource</c>) for whoever reads
/// the row: <c>inferred</c> when no report gave <c>startedOn</c> (the start is a report's <c>reportedAt</c>),
/// <c>before-stop</c> when it is the day before a stop reported without one, or the <c>reportedAt</c> of the report whose
/// <c>startedOn</c> gave it. The start itself is folded from the statement's reports (<see cref="StatementReports"/>).
/// Items stored before 2026-12-05 have none.
/// </summary>
internal static class StatementStart
{
    private const string Key = "startSource";
    private const string InferredValue = "inferred";
    private const string BeforeStopValue = "before-stop";

    /// <summary>The details value for a start given by a report at <paramref name="givenAt"/>, or inferred.</summary>
    public static string Of(DateTimeOffset? givenAt, bool beforeStop = false) =>
        givenAt is { } at ? at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) : beforeStop ? BeforeStopValue : InferredValue;

    /// <summary>The source recorded in <paramref name="detailsJson"/>, as written; null when none is.</summary>
    public static string? Recorded(string? detailsJson) =>
        detailsJson is not null && detailsJson.Contains(Key, StringComparison.Ordinal)
        && ItemDetails.Parse(detailsJson) is { } details && details[Key] is JsonValue value && value.TryGetValue<string>(out var text)
            ? text
            : null;

    /// <summary>
    /// Whether <paramref name="source"/> (as <see cref="Recorded"/> reads it) says a report gave the start
    /// (<c>startedOn</c>); false for an inferred start, a start before a stop, or none recorded.
    /// </summary>
    public static bool IsGiven(string? source) => source is not null && source != InferredValue && source != BeforeStopValue;

    /// <summary>The details key and value that record <paramref name="source"/> (the value null: removed).</summary>
    public static (string Key, JsonNode? Value) Entry(string? source) => (Key, source is null ? null : JsonValue.Create(source));
}
