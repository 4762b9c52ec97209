using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Infrastructure.Database;

/// <summary>
/// The worker's time: this host's clock, corrected to the database server's when the two are more than
/// <see cref="Tolerance"/> apart (<see cref="DatabaseClockSync"/> measures them). Replicas share one database, so they
/// then check event times, judge regimens and stamp alerts by one clock: a replica ten minutes ahead took a stop dated
/// six minutes ahead as already reported and sent its all-clear early, while another replica refused the same event
/// (found by an independent fault probe). Clocks kept by NTP agree within milliseconds: then nothing is corrected and the
/// worker's time is the host's. Quartz takes its time from the container's TimeProvider, so its schedules and cluster
/// check-ins follow too. Only the wall clock is corrected; timers and durations run on the host's as before.
/// </summary>
internal sealed class DatabaseClock(TimeProvider host) : TimeProvider
{
    /// <summary>A host clock within this of the server's is not corrected.</summary>
    internal static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(1);

    // a correction is replaced only when a new measurement moves it by more than this: not a step on every measurement's jitter
    private static readonly TimeSpan Hysteresis = TimeSpan.FromMilliseconds(500);

    private long _offsetTicks;

    /// <summary>What is added to this host's clock: the server's clock minus this host's, or zero.</summary>
    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>The host's clock, read for measurements (never corrected).</summary>
    public TimeProvider Host => host;

    public override DateTimeOffset GetUtcNow() => host.GetUtcNow() + Offset;

    /// <summary>
    /// Takes a measured <paramref name="skew"/> (positive: this host ahead of the server). Returns the change: the old and
    /// new offsets, or null when the offset stays.
    /// </summary>
    public (TimeSpan Old, TimeSpan New)? Apply(TimeSpan skew)
    {
        var wanted = skew.Duration() <= Tolerance ? TimeSpan.Zero : -skew;
        var old = Offset;
        if (wanted == old || (wanted != TimeSpan.Zero && old != TimeSpan.Zero && (wanted - old).Duration() <= Hysteresis))
        {
            return null;
        }

        Interlocked.Exchange(ref _offsetTicks, wanted.Ticks);
        return (old, wanted);
    }
}

/// <summary>
/// Measures this host's clock against the database server's for <see cref="DatabaseClock"/>: once at start, before the
/// bus consumes anything (registered ahead of it; a failed measurement there leaves the host's clock and does not stop the
/// start), then every <see cref="Interval"/>. SQLite has no server clock: nothing to measure.
/// </summary>
internal sealed class DatabaseClockSync(DatabaseClock clock, IServiceScopeFactory scopes, ILogger<DatabaseClockSync> logger) : BackgroundService
{
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MeasureTimeout = TimeSpan.FromSeconds(5);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await MeasureAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, clock.Host);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await MeasureAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping
        }
    }

    /// <summary>One measurement, applied; a database that does not answer leaves the offset as it is (readiness reports it).</summary>
    internal async Task MeasureAsync(CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(MeasureTimeout);
        using var suppressed = SuppressInstrumentationScope.Begin();
        TimeSpan? skew;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
            if (db.Dialect.ServerClockQuery is not { } query)
            {
                return;
            }

            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(deadline.Token);
            try
            {
                skew = await ServerClock.SkewAsync(connection, query, clock.Host, deadline.Token);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // the type only: a driver's message can quote server-side details
            var errorType = ex.GetType().Name;
            Log.ClockNotMeasured(logger, errorType);
            return;
        }

        if (skew is { } measured && clock.Apply(measured) is { } change)
        {
            if (change.New == TimeSpan.Zero)
            {
                Log.ClockCorrectionEnded(logger);
            }
            else
            {
                var direction = change.New < TimeSpan.Zero ? "ahead of" : "behind";
                Log.ClockCorrected(logger, Math.Round(change.New.Duration().TotalSeconds, 1), direction);
            }
        }
    }
}
