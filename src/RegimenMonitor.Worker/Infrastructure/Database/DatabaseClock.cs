using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using RegimenMonitor.Worker.Infrastructure.Configuration;
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
    /// <summary>A host clock more than this from the server's is corrected.</summary>
    internal static readonly TimeSpan Tolerance = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A correction ends when the host's clock is back within this of the server's, and a reading within this of the
    /// corrected time changes nothing (no step on every reading's jitter, no flipping in and out of correction for a
    /// host about <see cref="Tolerance"/> off).
    /// </summary>
    internal static readonly TimeSpan Hysteresis = TimeSpan.FromMilliseconds(500);

    // while correcting: the server's time at a reading and the host's monotonic timestamp then. The worker's time runs on
    // from it by the monotonic clock, so a step of the host's wall clock (NTP putting it right) changes nothing until the
    // next reading ends the correction.
    private volatile Anchor? _anchor;

    private sealed record Anchor(DateTimeOffset ServerTime, long Timestamp);

    /// <summary>True while the worker's time is the server's.</summary>
    public bool Correcting => _anchor is not null;

    /// <summary>The host's clock, read for measurements (never corrected).</summary>
    public TimeProvider Host => host;

    public override DateTimeOffset GetUtcNow() =>
        _anchor is { } anchor ? anchor.ServerTime + host.GetElapsedTime(anchor.Timestamp) : host.GetUtcNow();

    public override long GetTimestamp() => host.GetTimestamp();

    public override long TimestampFrequency => host.TimestampFrequency;

    /// <summary>
    /// Takes a reading: the server's clock was <paramref name="serverTime"/> at the host's monotonic
    /// <paramref name="timestamp"/>, when the host's clock read <paramref name="hostTime"/>. Returns whether the
    /// correction started (true), ended (false) or neither (null).
    /// </summary>
    public bool? Apply(DateTimeOffset serverTime, DateTimeOffset hostTime, long timestamp)
    {
        var apart = (hostTime - serverTime).Duration();
        if (_anchor is { } anchor)
        {
            if (apart <= Hysteresis)
            {
                _anchor = null;
                return false;
            }

            // the corrected time at the reading: re-anchored only when it has drifted from the server's
            var corrected = anchor.ServerTime + host.GetElapsedTime(anchor.Timestamp, timestamp);
            if ((corrected - serverTime).Duration() > Hysteresis)
            {
                _anchor = new Anchor(serverTime, timestamp);
            }

            return null;
        }

        if (apart <= Tolerance)
        {
            return null;
        }

        _anchor = new Anchor(serverTime, timestamp);
        return true;
    }
}

/// <summary>
/// Measures this host's clock against the database server's for <see cref="DatabaseClock"/>: at start, before the bus
/// and the scheduler (registered ahead of them), until a reading succeeds, then every <see cref="Interval"/>. A start
/// whose reading failed once went on with the host's clock, and a replica ten minutes ahead consumed a backlog and swept
/// on it before its next reading: all-clears sent minutes before the stops they reported (found by an independent fault
/// probe: the 5 s reading failed in 8 of 22 starts under load). So the start waits for a reading, another attempt every
/// <see cref="AttemptInterval"/> for <see cref="DatabaseOptions.StartTimeout"/>, as for an unreachable database; then
/// the start fails (exit 1). SQLite has no server clock: nothing to measure.
/// </summary>
internal sealed class DatabaseClockSync(DatabaseClock clock, IServiceScopeFactory scopes, IOptions<DatabaseOptions> database, ILogger<DatabaseClockSync> logger) : BackgroundService
{
    internal static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);
    internal static readonly TimeSpan AttemptInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MeasureTimeout = TimeSpan.FromSeconds(5);

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var startTimeout = database.Value.StartTimeout;
        var started = clock.Host.GetTimestamp();
        for (var attempt = 1; ; attempt++)
        {
            Exception? failure;
            try
            {
                // bounded here too: a driver that does not honour the reading's own cancellation (a frozen server, no
                // command timeout) must not hold the start for ever (a review)
                failure = await MeasureAsync(cancellationToken, atStart: attempt == 1).WaitAsync(MeasureTimeout + AttemptInterval, clock.Host, cancellationToken);
            }
            catch (TimeoutException hung)
            {
                failure = hung;
                if (attempt == 1)
                {
                    Log.ClockNotMeasuredAtStart(logger, $"no answer within {(MeasureTimeout + AttemptInterval).TotalSeconds:F0} s");
                }
            }

            if (failure is null)
            {
                if (attempt > 1)
                {
                    var seconds = Math.Round(clock.Host.GetElapsedTime(started).TotalSeconds, 1);
                    Log.ClockReadAfterWaiting(logger, seconds, attempt);
                }

                break;
            }

            var waited = clock.Host.GetElapsedTime(started);
            if (waited >= startTimeout)
            {
                // the message names no server detail: the cause keeps the driver's own (a --verbose run shows it)
                throw new ServerClockUnreadException(
                    $"the database server's clock could not be read within {startTimeout.TotalSeconds:F0} s (Database:StartTimeout; {attempt} attempts, the last: {Reason(failure)}); the worker does not consume on a clock it could not compare with the server's.",
                    failure);
            }

            await Task.Delay(waited + AttemptInterval > startTimeout ? startTimeout - waited : AttemptInterval, clock.Host, cancellationToken);
        }

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

    /// <summary>
    /// Why a reading failed, for the log: its own deadline as such (a newcomer probe: "(OperationCanceledException)" on a
    /// healthy but slow start read like a fault), otherwise the exception's type only, as a driver's message can quote
    /// server-side details.
    /// </summary>
    internal static string Reason(Exception ex) =>
        ex is OperationCanceledException || ex.InnerException is TimeoutException || ex is TimeoutException
            ? $"no answer within {MeasureTimeout.TotalSeconds:F0} s"
            : ex.GetType().Name;

    /// <summary>
    /// One reading, applied; a database that does not answer leaves the worker's time as it is (readiness reports it).
    /// Returns why the reading failed, or null: read, or nothing to read (SQLite).
    /// </summary>
    internal async Task<Exception?> MeasureAsync(CancellationToken cancellationToken, bool atStart = false)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(MeasureTimeout);
        using var suppressed = SuppressInstrumentationScope.Begin();
        ServerClock.Reading? reading;
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
            if (db.Dialect.ServerClockQuery is not { } query)
            {
                return null;
            }

            var connection = db.Database.GetDbConnection();
            await db.Database.OpenConnectionAsync(deadline.Token);
            try
            {
                reading = await ServerClock.ReadAsync(connection, query, clock.Host, deadline.Token);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var reason = Reason(ex);
            if (atStart)
            {
                Log.ClockNotMeasuredAtStart(logger, reason);
            }
            else
            {
                Log.ClockNotMeasured(logger, reason);
            }

            return ex;
        }

        if (reading is not { } r)
        {
            return null;
        }

        switch (clock.Apply(r.ServerTime, r.HostTime, r.Timestamp))
        {
            case true:
                Log.ClockCorrected(logger, Math.Round(r.Skew.Duration().TotalSeconds, 1), r.Skew > TimeSpan.Zero ? "ahead of" : "behind");
                break;
            case false:
                Log.ClockCorrectionEnded(logger);
                break;
        }

        return null;
    }
}

/// <summary>The start gave up waiting for a reading of the database server's clock (<see cref="DatabaseClockSync"/>).</summary>
internal sealed class ServerClockUnreadException(string message, Exception inner) : TimeoutException(message, inner);
