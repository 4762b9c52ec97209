using System.Text;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// Cuts the bytes of an NDJSON file into lines as they arrive, holding at most one line of
/// <paramref name="maxLineBytes"/> (plus a CR before its LF) in memory. A longer line is reported once, as soon as it
/// passes the limit, and the rest of it is dropped unread, so a huge or endless line costs no memory and the lines
/// after it are still read. A line is decoded strictly as UTF-8; one that is not is reported, never decoded with
/// replacement characters.
/// </summary>
internal sealed class NdjsonLineSplitter(int maxLineBytes)
{
    private readonly int _max = maxLineBytes;
    private readonly byte[] _line = new byte[maxLineBytes + 1];
    private int _length;

    // the current line passed the limit and was reported: drop the rest of it
    private bool _dropping;

    /// <summary>
    /// The bytes of the current line so far when it passed the limit and is being dropped (its end not seen yet); 0
    /// otherwise. A reader of an input that may never end a line (a device, a pipe) stops on it (<see cref="NdjsonEvents.ReadLinesAsync(string, CancellationToken)"/>).
    /// </summary>
    public long RunOnBytes { get; private set; }

    public string TooLong => $"longer than {_max} bytes (one event is at most {_max / 1024} KiB, as on the broker)";

    /// <summary>Adds the lines that <paramref name="bytes"/> completes (or reveals as too long) to <paramref name="lines"/>.</summary>
    public void Feed(ReadOnlySpan<byte> bytes, List<NdjsonLine> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        while (true)
        {
            var end = bytes.IndexOf((byte)'\n');
            Append(end < 0 ? bytes : bytes[..end], lines);
            if (end < 0)
            {
                return;
            }

            EndLine(lines);
            bytes = bytes[(end + 1)..];
        }
    }

    /// <summary>The end of the file: a last line without a line end is a line too.</summary>
    public void Finish(List<NdjsonLine> lines)
    {
        if (_length > 0 || _dropping)
        {
            EndLine(lines);
        }
    }

    private void Append(ReadOnlySpan<byte> part, List<NdjsonLine> lines)
    {
        if (_dropping)
        {
            RunOnBytes += part.Length;
            return;
        }

        if (part.IsEmpty)
        {
            return;
        }

        if (part.Length > _line.Length - _length)
        {
            // more than the limit even if its last byte turns out to be the CR of a CRLF
            lines.Add(NdjsonLine.Refused(TooLong));
            _dropping = true;
            RunOnBytes = _length + part.Length;
            _length = 0;
            return;
        }

        part.CopyTo(_line.AsSpan(_length));
        _length += part.Length;
    }

    private void EndLine(List<NdjsonLine> lines)
    {
        var length = _length;
        _length = 0;
        if (_dropping)
        {
            _dropping = false;
            RunOnBytes = 0;
            return;
        }

        if (length > 0 && _line[length - 1] == (byte)'\r')
        {
            length--;
        }

        lines.Add(length > _max ? NdjsonLine.Refused(TooLong) : Decode(_line.AsSpan(0, length)));
    }

    private static NdjsonLine Decode(ReadOnlySpan<byte> line) =>
        EventContract.InvalidUtf8Offset(line) is { } offset
            ? NdjsonLine.Refused($"line is not valid UTF-8 (byte 0x{line[offset]:X2} at byte {offset + 1} of the line; save the file as UTF-8)")
            : NdjsonLine.Read(Encoding.UTF8.GetString(line));
}
