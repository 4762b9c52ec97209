using System.Diagnostics;
using System.Globalization;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Configuration;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Ingestion;
using RegimenMonitor.Worker.Persistence;

namespace RegimenMonitor.Worker.Cli;

/// <summary>
/// Runs the real worker on embedded defaults (in-memory transport, a fresh SQLite file under ./data, Quartz in
/// memory), publishes the bundled sample feed through the bus, waits until every event is committed, and prints
/// what happened to each patient's regimen.
/// </summary>
internal static class DemoVerb
{
    public const string DemoDatabase = "data/demo.db";

    public static async Task<int> RunAsync(DirectoryInfo? samples, TextWriter output, CancellationToken ct)
    {
        var folder = samples ?? FindSamples();
        if (folder is null || !folder.Exists)
        {
            await Console.Error.WriteLineAsync("demo: no samples folder found; pass --samples DIR.");
            return 1;
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(DemoDatabase))!);
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(DemoDatabase + suffix);
        }

        using var host = RegimenMonitorHost.CreateBuilder([], HostRole.Worker, Settings()).Build();
        await host.StartAsync(ct);
        var stopwatch = Stopwatch.StartNew();

        var files = folder.GetFiles("*.ndjson").OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        var bus = host.Services.GetRequiredService<IBus>();
        var defaultDaysSupply = host.Services.GetRequiredService<IOptions<RegimenOptions>>().Value.DefaultDaysSupply;
        var published = 0;
        var distinct = new HashSet<Guid>();
        foreach (var file in files)
        {
            var (events, errors) = await NdjsonEvents.ReadFileAsync(file.FullName, defaultDaysSupply, ct);
            foreach (var (line, reason) in errors)
            {
                await output.WriteLineAsync($"{file.Name}:{line}: skipped: {reason}");
            }

            foreach (var e in events)
            {
                await bus.Publish(e.Message, e.Message.GetType(), ct);
                published++;
                distinct.Add(e.Change.EventId);
            }

            await output.WriteLineAsync($"published {events.Count} event(s) from {file.Name}");
        }

        await using var scope = host.Services.CreateAsyncScope();
        var reader = scope.ServiceProvider.GetRequiredService<RegimenReader>();
        var deadline = Stopwatch.StartNew();
        // A duplicate delivery leaves no second inbox row: wait for one row per distinct event id.
        while (await reader.CountProcessedAsync(ct) < distinct.Count)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                await Console.Error.WriteLineAsync("demo: timed out waiting for the pipeline; see the _error queues in the log above.");
                return 1;
            }

            await Task.Delay(50, ct);
        }

        var outcomes = await reader.CountOutcomesAsync(ct);
        await output.WriteLineAsync();
        await output.WriteLineAsync(
            $"{published} events published, {distinct.Count} distinct, committed in {stopwatch.Elapsed.TotalSeconds:F1} s: {Count(outcomes, "applied")} applied, {published - distinct.Count} duplicate(s) and {Count(outcomes, "stale")} stale correction(s) changed nothing.");
        foreach (var patientRef in await reader.ListPatientRefsAsync(ct))
        {
            var view = (await reader.GetPatientAsync(patientRef, ct))!;
            await output.WriteLineAsync();
            await output.WriteLineAsync($"Patient {view.PatientId} (version {view.Version})");
            foreach (var item in view.Items)
            {
                var until = item.DaysSupply is { } days
                    ? $"{days} days{(item.DaysSupplyAssumed ? " (assumed)" : string.Empty)}"
                    : item.StoppedAt is { } stopped ? $"stopped {stopped:yyyy-MM-dd}" : "ongoing";
                var state = item.Withdrawn ? $"WITHDRAWN ({item.Status})" : item.Status;
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {item.StartedAt:yyyy-MM-dd}  {item.Kind,-10}  {Truncate(item.ProductText, 38),-38}  {until,-20}  {state}"));
            }

            foreach (var text in view.Unrecognised)
            {
                await output.WriteLineAsync($"  unrecognised product (kept, not evaluated): {text}");
            }

            if (view.Findings.Count == 0)
            {
                await output.WriteLineAsync("  no active findings");
            }

            foreach (var active in view.Findings)
            {
                var f = active.Finding;
                await output.WriteLineAsync($"  [{f.Severity.ToUpperInvariant()}] {f.Concern} {f.RuleId}: {f.Title}");
                await output.WriteLineAsync($"      products: {string.Join(", ", f.Involves.Select(i => $"{i.ProductText} ({i.Ingredient})"))}");
                await output.WriteLineAsync($"      since {f.Since:yyyy-MM-dd}; do: {f.Recommendation}");
                await output.WriteLineAsync($"      evidence: {string.Join("; ", f.Evidence.Select(e => e.Grade).Distinct())}, {f.Evidence.Count} reference(s); alert {active.AlertId}");
            }
        }

        await host.StopAsync(CancellationToken.None);
        return 0;
    }

    /// <summary>The embedded-defaults profile of the demo: in-memory transport, its own SQLite file, no health port.</summary>
    internal static Dictionary<string, string?> Settings() => new()
    {
        ["Database:Provider"] = "Sqlite",
        ["ConnectionStrings:Database"] = $"Data Source={DemoDatabase}",
        ["Messaging:Transport"] = "InMemory",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Health:Enabled"] = "false",
    };

    private static int Count(Dictionary<string, int> outcomes, string key) => outcomes.TryGetValue(key, out var n) ? n : 0;

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static DirectoryInfo? FindSamples()
    {
        foreach (var candidate in new[] { Path.Combine(Environment.CurrentDirectory, "samples"), Path.Combine(AppContext.BaseDirectory, "samples") })
        {
            if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.ndjson").Any())
            {
                return new DirectoryInfo(candidate);
            }
        }

        return null;
    }
}
