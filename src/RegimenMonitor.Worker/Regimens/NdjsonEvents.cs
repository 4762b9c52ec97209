using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// Reads NDJSON event files: one wire-contract event per line with an added <c>"type"</c> of
/// <c>medication-dispensed</c> or <c>supplement-reported</c>. Lines go through the same JSON rules and the same
/// validation and mapping as the consumers. Blank lines are skipped.
/// </summary>
internal static class NdjsonEvents
{
    public const string DispensedType = EventContract.DispensedType;
    public const string SupplementType = EventContract.SupplementType;

    /// <summary>
    /// The longest line read, in bytes without its line end: the broker's limit for one event body
    /// (<see cref="EventContract.MaxBodyBytes"/>), so a file holds nothing the broker would refuse.
    /// </summary>
    public const int MaxLineBytes = EventContract.MaxBodyBytes;

    private const int ChunkBytes = 64 * 1024;

    /// <summary>The reason for a line that starts with a byte order mark (after the first: files joined with their BOMs).</summary>
    public const string ByteOrderMark = "line starts with a byte order mark (U+FEFF; one is allowed only at the start of the file: remove it)";

    public static bool TryParse(string line, int lineNumber, int defaultDaysSupply, out EventLine? parsed, out string? error) =>
        TryParse(line, lineNumber, defaultDaysSupply, EventTimeLimit.From(TimeProvider.System, new RegimenOptions().MaxFutureSkew), out parsed, out error);

    /// <summary>
    /// Parses one line: the same contract checks (<see cref="EventContract"/>), then the same mapping
    /// (<see cref="EventMapper"/>) as the broker's consumers, with the same failure wording. Every reason starts
    /// <c>Invalid event: </c>, as on the broker, whether the line's fields or the line itself (not JSON, no known
    /// type, a byte order mark) are wrong (until 2026-12-05 only the first did).
    /// </summary>
    public static bool TryParse(string line, int lineNumber, int defaultDaysSupply, EventTimeLimit limit, out EventLine? parsed, out string? error)
    {
        var parses = TryParseLine(line, lineNumber, defaultDaysSupply, limit, out parsed, out error);
        error = error is null ? null : InvalidEventException.Prefixed(error);
        return parses;
    }

    private static bool TryParseLine(string line, int lineNumber, int defaultDaysSupply, EventTimeLimit limit, out EventLine? parsed, out string? error)
    {
        ArgumentNullException.ThrowIfNull(line);
        parsed = null;
        error = null;
        if (line.StartsWith('\uFEFF'))
        {
            // a file's own BOM is skipped by the reader; one before a later line is where files were concatenated
            error = ByteOrderMark;
            return false;
        }

        try
        {
            using var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "line is not a JSON object";
                return false;
            }

            var type = TypeOf(document.RootElement, out var suggestion, out var given);
            if (!given)
            {
                // as the broker's reasons name a missing field (found by an independent edge probe: it read "must be")
                error = $"type is required (\"{DispensedType}\" or \"{SupplementType}\": the line's event type, which a file adds to the wire event)";
                return false;
            }

            if (type is not (DispensedType or SupplementType))
            {
                error = $"type must be \"{DispensedType}\" or \"{SupplementType}\"" + (suggestion is null ? string.Empty : $"; did you mean \"{suggestion}\"?");
                return false;
            }

            var failures = EventContract.Check(document.RootElement, type, limit);
            if (ContractDeserializer.LooksLikeEnvelope(document.RootElement, anyCase: failures.Count > 0))
            {
                // as the broker refuses such a body (found by an independent edge probe: evaluate read the outer event and
                // dropped the envelope's own unseen, and replay published it)
                failures = failures.Count > 0
                    ? [$"the line is a MassTransit envelope (messageType and message): a line is the event alone, with its type", .. failures]
                    : ["the line has an event's fields and also an envelope's messageType and message: a line is the event alone (the envelope's message would be dropped unseen)"];
            }

            if (failures.Count > 0)
            {
                throw new InvalidEventException(failures);
            }

            if (type == DispensedType)
            {
                var dispensed = document.RootElement.Deserialize<MedicationDispensed>(WireJson.Options)!;
                parsed = new EventLine(lineNumber, dispensed, EventMapper.Map(dispensed, defaultDaysSupply));
            }
            else
            {
                var supplement = document.RootElement.Deserialize<SupplementReported>(WireJson.Options)!;
                parsed = new EventLine(lineNumber, supplement, EventMapper.Map(supplement, limit.Now));
            }

            return true;
        }
        catch (JsonException ex)
        {
            error = DescribeJsonError(line, ex);
            return false;
        }
        catch (InvalidEventException ex)
        {
            error = ex.Message;
            return false;
        }
    }

    // the line's "type": given twice, it is refused like any field given twice (never last-wins); a property name
    // System.Text.Json cannot read is the line's error, not a crash
    // a type that is not one, but close to one (a typo, another letter case), gets the one it is close to: only that is
    // named, never what was sent, which may be any text (found by a newcomer probe: "medication-dispensd" got no hint)
    private static string? TypeOf(JsonElement line, out string? suggestion, out bool given)
    {
        suggestion = null;
        given = false;
        JsonElement? type = null;
        try
        {
            foreach (var property in line.EnumerateObject())
            {
                // in any letter case, as the broker reads every field (found by an independent edge probe: "Type" was
                // told "type is required")
                if (property.NameEquals("type") || property.Name.Equals("type", StringComparison.OrdinalIgnoreCase))
                {
                    if (type is not null)
                    {
                        throw new InvalidEventException([$"type {EventContract.AppearsTwice}"]);
                    }

                    type = property.Value;
                    given = true;
                }
            }
        }
        catch (InvalidOperationException)
        {
            throw new InvalidEventException([EventContract.InvalidPropertyName]);
        }

        // compared in place: a value that is not valid Unicode (an escaped unpaired surrogate) is just not a type
        try
        {
            if (type is not { ValueKind: JsonValueKind.String } value)
            {
                return null;
            }

            if (value.ValueEquals(DispensedType))
            {
                return DispensedType;
            }

            if (value.ValueEquals(SupplementType))
            {
                return SupplementType;
            }

            // compared only when short (the distance is computed over the whole text; its raw form is no longer than twice
            // the longest type, escapes included)
            if (System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(value).Length <= 2 * SupplementType.Length)
            {
                suggestion = Suggestions.Closest(value.GetString()!, [DispensedType, SupplementType]);
            }

            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>
    /// Parses one line as read: a line the reader could not read is rejected with the reader's reason, any other goes
    /// through <see cref="TryParse(string, int, int, EventTimeLimit, out EventLine?, out string?)"/>.
    /// </summary>
    public static bool TryParse(NdjsonLine line, int lineNumber, int defaultDaysSupply, out EventLine? parsed, out string? error) =>
        TryParse(line, lineNumber, defaultDaysSupply, EventTimeLimit.From(TimeProvider.System, new RegimenOptions().MaxFutureSkew), out parsed, out error);

    /// <summary>The same, with the configured limit on how far ahead of the clock an event's own time may lie.</summary>
    public static bool TryParse(NdjsonLine line, int lineNumber, int defaultDaysSupply, EventTimeLimit limit, out EventLine? parsed, out string? error)
    {
        if (line.Unreadable is { } reason)
        {
            parsed = null;
            error = InvalidEventException.Prefixed(reason);
            return false;
        }

        return TryParse(line.Text!, lineNumber, defaultDaysSupply, limit, out parsed, out error);
    }

    /// <summary>
    /// The lines of an NDJSON file, read as a stream (<see cref="NdjsonLineSplitter"/>): at most
    /// <see cref="MaxLineBytes"/> of a line is held, a longer line is reported as soon as it passes the limit and
    /// skipped, and every line is decoded strictly as UTF-8 (a Windows-1252 file would otherwise be read with
    /// replacement characters and, say, "St John’s Wort" silently not recognised). A line that cannot be read carries
    /// its reason beside its text, so every verb reports it as "line N: …" like any other bad line. A UTF-8 byte order
    /// mark at the start of the file is skipped.
    /// Reading stops, with <see cref="NdjsonReadStopped"/> after the last line read, when the input shows it is no NDJSON:
    /// <see cref="MaxUnreadableRun"/> lines in a row that cannot be read or do not start with <c>{</c> (blank lines
    /// aside: a binary file, <c>/dev/urandom</c>, a CSV file), or, in an
    /// input that is not a regular file (a device, a pipe, standard input: it may never end), a line still without its
    /// end <see cref="MaxRunOnBytes"/> after it started (<c>/dev/zero</c>). A regular file is read to its end, however
    /// long a line: the lines after it are still checked.
    /// </summary>
    public static async IAsyncEnumerable<NdjsonLine> ReadLinesAsync(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        // a regular file has a size; a device (/dev/zero), a pipe or a terminal has none, and may never end
        var endless = !(stream.CanSeek && stream.Length > 0);
        var buffer = new byte[ChunkBytes];
        var splitter = new NdjsonLineSplitter(MaxLineBytes);
        var lines = new List<NdjsonLine>();
        var unreadable = 0;
        var read = await stream.ReadAtLeastAsync(buffer.AsMemory(0, 3), 3, throwOnEndOfStream: false, ct);
        var skip = read == 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF ? 3 : 0;
        splitter.Feed(buffer.AsSpan(skip, read - skip), lines);
        while (read > 0)
        {
            foreach (var line in lines)
            {
                yield return line;
                // blank lines neither count nor break a run; a line of random bytes is at times valid UTF-8, seldom a '{'
                unreadable = line.IsBlank ? unreadable : line.Unreadable is null && line.Text!.TrimStart().StartsWith('{') ? 0 : unreadable + 1;
                if (unreadable >= MaxUnreadableRun)
                {
                    throw new NdjsonReadStopped($"stopped reading: {MaxUnreadableRun} lines in a row, blank lines aside, are no JSON object (not UTF-8 text, longer than {MaxLineBytes} bytes, or not starting with '{{'); is it an NDJSON file, saved as UTF-8?");
                }
            }

            lines.Clear();
            if (endless && splitter.RunOnBytes > MaxRunOnBytes)
            {
                throw new NdjsonReadStopped($"stopped reading: no line end within {MaxRunOnBytes >> 20} MiB, in an input that is not a regular file (a device, a pipe or standard input) and may never end the line; is it an NDJSON file?");
            }

            read = await stream.ReadAsync(buffer, ct);
            splitter.Feed(buffer.AsSpan(0, read), lines);
        }

        splitter.Finish(lines);
        foreach (var line in lines)
        {
            yield return line;
        }
    }

    /// <summary>
    /// <see cref="ReadLinesAsync(string, CancellationToken)"/> for a reader that reports a stop and ends there: when
    /// reading stops (<see cref="NdjsonReadStopped"/>), <paramref name="stopped"/> gets the reason, after the last line
    /// read, and the lines end.
    /// </summary>
    public static async IAsyncEnumerable<NdjsonLine> ReadLinesAsync(string path, Action<string> stopped, [EnumeratorCancellation] CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(stopped);
        await using var reader = ReadLinesAsync(path, ct).GetAsyncEnumerator(ct);
        while (true)
        {
            bool more;
            try
            {
                more = await reader.MoveNextAsync();
            }
            catch (NdjsonReadStopped stop)
            {
                stopped(stop.Message);
                more = false;
            }

            if (!more)
            {
                yield break;
            }

            yield return reader.Current;
        }
    }

    /// <summary>
    /// When <paramref name="firstLine"/>, the first line that is not blank, opens a JSON document instead of holding an
    /// event (the <c>[</c> of an array, as <c>jq -s .</c> writes one, or a <c>{</c> alone, of events written over several
    /// lines, as <c>jq .</c> writes them): how to make NDJSON of it, naming the file as <paramref name="shownFile"/>; else
    /// null (found by a newcomer probe: such a file got one "not valid JSON" per line and no word of what it was).
    /// </summary>
    public static string? JsonDocumentHint(string? firstLine, string shownFile)
    {
        var start = firstLine?.Trim();
        return start is "[" or "{" || start?.StartsWith('[') == true
            ? $"{shownFile} looks like one JSON document (an array of events, or events written over several lines), not NDJSON, one event per line: jq -c '.[]' {shownFile} > events.ndjson writes an array's events so, jq -c . {shownFile} > events.ndjson events written over several lines."
            : null;
    }

    /// <summary>Lines in a row that are no JSON object after which <see cref="ReadLinesAsync(string, CancellationToken)"/> stops.</summary>
    public const int MaxUnreadableRun = 100;

    /// <summary>How long a line of an input that is not a regular file may run without its end before <see cref="ReadLinesAsync(string, CancellationToken)"/> stops: 16 lines' worth.</summary>
    public const long MaxRunOnBytes = 16L * MaxLineBytes;

    /// <summary>The number of lines of a file (for progress bars), counted without holding any line.</summary>
    public static int CountLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
        var buffer = new byte[ChunkBytes];
        var count = 0;
        var last = (byte)'\n';
        int read;
        while ((read = stream.Read(buffer)) > 0)
        {
            count += buffer.AsSpan(0, read).Count((byte)'\n');
            last = buffer[read - 1];
        }

        return last == (byte)'\n' ? count : count + 1;
    }

    /// <summary>
    /// Reads a whole file; returns the events, the bad lines (line number and reason) and, when reading stopped early
    /// (<see cref="NdjsonReadStopped"/>), the last line read and why, apart: it is no further bad line (until 2026-12-07
    /// it was one more entry of the errors, so the demo reported the line it stopped after twice, as skipped both times;
    /// found by an independent edge probe).
    /// </summary>
    public static async Task<(List<EventLine> Events, List<(int Line, string Reason)> Errors, (int Line, string Reason)? Stopped)> ReadFileAsync(
        string path, int defaultDaysSupply, CancellationToken ct)
    {
        var events = new List<EventLine>();
        var errors = new List<(int, string)>();
        (int, string)? stopped = null;
        var number = 0;
        await foreach (var line in ReadLinesAsync(path, reason => stopped = (number, reason), ct))
        {
            number++;
            if (line.IsBlank)
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

        return (events, errors, stopped);
    }

    /// <summary>A JSON error reason that names the field (JSON path) but never echoes the value.</summary>
    internal static string DescribeJsonError(string line, JsonException ex) =>
        ex.Path is { Length: > 0 } path
            ? $"{path.TrimStart('$', '.')}: invalid value (expected {ExpectedFor(ex.Message)})"
            : EventContract.NotJson("line", Encoding.UTF8.GetBytes(line), ex) + (EndsLinesWithCrAlone(line) ? CrAloneHint : string.Empty);

    /// <summary>Added to a syntax error in a line that holds a CR not followed by LF: the file's events may be one line.</summary>
    internal const string CrAloneHint = "; the line holds a carriage return (CR) without a line feed: if the file's lines end in CR alone (classic Mac), save it with LF or CRLF line ends";

    // a CR inside the line (one at its end is the CRLF's, taken off with the line end): JSON reads it as white space,
    // so a file whose events are separated by CR alone reads as one line holding them all
    private static bool EndsLinesWithCrAlone(string line) => line.TrimEnd('\r').Contains('\r', StringComparison.Ordinal);

    private static string ExpectedFor(string message) =>
        message.Contains("DateTimeOffset", StringComparison.Ordinal) ? "an RFC 3339 timestamp with offset, e.g. 2026-03-01T09:30:00Z"
        : message.Contains("DateOnly", StringComparison.Ordinal) ? "a date, e.g. 2026-03-01"
        : message.Contains("Guid", StringComparison.Ordinal) ? "a UUID"
        : message.Contains("Int32", StringComparison.Ordinal) ? "a whole number"
        : message.Contains("Decimal", StringComparison.Ordinal) ? "a number"
        : message.Contains("String", StringComparison.Ordinal) ? "a string"
        : "a value of the contract's type";
}
