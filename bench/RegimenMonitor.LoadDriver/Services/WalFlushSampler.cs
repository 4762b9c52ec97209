using System.Diagnostics;
using RegimenMonitor.LoadDriver.Measurement;

namespace RegimenMonitor.LoadDriver.Services;

/// <summary>
/// Polls <see cref="BenchDatabase.OpenWalFlushProbeAsync"/>'s query every <see cref="Interval"/> through a phase (one
/// prepared query of pg_stat_activity per poll), so the report can say whether the slowest seconds were the disk's.
/// </summary>
internal sealed class WalFlushSampler : IAsyncDisposable
{
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(25);

    private readonly CancellationTokenSource _stop = new();
    private readonly List<(int Pid, long StatementStartTicks, double RunningMs)> _observations = [];
    private readonly Task _loop;
    private int _samples;
    private string? _error;

    private WalFlushSampler(BenchDatabase database, CancellationToken ct)
    {
        var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _stop.Token);
        _loop = Task.Run(async () =>
        {
            using (linked)
            {
                BenchDatabase.WalFlushProbe? probe = null;
                try
                {
                    probe = await database.OpenWalFlushProbeAsync(linked.Token);
                    await PollAsync(probe, linked.Token);
                }
                catch (OperationCanceledException) when (linked.IsCancellationRequested)
                {
                    // stopped
                }
                catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
                {
                    // a diagnostic only: the run goes on, and the report says sampling stopped
                    _error = ex.Message;
                }
                finally
                {
                    if (probe is not null)
                    {
                        await probe.DisposeAsync();
                    }
                }
            }
        }, CancellationToken.None);
    }

    private async Task PollAsync(BenchDatabase.WalFlushProbe probe, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            var started = Stopwatch.GetTimestamp();
            _observations.AddRange(await probe.ReadAsync(ct));
            _samples++;
            await Task.Delay(Interval - Stopwatch.GetElapsedTime(started) is { Ticks: > 0 } rest ? rest : TimeSpan.Zero, ct);
        }
    }

    public static WalFlushSampler Start(BenchDatabase database, CancellationToken ct) => new(database, ct);

    /// <summary>Stops polling; the statements that waited <paramref name="thresholdMs"/> or longer, the longest <paramref name="keep"/>.</summary>
    public async Task<WalFlushWaits> StopAsync(long firstPublishTicks, double thresholdMs, int keep)
    {
        await _stop.CancelAsync();
        await _loop;
        return WalFlushWaits.From(firstPublishTicks, _observations, Interval.TotalMilliseconds, _samples, thresholdMs, keep) with { SamplingError = _error };
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
