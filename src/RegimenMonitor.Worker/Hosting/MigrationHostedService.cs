using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Configuration;
using RegimenMonitor.Worker.Diagnostics;
using RegimenMonitor.Worker.Persistence;

namespace RegimenMonitor.Worker.Hosting;

/// <summary>Applies pending migrations before the bus starts consuming (registered ahead of MassTransit).</summary>
internal sealed class MigrationHostedService(MigrationRunner runner, IOptions<DatabaseOptions> options, ILogger<MigrationHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.MigrateOnStart)
        {
            return;
        }

        var applied = await runner.MigrateAsync(cancellationToken);
        Log.MigrationsDone(logger, applied, options.Value.Provider);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
