using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Hosting;

namespace RegimenMonitor.Worker.Cli;

internal static class RunVerb
{
    public static async Task<int> RunAsync(string[] args, CancellationToken ct)
    {
        try
        {
            using var host = RegimenMonitorHost.CreateBuilder(args, HostRole.Worker).Build();
            await host.RunAsync(ct);
            return 0;
        }
        catch (OptionsValidationException ex)
        {
            await Console.Error.WriteLineAsync("Configuration is invalid:" + Environment.NewLine + "  - " + string.Join(Environment.NewLine + "  - ", ex.Failures));
            return 1;
        }
    }
}
