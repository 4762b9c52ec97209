using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
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

        await output.WriteLineAsync(JsonSerializer.Serialize(view, WireJson.Indented));
        return 0;
    }
}
