using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Infrastructure.Database;

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
