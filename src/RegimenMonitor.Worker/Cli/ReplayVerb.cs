using System.Diagnostics;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Configuration;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Ingestion;

namespace RegimenMonitor.Worker.Cli;

/// <summary>
/// Publishes an NDJSON file to the configured broker, each line to its exchange, with a progress bar on stderr.
/// A bad line is reported with its number and skipped. Exit codes: 0 all published, 2 some lines skipped,
/// 1 nothing could be done (no broker configured, file missing).
/// </summary>
internal static class ReplayVerb
{
    private const int InFlight = 256;

    public static async Task<int> RunAsync(FileInfo file, TextWriter error, CancellationToken ct, IDictionary<string, string?>? overrides = null)
    {
        if (!file.Exists)
        {
            await error.WriteLineAsync($"replay: file not found: {file.FullName}");
            return 1;
        }

        var builder = RegimenMonitorHost.CreateBuilder([], HostRole.Publisher, overrides);
        var messaging = MessagingOptions.From(builder.Configuration);
        if (messaging.EffectiveTransport != MessagingTransport.RabbitMq)
        {
            await error.WriteLineAsync("replay: no broker configured; set ConnectionStrings__RabbitMq (e.g. amqp://user:password@localhost:5672/).");
            return 1;
        }

        var totalLines = File.ReadLines(file.FullName).Count(l => !string.IsNullOrWhiteSpace(l));
        using var host = builder.Build();
        try
        {
            await host.StartAsync(ct);
        }
        catch (Exception ex) when (ConfigurationErrors.Failures(ex) is { } failures)
        {
            await error.WriteLineAsync(ConfigurationErrors.Describe(failures));
            return 1;
        }

        var bus = host.Services.GetRequiredService<IBus>();
        var defaultDaysSupply = host.Services.GetRequiredService<IOptions<RegimenOptions>>().Value.DefaultDaysSupply;
        var progress = new ProgressBar(error, totalLines);
        var stopwatch = Stopwatch.StartNew();
        var pending = new List<Task>(InFlight);
        int published = 0, skipped = 0, number = 0, seen = 0;
        await foreach (var line in NdjsonEvents.ReadLinesAsync(file.FullName, ct))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            seen++;
            if (NdjsonEvents.TryParse(line, number, defaultDaysSupply, out var parsed, out var reason))
            {
                pending.Add(bus.Publish(parsed!.Message, parsed.Message.GetType(), ct));
                published++;
                if (pending.Count >= InFlight)
                {
                    await Task.WhenAll(pending);
                    pending.Clear();
                }
            }
            else
            {
                skipped++;
                progress.Interrupt($"line {number}: skipped: {reason}");
            }

            progress.Report(seen);
        }

        await Task.WhenAll(pending);
        progress.Report(seen, force: true);
        progress.Complete();
        var seconds = Math.Max(stopwatch.Elapsed.TotalSeconds, 0.001);
        await error.WriteLineAsync($"replay: published {published}, skipped {skipped} bad line(s), in {seconds:F1} s ({published / seconds:F0} events/s)");
        await host.StopAsync(CancellationToken.None);
        return skipped == 0 ? 0 : 2;
    }
}
