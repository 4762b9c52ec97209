using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Cli;

/// <summary>
/// <c>regimen-monitor run</c>: the worker. Configuration is validated first (every failure at once, exit 2); with
/// RabbitMQ configured, the broker is tried once: a refused login or a missing vhost ends the run with what to fix
/// (exit 1), an unreachable broker is said on stderr and the worker starts anyway: MassTransit keeps retrying for
/// <see cref="MessagingOptions.StartTimeout"/>, then the run ends with exit 1 and the broker's problem in our words (a
/// supervisor restarts it). A database server that does not answer is waited for likewise, for
/// <see cref="DatabaseOptions.StartTimeout"/>. With <see cref="DatabaseOptions.MigrateOnStart"/> off, the database must
/// already have its tables: without them the run ends at once with the fix (exit 1), instead of a worker whose every job
/// fails.
/// </summary>
internal static class RunVerb
{
    public static async Task<int> RunAsync(CliContext context, CancellationToken ct)
    {
        using var host = RegimenMonitorHost.CreateBuilder(context.WorkerArguments(), HostRole.Worker).Build();
        ServiceChecks.ValidateConfiguration(host.Services);
        var messaging = host.Services.GetRequiredService<IOptions<MessagingOptions>>().Value;
        // until the host's console lifetime takes SIGTERM and Ctrl+C (in its start), a stop ends the checks before it:
        // as a stop while the host starts, that is no failure (exit 0), and it is not lost between the two
        using var beforeStart = CancellationTokenSource.CreateLinkedTokenSource(ct);
        // the tool verbs' handling: the first signal cancels the checks, a second ends the process at once
        using (new Interruption(beforeStart, Timeout.InfiniteTimeSpan))
        {
            try
            {
                await CheckServicesAsync(context, host.Services, messaging, beforeStart.Token);
            }
            catch (Exception) when (beforeStart.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                // whatever a check ended with once a stop was asked for (a cancelled connect, a broker check that gave
                // up), the stop is what ended it: reported below
            }
        }

        if (beforeStart.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            await context.Error.WriteLineAsync("regimen-monitor run: stopped before the worker started.");
            return ExitCodes.Success;
        }

        using var stopped = new CancellationTokenSource();
        using var deadline = host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping
            .Register(() => _ = ExitIfStillStoppingAsync(host.Services, stopped.Token));
        try
        {
            await RunHostAsync(host, ct);
        }
        catch (Exception ex) when (messaging.EffectiveTransport == MessagingTransport.RabbitMq && !ct.IsCancellationRequested && RejectionLogDemotion.IsBrokerConnection(ex))
        {
            var uri = new Uri(messaging.RabbitMqConnectionString!);
            var explained = ServiceChecks.ExplainBroker(ex, uri, ServiceChecks.BrokerTarget(uri));
            throw new CliException(
                $"the worker could not start its bus within {Seconds(messaging)} s: {explained.Message}",
                $"{explained.Fix} Under a supervisor (systemd, Docker, Kubernetes) the worker is started again and connects once the broker answers.",
                ExitCodes.Failure,
                ex);
        }

        finally
        {
            await stopped.CancelAsync();
        }

        return ExitCodes.Success;
    }

    /// <summary>
    /// What is checked before the host starts: the database's tables when the worker will not create them, and the
    /// broker (an unreachable one is a warning: MassTransit keeps trying).
    /// </summary>
    private static async Task CheckServicesAsync(CliContext context, IServiceProvider services, MessagingOptions messaging, CancellationToken ct)
    {
        var database = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        await WaitForDatabaseAsync(context, database, ct);

        if (messaging.EffectiveTransport == MessagingTransport.InMemory)
        {
            await context.Error.WriteLineAsync(
                "regimen-monitor run: warning: no broker configured (ConnectionStrings__RabbitMq is empty): the worker uses the in-memory transport, which nothing outside this process can publish to. Set ConnectionStrings__RabbitMq=amqp://user:password@host:5672/vhost to consume from RabbitMQ.");
        }
        else
        {
            try
            {
                await ServiceChecks.CheckBrokerAsync(messaging.RabbitMqConnectionString!, context.Error, ct);
            }
            catch (CliException ex) when (ex.Unreachable && !ct.IsCancellationRequested)
            {
                await context.Error.WriteLineAsync(
                    $"regimen-monitor run: warning: {ex.Message} Starting anyway: the worker keeps trying for {Seconds(messaging)} s (it is not ready until then) and stops with exit code 1 if the broker still does not answer.");
                await context.Error.WriteLineAsync($"  fix: {ex.Fix}");
            }
        }
    }

    /// <summary>
    /// The database server answers before the host starts (and has the tables, when the worker will not create them). One
    /// that does not answer — restarting, failing over, not up yet — is waited for, an attempt every 2 s for
    /// <see cref="DatabaseOptions.StartTimeout"/>, with one warning, as the broker is; then the run ends with exit 1 and
    /// the cause. Until 2026-12-06 a worker started during a database restart stopped within a second, told to fix its
    /// configuration, and its supervisor restarted it in a loop (found by an independent fault probe). A refused login,
    /// a missing database and a missing schema end the run at once: waiting mends none of them.
    /// </summary>
    private static async Task WaitForDatabaseAsync(CliContext context, DatabaseOptions database, CancellationToken ct)
    {
        var dialect = Infrastructure.Database.Dialects.DatabaseDialect.For(database.Provider);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (!database.MigrateOnStart || dialect.IsServer)
                {
                    await ServiceChecks.CheckDatabaseAsync(database, requireSchema: !database.MigrateOnStart, "run", attempt == 1 ? context.Error : TextWriter.Null, ct);
                }

                if (attempt > 1)
                {
                    await context.Error.WriteLineAsync($"regimen-monitor run: the database answered after {waited.Elapsed.TotalSeconds:F0} s; starting.");
                }

                return;
            }
            catch (CliException ex) when (!ct.IsCancellationRequested && ex.InnerException is { } cause && dialect.IsWorthWaitingFor(cause)
                                          && waited.Elapsed < database.StartTimeout)
            {
                if (attempt == 1)
                {
                    await context.Error.WriteLineAsync(
                        $"regimen-monitor run: warning: {ex.Message} Waiting for it: another attempt every {AttemptInterval.TotalSeconds:F0} s for {database.StartTimeout.TotalSeconds:F0} s (Database__StartTimeout), then the worker stops with exit code 1 if it still does not answer.");
                }

                // the last attempt at the deadline
                await Task.Delay(TimeSpan.FromTicks(Math.Max(0, Math.Min(AttemptInterval.Ticks, (database.StartTimeout - waited.Elapsed).Ticks))), ct);
            }
        }
    }

    private static readonly TimeSpan AttemptInterval = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Starts the host, runs it until a stop is asked for, and stops it. Unlike <c>IHost.RunAsync</c>, a stop asked for
    /// while the host is still starting (SIGTERM from a supervisor moments after a start) is not a failure: the host
    /// cancels the start of the parts not yet started (and may log "Hosting failed to start" for it), and the parts
    /// already running, such as a bus that is consuming already, are stopped in order as in any stop; the run ends with
    /// exit 0; so does a stop while the bus still waits for an unreachable broker, and a stop in which a part still busy
    /// at its own deadline was cancelled (event 4006). Any other failure propagates, but never before the parts already
    /// running have been asked to stop: a host is not disposed under a bus that still consumes.
    /// </summary>
    internal static async Task RunHostAsync(IHost host, CancellationToken ct)
    {
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        try
        {
            try
            {
                await host.StartAsync(ct);
            }
            catch (Exception ex) when (StopAsked(lifetime, ct) && (Cancelled(ex) || RejectionLogDemotion.IsBrokerConnection(ex)))
            {
                // a bus still retrying an unreachable broker ends its cancelled start with the last connection failure
                // (already logged by MassTransit as a warning): the stop is what ended it, not a start timeout; a part
                // may also end its cancelled start with the cancellation inside its own exception
                var logger = Logger(host);
                Log.StopDuringStart(logger);
            }

            try
            {
                // returns once a stop is asked for (at once when it already was), after stopping every part
                await host.WaitForShutdownAsync(ct);
            }
            catch (Exception ex) when (StopAsked(lifetime, ct) && Cancelled(ex))
            {
                // the host asked every part to stop; one still busy when its own deadline passed (the bus: consumes
                // that had not finished within MassTransit's consumer stop timeout) ended with its cancellation
                var logger = Logger(host);
                var cancelled = ex.GetType().Name;
                Log.StopCancelledWork(logger, cancelled);
            }
        }
        catch
        {
            await StopBeforeDisposingAsync(host);
            throw;
        }
        finally
        {
            // as IHost.RunAsync does: asynchronously, for the parts that can only be disposed so
            if (host is IAsyncDisposable disposable)
            {
                await disposable.DisposeAsync();
            }
            else
            {
                host.Dispose();
            }
        }
    }

    private static bool StopAsked(IHostApplicationLifetime lifetime, CancellationToken ct) =>
        lifetime.ApplicationStopping.IsCancellationRequested && !ct.IsCancellationRequested;

    private static bool Cancelled(Exception ex) => NetworkErrors.Chain(ex).Any(e => e is OperationCanceledException);

    private static ILogger Logger(IHost host) => host.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RunVerb).FullName!);

    /// <summary>
    /// Asks every part to stop before the host is disposed after a failure, so that a bus already consuming is stopped
    /// rather than left running into a disposed container; a failure of this stop is not reported over the first one.
    /// </summary>
    private static async Task StopBeforeDisposingAsync(IHost host)
    {
        try
        {
            await host.StopAsync(CancellationToken.None);
        }
        catch (Exception stopFailure) when (stopFailure is not OutOfMemoryException)
        {
            // the failure being reported is the one that ended the run
        }
    }

    /// <summary>How long a stop may take before the process ends anyway.</summary>
    internal static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(40);

    /// <summary>
    /// A part that keeps waiting after a stop was asked for — Quartz's scheduler retries its database for as long as the
    /// database is away, and the host waits for it — would keep the worker running past any supervisor's grace period.
    /// After <see cref="StopDeadline"/> the process exits (code 1) with a warning: nothing is lost, since every effect
    /// commits in a transaction and the messages not acknowledged go back to the queue when the connection closes.
    /// </summary>
    private static async Task ExitIfStillStoppingAsync(IServiceProvider services, CancellationToken stopped)
    {
        try
        {
            await Task.Delay(StopDeadline, stopped);
        }
        catch (OperationCanceledException)
        {
            return; // stopped in time
        }

        Log.StopDeadlinePassed(services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RunVerb).FullName!), StopDeadline.TotalSeconds);
        Environment.Exit(ExitCodes.Failure);
    }

    private static string Seconds(MessagingOptions messaging) => messaging.StartTimeout.TotalSeconds.ToString("F0", CultureInfo.InvariantCulture);
}
