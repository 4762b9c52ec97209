using System.Text.Json;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Sweep;
using RegimenMonitor.Worker.Terminology;

namespace RegimenMonitor.Worker.Cli;

/// <summary>
/// <c>regimen-monitor sweep</c>: the nightly regimen sweep, on demand, against the configured database; with
/// <c>--all</c> every regimen, due or not (after a new rule set or a terminology import). Alerts it writes go to the
/// outbox; a running worker's dispatch job publishes them. Safe to interrupt and run again.
/// </summary>
internal static class SweepVerb
{
    public static async Task<int> RunAsync(CliContext context, bool json, bool everyRegimen, CancellationToken ct)
    {
        using var host = RegimenMonitorHost.CreateBuilder(context.HostArguments(), HostRole.Tool).Build();
        ServiceChecks.ValidateConfiguration(host.Services);
        var database = host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        await ServiceChecks.CheckDatabaseAsync(database, requireSchema: !database.MigrateOnStart, "sweep", context.Error, ct);
        if (database.MigrateOnStart)
        {
            await host.Services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        }

        // the worker's terminology: items are re-mapped with it, never back to an older one
        await host.Services.LoadTerminologyAsync(ct);
        var sweeper = host.Services.GetRequiredService<RegimenSweeper>();
        ProgressBar? bar = null;
        var progress = new SynchronousProgress<SweepProgress>(p =>
        {
            bar ??= new ProgressBar(context.Error, (int)Math.Min(int.MaxValue, p.Due));
            bar.Report((int)Math.Min(int.MaxValue, p.Done));
        });
        var result = everyRegimen ? await sweeper.SweepEveryRegimenAsync(progress, ct) : await sweeper.SweepAsync(progress, ct);
        bar?.Report((int)Math.Min(int.MaxValue, result.Regimens), force: true);
        bar?.Complete();
        var rate = result.Elapsed.TotalSeconds > 0 ? result.Regimens / result.Elapsed.TotalSeconds : 0;
        await context.Output.WriteLineAsync(json
            ? JsonSerializer.Serialize(new
            {
                scope = everyRegimen ? "all" : "due",
                regimens = result.Regimens,
                batches = result.Batches,
                alerts = result.Alerts,
                seconds = Math.Round(result.Elapsed.TotalSeconds, 3),
            }, WireJson.Options)
            : $"swept {result.Regimens} {(everyRegimen ? "" : "due ")}regimen(s) in {result.Elapsed.TotalSeconds:F1} s ({rate:F0}/s), {result.Batches} batch(es); {result.Alerts} alert(s) written to the outbox.");
        return ExitCodes.Success;
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; would post to the thread pool out of order).</summary>
    private sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
    {
        public void Report(T value) => report(value);
    }
}
