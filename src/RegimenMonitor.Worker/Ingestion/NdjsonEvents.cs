using System.Text.Json;
using RegimenMonitor.Contracts;

namespace RegimenMonitor.Worker.Ingestion;

/// <summary>
/// Reads NDJSON event files: one wire-contract event per line with an added <c>"type"</c> of
/// <c>medication-dispensed</c> or <c>supplement-reported</c>. Lines go through the same JSON rules and the same
/// validation and mapping as the consumers. Blank lines are skipped.
/// </summary>
internal static class NdjsonEvents
{
    public const string DispensedType = "medication-dispensed";
    public const string SupplementType = "supplement-reported";

    public static bool TryParse(string line, int lineNumber, int defaultDaysSupply, out EventLine? parsed, out string? error)
    {
        parsed = null;
        error = null;
        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "line is not a JSON object";
                return false;
            }

            var type = document.RootElement.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            switch (type)
            {
                case DispensedType:
                    var dispensed = document.RootElement.Deserialize<MedicationDispensed>(WireJson.Options)!;
                    parsed = new EventLine(lineNumber, dispensed, EventMapper.Map(dispensed, defaultDaysSupply));
                    return true;
                case SupplementType:
                    var supplement = document.RootElement.Deserialize<SupplementReported>(WireJson.Options)!;
                    parsed = new EventLine(lineNumber, supplement, EventMapper.Map(supplement));
                    return true;
                default:
                    error = $"type must be \"{DispensedType}\" or \"{SupplementType}\"";
                    return false;
            }
        }
        catch (JsonException ex)
        {
            error = DescribeJsonError(ex);
            return false;
        }
        catch (InvalidEventException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Reads a whole file; returns the events and the errors (line number and reason) separately.</summary>
    public static async Task<(List<EventLine> Events, List<(int Line, string Reason)> Errors)> ReadFileAsync(string path, int defaultDaysSupply, CancellationToken ct)
    {
        var events = new List<EventLine>();
        var errors = new List<(int, string)>();
        var number = 0;
        await foreach (var line in File.ReadLinesAsync(path, ct))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (TryParse(line, number, defaultDaysSupply, out var parsed, out var error))
            {
                events.Add(parsed!);
            }
            else
            {
                errors.Add((number, error!));
            }
        }

        return (events, errors);
    }

    /// <summary>A JSON error reason that names the field (JSON path) but never echoes the value.</summary>
    internal static string DescribeJsonError(JsonException ex) =>
        ex.Path is { Length: > 0 } path
            ? $"{path.TrimStart('$', '.')}: invalid value (expected {ExpectedFor(ex.Message)})"
            : $"not valid JSON (line position {ex.BytePositionInLine})";

    private static string ExpectedFor(string message) =>
        message.Contains("DateTimeOffset", StringComparison.Ordinal) ? "an RFC 3339 timestamp with offset, e.g. 2026-03-01T09:30:00Z"
        : message.Contains("DateOnly", StringComparison.Ordinal) ? "a date, e.g. 2026-03-01"
        : message.Contains("Guid", StringComparison.Ordinal) ? "a UUID"
        : message.Contains("Int32", StringComparison.Ordinal) ? "a whole number"
        : message.Contains("Decimal", StringComparison.Ordinal) ? "a number"
        : message.Contains("String", StringComparison.Ordinal) ? "a string"
        : "a value of the contract's type";
}
