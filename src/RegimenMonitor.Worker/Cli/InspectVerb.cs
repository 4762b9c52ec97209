using System.Text.Json;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Regimens;
using RegimenMonitor.Worker.Terminology;

namespace RegimenMonitor.Worker.Cli;

/// <summary><c>regimen-monitor inspect --patient ID</c>: the patient's stored regimen as JSON on stdout.</summary>
internal static class InspectVerb
{
    public static async Task<int> RunAsync(CliContext context, string patientRef, CancellationToken ct)
    {
        using var host = RegimenMonitorHost.CreateBuilder(context.HostArguments(), HostRole.Tool).Build();
        ServiceChecks.ValidateConfiguration(host.Services);
        var options = host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        await ServiceChecks.CheckDatabaseAsync(options, requireSchema: true, "inspect", context.Error, ct);
        await using var scope = host.Services.CreateAsyncScope();
        var view = await scope.ServiceProvider.GetRequiredService<RegimenReader>().GetPatientAsync(patientRef, ct);
        if (view is null)
        {
            await context.Error.WriteLineAsync($"regimen-monitor inspect: no regimen is stored for that patient id in {ServiceChecks.DatabaseTarget(options)}.");
            return ExitCodes.Failure;
        }

        // Per product, the ingredients it maps to and by which route (re-derived from the text and codes with this knowledge
        // base and the terminology the workers use: the database's newest import, else Terminology:Path; found by a newcomer
        // probe: with the import alone a code the worker had mapped was shown as matched by nothing)
        await host.Services.LoadTerminologyAsync(ct);
        var evaluator = host.Services.GetRequiredService<RegimenEvaluator>();
        var document = JsonSerializer.SerializeToNode(view, WireJson.Indented)!.AsObject();
        document["products"] = JsonSerializer.SerializeToNode(
            view.Items.Where(i => !i.Withdrawn).Select(i => ProductMappingView.From(evaluator, i.Kind, i.ItemKey, i.ProductText, i.Atc, i.Rxnorm, i.Ndc, i.Directions)).ToList(), WireJson.Indented);
        await context.Output.WriteLineAsync(document.ToJsonString(WireJson.Indented));
        return ExitCodes.Success;
    }
}
