using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RegimenMonitor.Contracts;
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

        var builder = RegimenMonitorHost.CreateBuilder([], HostRole.Worker, Settings());
        var defaultDaysSupply = builder.Configuration.GetValue(RegimenOptions.SectionName + ":" + nameof(RegimenOptions.DefaultDaysSupply), new RegimenOptions().DefaultDaysSupply);
        var files = folder.GetFiles("*.ndjson").OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        var feeds = new List<(FileInfo File, List<EventLine> Events, List<(int Line, string Reason)> Errors)>();
        foreach (var file in files)
        {
            var (events, errors) = await NdjsonEvents.ReadFileAsync(file.FullName, defaultDaysSupply, ct);
            feeds.Add((file, events, errors));
        }

        // The demo's clock starts an hour after the feed's last event and runs on from there, so the output is the
        // same whatever day the demo is run.
        var lastEvent = feeds.SelectMany(f => f.Events).Select(e => e.Change.EffectiveAt).DefaultIfEmpty(DateTimeOffset.UtcNow).Max();
        var clock = new ShiftedClock(lastEvent.AddHours(1));
        builder.Services.AddSingleton<TimeProvider>(clock);
        using var host = builder.Build();
        await host.StartAsync(ct);
        var stopwatch = Stopwatch.StartNew();
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"demo clock: {clock.GetUtcNow():yyyy-MM-dd HH:mm} UTC (an hour after the sample feed's last event)"));

        var bus = host.Services.GetRequiredService<IBus>();
        // A care team's subscription: everything published to care.regimen-alerts.
        var received = new ConcurrentQueue<RegimenAlertRaised>();
        var careTeam = bus.ConnectReceiveEndpoint("demo-care-team", e => e.Handler<RegimenAlertRaised>(context =>
        {
            received.Enqueue(context.Message);
            return Task.CompletedTask;
        }));
        await careTeam.Ready;
        var published = 0;
        var distinct = new HashSet<Guid>();
        foreach (var (file, events, errors) in feeds)
        {
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

        // Then for the dispatch job to drain the outbox onto the bus.
        while (await reader.CountUndispatchedAlertsAsync(ct) > 0 || received.Count < await reader.CountDispatchedAlertsAsync(ct))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(90))
            {
                await Console.Error.WriteLineAsync("demo: timed out waiting for the alert dispatch job.");
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

        await WriteAlertsAsync(output, [.. received]);
        await host.StopAsync(CancellationToken.None);
        return 0;
    }

    /// <summary>The alerts a care team subscribed to <c>care.regimen-alerts</c> received, as a table.</summary>
    private static async Task WriteAlertsAsync(TextWriter output, IReadOnlyList<RegimenAlertRaised> alerts)
    {
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Alerts received by a care team subscribed to {RegimenAlertRaised.ExchangeName}: {alerts.Count}");
        if (alerts.Count == 0)
        {
            return;
        }

        var header = $"  {"patient",-9}  {"status",-8}  {"severity",-15}  {"concern",-28}  {"rule",-7}  {"alert",-8}  products";
        await output.WriteLineAsync(header);
        await output.WriteLineAsync("  " + new string('-', header.Length + 20));
        foreach (var a in alerts.OrderBy(a => a.PatientId, StringComparer.Ordinal).ThenBy(a => a.RaisedAt).ThenBy(a => a.Status, StringComparer.Ordinal))
        {
            var products = string.Join(" + ", a.Involves.Select(i => i.ProductText).Distinct(StringComparer.Ordinal));
            await output.WriteLineAsync(
                $"  {a.PatientId,-9}  {a.Status,-8}  {a.Severity,-15}  {a.Concern,-28}  {a.RuleId,-7}  {a.AlertId.ToString()[..8],-8}  {Truncate(products, 60)}");
        }

        await output.WriteLineAsync("  Each alert carries the title, detail (why, since when), recommendation and evidence; see README, 'Receiving alerts'.");
    }

    /// <summary>Real time, shifted so that it starts at <paramref name="start"/>.</summary>
    private sealed class ShiftedClock(DateTimeOffset start) : TimeProvider
    {
        private readonly TimeSpan _shift = start - System.GetUtcNow();

        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + _shift;
    }

    /// <summary>The embedded-defaults profile of the demo: in-memory transport, its own SQLite file, no health port.</summary>
    internal static Dictionary<string, string?> Settings() => new()
    {
        ["Database:Provider"] = "Sqlite",
        ["ConnectionStrings:Database"] = $"Data Source={DemoDatabase}",
        ["Messaging:Transport"] = "InMemory",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Health:Enabled"] = "false",
        ["Alerts:DispatchInterval"] = "00:00:00.200",
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
