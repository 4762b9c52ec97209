using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// What the console prints, not the options: a line logged inside a span shows its trace id with the shipped settings
/// (no <c>Logging:Console:FormatterName</c>) and with the JSON formatter. Found by a newcomer probe: with no formatter
/// named, the console provider copied its legacy IncludeScopes (false) over the formatter's, so no console line
/// carried a trace id although the options said they would. The console's writer is the process's, so this runs in
/// the collection that runs alone (no other host writes to the console meanwhile).
/// </summary>
[Collection(nameof(BrokerRestartGroup))]
public sealed class ConsoleLogCorrelationTests
{
    [Theory]
    [InlineData(null, "TraceId:{0}")]
    [InlineData("simple", "TraceId:{0}")]
    [InlineData("json", "\"TraceId\":\"{0}\"")]
    public void A_console_line_written_inside_a_span_shows_its_trace_id(string? formatter, string expected)
    {
        var captured = new StringWriter();
        var output = TextWriter.Synchronized(captured);
        var (stdout, stderr) = (Console.Out, Console.Error);
        Console.SetOut(output);
        Console.SetError(output);
        string traceId;
        try
        {
            var settings = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information" };
            if (formatter is not null)
            {
                settings["Logging:Console:FormatterName"] = formatter;
            }

            using var host = RegimenMonitorHost.CreateBuilder([], HostRole.Tool, settings).Build();
            using var source = new ActivitySource("console-log-correlation-test");
            using var listener = new ActivityListener
            {
                ShouldListenTo = s => s.Name == source.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            };
            ActivitySource.AddActivityListener(listener);
            using (var activity = source.StartActivity("work"))
            {
                Assert.NotNull(activity);
                traceId = activity.TraceId.ToHexString();
                var logger = host.Services.GetRequiredService<ILogger<ConsoleLogCorrelationTests>>();
                Log.Started(logger, MessagingTransport.InMemory, DatabaseProvider.Sqlite, "test");
            }

            // disposing the host disposes the console provider, which writes out its queue first
        }
        finally
        {
            Console.SetOut(stdout);
            Console.SetError(stderr);
        }

        var text = captured.ToString();
        Assert.Contains("RegimenMonitor starting", text, StringComparison.Ordinal);
        Assert.Contains(string.Format(System.Globalization.CultureInfo.InvariantCulture, expected, traceId), text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_legacy_systemd_format_still_chooses_the_systemd_formatter()
    {
        using var host = RegimenMonitorHost.CreateBuilder([], HostRole.Tool, new Dictionary<string, string?> { ["Logging:Console:Format"] = "Systemd" }).Build();
        Assert.Equal(ConsoleFormatterNames.Systemd, host.Services.GetRequiredService<IOptions<ConsoleLoggerOptions>>().Value.FormatterName);
    }
}
