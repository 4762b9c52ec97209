using Microsoft.Extensions.Hosting;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Configuration;
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
        catch (KnowledgeBaseException ex)
        {
            await Console.Error.WriteLineAsync($"The clinical knowledge base is invalid: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ConfigurationErrors.Failures(ex) is { } failures)
        {
            await Console.Error.WriteLineAsync(ConfigurationErrors.Describe(failures));
            return 1;
        }
    }
}
