using System.Globalization;
using System.Text.Json.Nodes;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// Where a supplement statement's start came from, kept in the item's details (<c>startSource</c>): <c>inferred</c>
/// when no report gave <c>startedOn</c> (the start is a report's <c>reportedAt</c>), or the <c>reportedAt</c> of the
/// report whose <c>startedOn</c> gave it. With it an older report that arrives after a newer one can still give the
/// start it would have left in order (<see cref="RegimenItemUpdate"/>). Items stored before it was recorded have none.
/// </summary>
internal static class StatementStart
{
    private const string Key = "startSource";
    private const string InferredValue = "inferred";
    private const string BeforeStopValue = "before-stop";

    /// <summary>
    /// The source of a start: inferred (from a report's time, or, <see cref="BeforeStop"/>, the day before a stop reported
    /// without a start), given by a report at <see cref="GivenAt"/>, or neither (not recorded).
    /// </summary>
    public readonly record struct StartSource(bool Inferred, DateTimeOffset? GivenAt, bool BeforeStop = false);

    /// <summary>The details value for a statement's own start.</summary>
    public static string Of(DateTimeOffset? givenAt, bool beforeStop = false) =>
        givenAt is { } at ? at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) : beforeStop ? BeforeStopValue : InferredValue;

    /// <summary>The source of the start a statement's own change gives (as <see cref="Of(DateTimeOffset?, bool)"/> records it).</summary>
    public static StartSource Of(RegimenChange change) =>
        change.StartInferred ? new StartSource(true, null, change.StartBeforeStop) : new StartSource(false, change.EffectiveAt);

    public static StartSource Source(string? detailsJson)
    {
        if (detailsJson is null || !detailsJson.Contains(Key, StringComparison.Ordinal)
            || JsonNode.Parse(detailsJson) is not JsonObject details || details[Key] is not JsonValue value
            || !value.TryGetValue<string>(out var text))
        {
            return default;
        }

        return text == InferredValue ? new StartSource(true, null)
            : text == BeforeStopValue ? new StartSource(true, null, true)
            : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at) ? new StartSource(false, at)
            : default;
    }

    /// <summary><paramref name="detailsJson"/> with <paramref name="source"/> as its start's source (removed when not recorded).</summary>
    public static string? WithSource(string? detailsJson, StartSource source) =>
        ItemDetails.Set(detailsJson, Key, source.Inferred || source.GivenAt is not null ? JsonValue.Create(Of(source.Inferred ? null : source.GivenAt, source.BeforeStop)) : null);
}
