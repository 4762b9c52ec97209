using System.Text;
using RegimenMonitor.Worker.Cli;

namespace RegimenMonitor.Worker.Tests.Unit.Cli;

/// <summary>What the parser prints itself (--help, --version, help VERB) when its output cannot be written.</summary>
public sealed class ParserOutputTests
{
    [Theory]
    // found by an edge probe: "regimen-monitor --help > /dev/full" printed the parser's unhandled-exception report, stack and all
    [InlineData("--help")]
    [InlineData("-v")]
    [InlineData("help")]
    [InlineData("help evaluate")]
    [InlineData("evaluate --help")]
    public async Task An_output_that_cannot_be_written_is_one_line_on_stderr_and_exit_1(string line)
    {
        var error = new StringWriter();

        var exit = await RegimenMonitorCli.InvokeAsync(line.Split(' '), new FullDevice(), error);

        Assert.Equal(1, exit);
        Assert.Equal("regimen-monitor: cannot write to stdout: No space left on device" + Environment.NewLine, error.ToString());
    }

    // a writer on a full disk: every write fails, as on /dev/full
    private sealed class FullDevice : TextWriter
    {
        public override Encoding Encoding => Encoding.UTF8;

        public override void Write(char value) => throw new IOException("No space left on device");

        public override void Write(string? value) => throw new IOException("No space left on device");

        public override void Write(char[] buffer, int index, int count) => throw new IOException("No space left on device");

        public override Task WriteLineAsync(string? value) => throw new IOException("No space left on device");
    }
}
