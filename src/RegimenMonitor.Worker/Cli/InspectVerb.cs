using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RegimenMonitor.Worker.Evaluation;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Ingestion;
using RegimenMonitor.Worker.Persistence;

namespace RegimenMonitor.Worker.Cli;

internal static class InspectVerb
{
    public static async Task<int> RunAsync(string patientRef, TextWriter output, CancellationToken ct)
    {
        using var host = RegimenMonitorHost.CreateBuilder([], HostRole.Tool).Build();
        await using var scope = host.Services.CreateAsyncScope();
        var view = await scope.ServiceProvider.GetRequiredService<RegimenReader>().GetPatientAsync(patientRef, ct);
        if (view is null)
        {
            await Console.Error.WriteLineAsync("No regimen is stored for that patient id.");
            return 1;
        }

        // Per product, the ingredients it maps to and by which route (re-derived from the text with this knowledge base).
        var evaluator = host.Services.GetRequiredService<RegimenEvaluator>();
        var document = JsonSerializer.SerializeToNode(view, WireJson.Indented)!.AsObject();
        document["products"] = JsonSerializer.SerializeToNode(
            view.Items.Where(i => !i.Withdrawn).Select(i => ProductMappingView.From(evaluator, i.ProductText, null, null)).ToList(), WireJson.Indented);
        await output.WriteLineAsync(document.ToJsonString(WireJson.Indented));
        return 0;
    }
}
