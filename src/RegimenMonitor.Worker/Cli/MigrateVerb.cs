using System.Text.Json;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Cli;

/// <summary><c>regimen-monitor migrate</c>: applies pending migrations to the configured database and says which database that was.</summary>
internal static class MigrateVerb
{
    public static async Task<int> RunAsync(CliContext context, bool json, CancellationToken ct)
    {
        using var host = RegimenMonitorHost.CreateBuilder(context.HostArguments(), HostRole.Tool).Build();
        ServiceChecks.ValidateConfiguration(host.Services);
        var options = host.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        await ServiceChecks.CheckDatabaseAsync(options, requireSchema: false, "migrate", context.Error, ct);
        var applied = await host.Services.GetRequiredService<MigrationRunner>().MigrateAsync(ct);
        var target = ServiceChecks.DatabaseTarget(options);
        await context.Output.WriteLineAsync(json
            ? JsonSerializer.Serialize(new { provider = options.Provider.ToString(), target, applied, upToDate = true }, WireJson.Options)
            : $"{target}: {applied} migration(s) applied; the database is up to date.");
        return ExitCodes.Success;
    }
}
