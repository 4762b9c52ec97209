using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RegimenMonitor.Worker.Cli;

namespace RegimenMonitor.Worker.Tests.Unit.Cli;

/// <summary>
/// How <c>run</c> starts and stops its host: a stop asked for while a later part is still starting (SIGTERM moments after
/// a start, with the bus already consuming) stops the parts already running and is no failure; <c>IHost.RunAsync</c>
/// threw there (exit 1) and disposed the running parts without stopping them.
/// </summary>
public sealed class RunHostTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // MassTransit ends a start cancelled between connection attempts with the last connection failure
    public async Task A_stop_during_the_start_stops_the_parts_already_running_and_is_no_failure(bool brokerUnreachable)
    {
        var journal = await RunAndStopAsync(new Parts(SlowStart: true, BrokerUnreachable: brokerUnreachable));

        Assert.Equal(["running started", "slow starting", "slow stopped", "running stopped"], journal.Entries);
        Assert.Contains(journal.Logged, e => e.EventId == 4005 && e.Level == LogLevel.Information);
    }

    [Fact]
    public async Task A_stop_after_the_start_stops_every_part_in_reverse_order()
    {
        var journal = await RunAndStopAsync(new Parts(SlowStart: false));

        Assert.Equal(["running started", "slow starting", "slow stopped", "running stopped"], journal.Entries);
        Assert.DoesNotContain(journal.Logged, e => e.EventId == 4005);
    }

    /// <summary>Runs the host, asks it to stop once the slow part is starting (and, unless slow, once started), waits for the run.</summary>
    private static async Task<Journal> RunAndStopAsync(Parts parts, Journal? journal = null)
    {
        journal ??= new Journal();
        using var host = Host(journal, parts);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();

        var run = RunVerb.RunHostAsync(host, Ct);
        await journal.SlowStarting.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        if (!parts.SlowStart)
        {
            await WaitUntilAsync(() => lifetime.ApplicationStarted.IsCancellationRequested);
        }

        lifetime.StopApplication();
        await run.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        return journal;
    }

    [Fact]
    public async Task An_unreachable_broker_without_a_stop_still_fails_the_start()
    {
        var journal = new Journal();
        using var host = Host(journal, new Parts(SlowStart: false, BrokerUnreachable: true));

        await Assert.ThrowsAsync<MassTransit.RabbitMqConnectionException>(() => RunVerb.RunHostAsync(host, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct));
        Assert.DoesNotContain(journal.Logged, e => e.EventId == 4005);
    }

    [Fact]
    public async Task A_start_that_fails_for_another_reason_still_fails()
    {
        var journal = new Journal();
        using var host = Host(journal, new Parts(SlowStart: false, FailStart: true));

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => RunVerb.RunHostAsync(host, Ct).WaitAsync(TimeSpan.FromSeconds(10), Ct));

        Assert.Equal("the slow part could not start", failure.Message);
        Assert.DoesNotContain(journal.Logged, e => e.EventId == 4005);
        // the part already running (the bus) is stopped before the host is disposed, not left consuming into it
        Assert.Equal(["running started", "slow starting", "slow stopped", "running stopped"], journal.Entries);
    }

    [Fact]
    public async Task A_start_cancelled_by_a_stop_inside_another_exception_is_no_failure()
    {
        var journal = await RunAndStopAsync(new Parts(SlowStart: true, WrapCancellation: true));

        Assert.Equal(["running started", "slow starting", "slow stopped", "running stopped"], journal.Entries);
        Assert.Contains(journal.Logged, e => e.EventId == 4005 && e.Level == LogLevel.Information);
    }

    [Fact]
    public async Task A_part_cancelled_at_its_stop_deadline_ends_the_run_normally_with_a_warning()
    {
        var journal = await RunAndStopAsync(new Parts(SlowStart: false, CancelledStop: true));

        // the host still asked every part to stop, the running one (the bus) after the cancelled one
        Assert.Equal(["running started", "slow starting", "slow stop cancelled", "running stopped"], journal.Entries);
        Assert.Contains(journal.Logged, e => e.EventId == 4006 && e.Level == LogLevel.Warning);
    }

    [Fact]
    public async Task A_stop_that_fails_for_another_reason_still_fails()
    {
        var journal = new Journal();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => RunAndStopAsync(new Parts(SlowStart: false, FailStop: true), journal));
        Assert.Equal("the slow part could not stop", failure.Message);
        Assert.DoesNotContain(journal.Logged, e => e.EventId == 4006);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 200 && !condition(); i++)
        {
            await Task.Delay(25, Ct);
        }

        Assert.True(condition());
    }

    private static IHost Host(Journal journal, Parts parts)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddProvider(journal);
        builder.Services.AddSingleton(journal);
        builder.Services.AddHostedService<RunningPart>();
        builder.Services.AddHostedService(_ => new SlowPart(journal, parts));
        return builder.Build();
    }

    private sealed class Journal : ILoggerProvider
    {
        private readonly Lock _lock = new();
        private readonly List<string> _entries = [];
        private readonly List<(EventId EventId, LogLevel Level)> _logged = [];

        public TaskCompletionSource SlowStarting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public IReadOnlyList<string> Entries
        {
            get
            {
                lock (_lock)
                {
                    return [.. _entries];
                }
            }
        }

        public IReadOnlyList<(EventId EventId, LogLevel Level)> Logged
        {
            get
            {
                lock (_lock)
                {
                    return [.. _logged];
                }
            }
        }

        public void Add(string entry)
        {
            lock (_lock)
            {
                _entries.Add(entry);
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(Journal journal) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (journal._lock)
                {
                    journal._logged.Add((eventId, logLevel));
                }
            }
        }
    }

    /// <summary>Started first, as the bus is: already running when a later part starts.</summary>
    private sealed class RunningPart(Journal journal) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            journal.Add("running started");
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            journal.Add("running stopped");
            return Task.CompletedTask;
        }
    }

    /// <summary>How the slow part behaves: its start slow (waits until cancelled) or failing, as a bus with an unreachable
    /// broker, ending a cancelled start inside another exception, its stop cut short by a cancellation or failing.</summary>
    private sealed record Parts(bool SlowStart, bool FailStart = false, bool BrokerUnreachable = false,
        bool WrapCancellation = false, bool CancelledStop = false, bool FailStop = false);

    /// <summary>
    /// Started after it, as the scheduler is: its start waits until cancelled when slow. As a bus retrying an unreachable
    /// broker, it fails with the connection failure: at once, or once cancelled when slow.
    /// </summary>
    private sealed class SlowPart(Journal journal, Parts parts) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            journal.Add("slow starting");
            journal.SlowStarting.TrySetResult();
            if (parts.FailStart)
            {
                throw new InvalidOperationException("the slow part could not start");
            }

            if (parts.SlowStart)
            {
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException) when (parts.BrokerUnreachable)
                {
                    throw new MassTransit.RabbitMqConnectionException("Broker unreachable: guest@127.0.0.1:5679/");
                }
                catch (OperationCanceledException cancelled) when (parts.WrapCancellation)
                {
                    throw new InvalidOperationException("the slow part's start was interrupted", cancelled);
                }
            }
            else if (parts.BrokerUnreachable)
            {
                throw new MassTransit.RabbitMqConnectionException("Broker unreachable: guest@127.0.0.1:5679/");
            }
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            if (parts.CancelledStop)
            {
                // as a bus whose consumes were still running at its consumer stop timeout
                journal.Add("slow stop cancelled");
                throw new OperationCanceledException("the slow part's stop was cut short");
            }

            if (parts.FailStop)
            {
                throw new InvalidOperationException("the slow part could not stop");
            }

            journal.Add("slow stopped");
            return Task.CompletedTask;
        }
    }
}
