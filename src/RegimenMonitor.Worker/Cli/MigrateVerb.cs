using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Configuration;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Persistence;

namespace RegimenMonitor.Worker.Cli;

internal static class MigrateVerb
{
    public static async Task<int> RunAsync(CancellationToken ct)
    {
        try
        {
            using var host = RegimenMonitorHost.CreateBuilder([], HostRole.Tool).Build();
            var options = host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var applied = await host.Services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
            await Console.Out.WriteLineAsync($"{options.Provider}: {applied} migration(s) applied; database is up to date.");
            return 0;
        }
        catch (Exception ex) when (ConfigurationErrors.Failures(ex) is { } failures)
        {
            await Console.Error.WriteLineAsync(ConfigurationErrors.Describe(failures));
            return 1;
        }
    }
}
