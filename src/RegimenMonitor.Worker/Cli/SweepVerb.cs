using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Configuration;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Persistence;

namespace RegimenMonitor.Worker.Cli;

/// <summary>
/// <c>regimen-monitor sweep</c>: the nightly regimen sweep, on demand, against the configured database. Alerts it
/// writes go to the outbox; a running worker's dispatch job publishes them. Safe to interrupt and run again.
/// </summary>
internal static class SweepVerb
{
    public static async Task<int> RunAsync(TextWriter output, TextWriter progressOutput, CancellationToken ct)
    {
        try
        {
            using var host = RegimenMonitorHost.CreateBuilder([], HostRole.Tool).Build();
            if (host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.MigrateOnStart)
            {
                await host.Services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
            }

            var sweeper = host.Services.GetRequiredService<RegimenSweeper>();
            ProgressBar? bar = null;
            var result = await sweeper.SweepAsync(new SynchronousProgress<SweepProgress>(p =>
            {
                bar ??= new ProgressBar(progressOutput, (int)Math.Min(int.MaxValue, p.Due));
                bar.Report((int)Math.Min(int.MaxValue, p.Done));
            }), ct);
            bar?.Report((int)Math.Min(int.MaxValue, result.Regimens), force: true);
            bar?.Complete();
            var rate = result.Elapsed.TotalSeconds > 0 ? result.Regimens / result.Elapsed.TotalSeconds : 0;
            await output.WriteLineAsync(
                $"swept {result.Regimens} regimen(s) in {result.Elapsed.TotalSeconds:F1} s ({rate:F0}/s), {result.Batches} batch(es); {result.Alerts} alert(s) written to the outbox.");
            return 0;
        }
        catch (Exception ex) when (ConfigurationErrors.Failures(ex) is { } failures)
        {
            await Console.Error.WriteLineAsync(ConfigurationErrors.Describe(failures));
            return 1;
        }
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool out of order).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
