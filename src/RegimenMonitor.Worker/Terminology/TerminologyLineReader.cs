using System.Text;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Terminology;

/// <summary>
/// The lines of a terminology file, decoded strictly as UTF-8 (LF or CRLF line ends; a UTF-8 byte order mark at the
/// start is skipped). A line that is not UTF-8 — a Latin-1 "é", a UTF-16 file — is an error naming the file, the line
/// and the byte, worded as <c>evaluate</c> reports one, instead of a name read with replacement characters.
/// </summary>
internal sealed class TerminologyLineReader : TextReader
{
    /// <summary>
    /// The longest line read (1 MiB). The official files' lines are a few KB at most (an RxNorm name is at most 3,000
    /// characters); a longer one is a damaged or wrong file, refused as soon as it passes the limit, so a file without
    /// line ends (a sparse or binary file) never fills memory.
    /// </summary>
    public const int MaxLineBytes = 1024 * 1024;

    private readonly Stream _stream;
    private readonly string _file;
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly MemoryStream _line = new();
    private int _start;
    private int _end;
    private int _number;

    /// <param name="stream">The file; disposed with the reader.</param>
    /// <param name="file">The file as the import's messages name it (<c>RXNCONSO</c>, <c>product.txt</c>).</param>
    public TerminologyLineReader(Stream stream, string file)
    {
        _stream = stream;
        _file = file;
    }

    public override string? ReadLine()
    {
        _line.SetLength(0);
        var read = false;
        while (true)
        {
            if (_start == _end)
            {
                _start = 0;
                _end = _stream.Read(_buffer, 0, _buffer.Length);
                if (_end == 0)
                {
                    if (!read)
                    {
                        return null;
                    }

                    break;
                }
            }

            read = true;
            var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            var take = (newline < 0 ? _end : newline) - _start;
            if (_line.Length + take > MaxLineBytes + 1) // + 1: a CR before the LF is not the line's
            {
                throw new FormatException($"{_file} line {_number + 1}: longer than {MaxLineBytes} bytes (the official files' lines are a few KB; is this the right file?)");
            }

            if (newline < 0)
            {
                _line.Write(_buffer, _start, _end - _start);
                _start = _end;
                continue;
            }

            _line.Write(_buffer, _start, newline - _start);
            _start = newline + 1;
            break;
        }

        _number++;
        var bytes = _line.GetBuffer().AsSpan(0, (int)_line.Length);
        if (_number == 1 && bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        if (bytes.Length > 0 && bytes[^1] == (byte)'\r')
        {
            bytes = bytes[..^1];
        }

        return EventContract.InvalidUtf8Offset(bytes) is { } offset
            ? throw new FormatException($"{_file} line {_number}: line is not valid UTF-8 (byte 0x{bytes[offset]:X2} at byte {offset + 1} of the line; save the file as UTF-8)")
            : Encoding.UTF8.GetString(bytes);
    }

    // the parsers read lines only
    public override int Peek() => throw new NotSupportedException();

    public override int Read() => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stream.Dispose();
            _line.Dispose();
        }

        base.Dispose(disposing);
    }
}
