using System.Text;
using RegimenMonitor.Worker.Regimens;

namespace RegimenMonitor.Worker.Tests.Unit.Regimens;

public sealed class NdjsonLineSplitterTests
{
    private const int Max = 16;

    // the lines the splitter makes of the bytes, fed in pieces of chunk bytes
    private static List<NdjsonLine> Split(byte[] bytes, int chunk)
    {
        var splitter = new NdjsonLineSplitter(Max);
        var lines = new List<NdjsonLine>();
        for (var at = 0; at < bytes.Length; at += chunk)
        {
            splitter.Feed(bytes.AsSpan(at, Math.Min(chunk, bytes.Length - at)), lines);
        }

        splitter.Finish(lines);
        return lines;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(17)]
    [InlineData(4096)]
    public void Lines_up_to_the_limit_are_read_and_longer_ones_refused_whatever_the_chunks(int chunk)
    {
        var exact = new string('a', Max);
        var input = Encoding.UTF8.GetBytes($"{exact}\r\n{exact}a\n{new string('b', 1000)}\r\nok\r\n\nlast");
        var lines = Split(input, chunk);
        Assert.Equal(6, lines.Count);
        Assert.Equal(exact, lines[0].Text);
        Assert.StartsWith($"longer than {Max} bytes", lines[1].Unreadable, StringComparison.Ordinal);
        Assert.StartsWith($"longer than {Max} bytes", lines[2].Unreadable, StringComparison.Ordinal);
        Assert.Equal("ok", lines[3].Text);
        Assert.True(lines[4].IsBlank);
        Assert.Equal("last", lines[5].Text);
    }

    [Fact]
    public void An_endless_line_is_refused_as_soon_as_it_passes_the_limit()
    {
        // /dev/zero, a sparse file: no line end ever comes, and nothing of the line is kept
        var splitter = new NdjsonLineSplitter(Max);
        var lines = new List<NdjsonLine>();
        splitter.Feed(new byte[Max], lines);
        Assert.Empty(lines);
        splitter.Feed(new byte[2], lines);
        Assert.StartsWith($"longer than {Max} bytes", Assert.Single(lines).Unreadable, StringComparison.Ordinal);
        for (var i = 0; i < 1000; i++)
        {
            splitter.Feed(new byte[4096], lines);
        }

        splitter.Finish(lines);
        Assert.Single(lines);
    }

    [Fact]
    public void A_line_dropped_past_the_limit_is_counted_until_its_end()
    {
        // what a reader of a device or pipe stops on (NdjsonEvents.MaxRunOnBytes)
        var splitter = new NdjsonLineSplitter(Max);
        var lines = new List<NdjsonLine>();
        splitter.Feed(new byte[Max], lines);
        Assert.Equal(0, splitter.RunOnBytes);
        splitter.Feed(new byte[2], lines);
        Assert.Equal(Max + 2, splitter.RunOnBytes);
        splitter.Feed(new byte[4096], lines);
        Assert.Equal(Max + 2 + 4096, splitter.RunOnBytes);
        splitter.Feed("xx\nok\n"u8, lines);
        Assert.Equal(0, splitter.RunOnBytes);
        Assert.Equal("ok", lines[^1].Text);
    }

    [Fact]
    public void A_line_that_is_not_utf8_is_refused_naming_the_byte_never_showing_the_line()
    {
        var line = Assert.Single(Split([.. "PT-1 \u2019"u8[..6], (byte)'x'], 4096));
        Assert.Null(line.Text);
        Assert.Equal("line is not valid UTF-8 (byte 0xE2 at byte 6 of the line; save the file as UTF-8)", line.Unreadable);
    }
}
