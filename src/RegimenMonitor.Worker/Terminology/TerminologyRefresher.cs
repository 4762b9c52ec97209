using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Terminology;

/// <summary>
/// Loads the database's terminology before the bus starts consuming (registered after the migrations, ahead of
/// MassTransit), then every <see cref="TerminologyOptions.RefreshInterval"/> looks for a newer import and swaps it
/// in, so a <c>terminology import</c> reaches running workers without a restart. A failed check keeps the loaded map.
/// </summary>
internal sealed class TerminologyRefresher(
    TerminologyCatalog catalog, IServiceScopeFactory scopes, IOptions<TerminologyOptions> options, TimeProvider timeProvider,
    ILogger<TerminologyRefresher> logger) : BackgroundService
{
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, timeProvider);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RefreshAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    private async Task RefreshAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            if (await catalog.RefreshAsync(scope.ServiceProvider.GetRequiredService<RegimenDbContext>(), ct))
            {
                var map = catalog.Current;
                Log.TerminologyLoaded(logger, map.ImportId, map.RxNormCount, map.NdcCount);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            Log.TerminologyRefreshFailed(logger, catalog.Current.ImportId, options.Value.RefreshInterval, ex);
        }
    }
}
