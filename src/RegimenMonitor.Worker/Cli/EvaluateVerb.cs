using System.Globalization;
using System.Text.Json;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Configuration;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Evaluation;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Ingestion;
using RegimenMonitor.Worker.Persistence;

namespace RegimenMonitor.Worker.Cli;

/// <summary>
/// Evaluates one regimen given as NDJSON contract events. Lines pass through the same parsing, validation, mapping
/// and item-update rules as the consumers, so <c>evaluate</c> and the worker never disagree. Exit 0 with the findings
/// as JSON on stdout; exit 2 with "line N: reason" on stderr for a malformed line; exit 1 for a missing file.
/// </summary>
internal static class EvaluateVerb
{
    public static async Task<int> RunAsync(FileInfo file, string? asOfText, TextWriter output, TextWriter error, TimeProvider clock, CancellationToken ct,
        IDictionary<string, string?>? overrides = null)
    {
        if (!TryParseAsOf(asOfText, clock, out var asOf))
        {
            await error.WriteLineAsync("evaluate: --as-of must be a date (2026-11-21: the end of that day, UTC) or an RFC 3339 timestamp with offset.");
            return 2;
        }

        if (!file.Exists)
        {
            await error.WriteLineAsync($"evaluate: file not found: {file.FullName}");
            return 1;
        }

        // The same configuration (Regimen:DefaultDaysSupply) and evaluator the worker uses.
        int defaultDaysSupply;
        RegimenEvaluator evaluator;
        try
        {
            using var host = RegimenMonitorHost.CreateBuilder([], HostRole.Tool, overrides).Build();
            defaultDaysSupply = host.Services.GetRequiredService<IOptions<RegimenOptions>>().Value.DefaultDaysSupply;
            evaluator = host.Services.GetRequiredService<RegimenEvaluator>();
        }
        catch (KnowledgeBaseException ex)
        {
            await error.WriteLineAsync($"evaluate: knowledge base is invalid: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ConfigurationErrors.Failures(ex) is { } failures)
        {
            await error.WriteLineAsync(ConfigurationErrors.Describe(failures));
            return 1;
        }

        var items = new List<RegimenItemRecord>();
        string? patient = null;
        var number = 0;
        await foreach (var line in NdjsonEvents.ReadLinesAsync(file.FullName, ct))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (!NdjsonEvents.TryParse(line, number, defaultDaysSupply, out var parsed, out var reason))
            {
                await error.WriteLineAsync($"line {number}: {reason}");
                return 2;
            }

            patient ??= parsed!.Change.PatientRef;
            if (parsed!.Change.PatientRef != patient)
            {
                await error.WriteLineAsync($"line {number}: patientId differs from the first event's; evaluate takes one patient's regimen per file");
                return 2;
            }

            RegimenItemUpdate.Apply(items, parsed.Change, asOf, out _);
        }

        var evaluation = evaluator.Evaluate(items, asOf);
        var document = new
        {
            asOf,
            ruleSetVersion = evaluation.Result.RuleSetVersion,
            findings = evaluation.Result.Findings.Select(FindingView.From).ToList(),
            unrecognised = evaluation.Unrecognised.Select(i => new { productText = i.ProductText }).ToList(),
        };
        await output.WriteLineAsync(JsonSerializer.Serialize(document, WireJson.Indented));
        return 0;
    }

    internal static bool TryParseAsOf(string? text, TimeProvider clock, out DateTimeOffset asOf)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            asOf = clock.GetUtcNow();
            return true;
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            asOf = new DateTimeOffset(date.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero);
            return true;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out asOf)
               && (text.EndsWith('Z') || text.LastIndexOfAny(['+', '-']) > 10);
    }
}
