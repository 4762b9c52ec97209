using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Sweep;

/// <summary>
/// Runs at a worker's start after the migrations and the terminology load, before the bus consumes: on an empty
/// database it records the rule set and terminology as swept (<see cref="RegimenSweeper.RecordWhenNothingToSweepAsync"/>),
/// so a new deployment does not sweep every regimen at its sweep job's first firing. Otherwise it leaves the
/// decision to that job. A database it cannot reach does not stop start-up: the job decides when it runs.
/// </summary>
internal sealed class SweepBaselineHostedService(RegimenSweeper sweeper, ILogger<SweepBaselineHostedService> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await sweeper.RecordWhenNothingToSweepAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.SweepBaselineFailed(logger, ex);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
