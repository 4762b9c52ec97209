using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Cli;

namespace RegimenMonitor.Worker.Tests.Unit.Cli;

/// <summary>
/// The demo's story stays alone on stdout: its host sends every log line to stderr, the worker's warnings and errors as
/// well as <c>--verbose</c>'s informational lines (found by an independent edge probe: without --verbose a warning was
/// printed on stdout, in the middle of the story). No input is known that makes the demo warn, so the host is asked.
/// </summary>
public sealed class DemoHostTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Every_log_line_of_the_demo_goes_to_stderr_with_or_without_verbose(bool verbose)
    {
        using var host = DemoVerb.CreateBuilder(verbose).Build();

        var console = host.Services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value;

        // the console logger writes a line of this level or above to stderr, below it to stdout
        Assert.Equal(LogLevel.Trace, console.LogToStandardErrorThreshold);
    }
}
