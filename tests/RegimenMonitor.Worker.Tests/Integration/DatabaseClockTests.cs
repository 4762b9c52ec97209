using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Tests.Infrastructure;

using static RegimenMonitor.Worker.Tests.Infrastructure.AlertTestSupport;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// The worker's time is the database server's when this host's clock is apart from it (found by an independent fault
/// probe: a replica ten minutes ahead took a stop dated six minutes ahead as already reported and sent its all-clear early,
/// while the other replica refused the same event).
/// </summary>
public sealed class DatabaseClockTests : AlertTest
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Theory]
    [InlineData(600.0, true)]
    [InlineData(-120.0, true)]
    [InlineData(5.0, true)]
    [InlineData(0.2, false)] // within the tolerance: the host's clock, uncorrected
    public async Task A_host_clock_apart_from_the_database_servers_is_corrected_to_it(double seconds, bool corrected)
    {
        using var host = Database.ToolHost();
        var clock = new DatabaseClock(new ShiftedClock(TimeSpan.FromSeconds(seconds)));
        var sync = new DatabaseClockSync(clock, host.Services.GetRequiredService<IServiceScopeFactory>(), Options.Create(new DatabaseOptions()), NullLogger<DatabaseClockSync>.Instance);

        await sync.MeasureAsync(Ct);

        // the server runs on this machine: its clock is the system's
        var apart = (clock.GetUtcNow() - TimeProvider.System.GetUtcNow()).Duration();
        Assert.Equal(corrected, clock.Correcting);
        if (corrected)
        {
            Assert.True(apart < TimeSpan.FromSeconds(1), $"still {apart} from the server's clock");
        }

        // a host whose clock agrees (again): a correction under way ends
        var agreed = new DatabaseClock(TimeProvider.System);
        var now = TimeProvider.System.GetUtcNow();
        Assert.True(agreed.Apply(now - TimeSpan.FromMinutes(10), now, TimeProvider.System.GetTimestamp()));
        await new DatabaseClockSync(agreed, host.Services.GetRequiredService<IServiceScopeFactory>(), Options.Create(new DatabaseOptions()), NullLogger<DatabaseClockSync>.Instance).MeasureAsync(Ct);
        Assert.False(agreed.Correcting);
    }

    [Fact]
    public async Task A_start_waits_for_a_reading_before_the_parts_after_it_run_on_the_clock()
    {
        // found by an independent fault probe: a reading that failed at start left a replica ten minutes ahead consuming
        // and sweeping on its own clock until the next one, 30 s later, and all-clears went out minutes early
        using var host = Database.ToolHost();
        var clock = new DatabaseClock(new ShiftedClock(TimeSpan.FromMinutes(10)));
        var sync = new DatabaseClockSync(clock, host.Services.GetRequiredService<IServiceScopeFactory>(), Options.Create(new DatabaseOptions()), NullLogger<DatabaseClockSync>.Instance);
        await Database.RefuseConnectionsAsync(Ct);

        var start = sync.StartAsync(Ct);
        await Task.Delay(TimeSpan.FromSeconds(3), Ct);
        Assert.False(start.IsCompleted, "the start went on without a reading");
        Assert.False(clock.Correcting);

        await Database.AllowConnectionsAsync(Ct);
        await start.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.True(clock.Correcting);
        Assert.True((clock.GetUtcNow() - TimeProvider.System.GetUtcNow()).Duration() < TimeSpan.FromSeconds(1));
        await sync.StopAsync(Ct);
    }

    [Fact]
    public async Task A_start_that_cannot_read_the_clock_within_the_start_timeout_fails_and_says_why()
    {
        // nothing listens on port 1: every attempt fails at once
        using var host = RegimenMonitor.Worker.Hosting.RegimenMonitorHost.CreateBuilder([], HostRole.Tool, new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Database"] = "Host=127.0.0.1;Port=1;Username=regimen;Password=hunter2-secret;Database=regimen;Timeout=2",
            ["Logging:LogLevel:Default"] = "None",
        }).Build();
        var clock = new DatabaseClock(TimeProvider.System);
        var sync = new DatabaseClockSync(clock, host.Services.GetRequiredService<IServiceScopeFactory>(),
            Options.Create(new DatabaseOptions { StartTimeout = TimeSpan.FromSeconds(3) }), NullLogger<DatabaseClockSync>.Instance);
        var waited = System.Diagnostics.Stopwatch.StartNew();

        var failure = await Assert.ThrowsAsync<ServerClockUnreadException>(() => sync.StartAsync(Ct));

        Assert.True(waited.Elapsed >= TimeSpan.FromSeconds(3), $"gave up after {waited.Elapsed}");
        Assert.StartsWith("the database server's clock could not be read within 3 s (Database:StartTimeout; ", failure.Message, StringComparison.Ordinal);
        var explained = RegimenMonitor.Worker.Cli.CliFailure.Explain(failure, database: null);
        Assert.Equal(failure.Message, explained.Message);
        Assert.Contains("raise Database__StartTimeout", explained.Fix, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2-secret", explained.Message + explained.Fix, StringComparison.Ordinal);
        Assert.Equal(RegimenMonitor.Worker.Cli.ExitCodes.Failure, explained.ExitCode);
    }

    [Fact]
    public void A_correction_starts_past_the_tolerance_ends_within_the_hysteresis_and_ignores_a_step_of_the_host_clock()
    {
        var host = new ManualHost(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
        var clock = new DatabaseClock(host);
        var t = host.Wall;

        Assert.Null(clock.Apply(t - TimeSpan.FromMilliseconds(900), t, host.Ticks)); // within the tolerance
        Assert.False(clock.Correcting);
        Assert.True(clock.Apply(t - TimeSpan.FromMinutes(10), t, host.Ticks)); // ten minutes ahead
        Assert.Equal(t - TimeSpan.FromMinutes(10), clock.GetUtcNow());

        host.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(t - TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(5), clock.GetUtcNow());
        // NTP steps the host's clock back into line: the worker's time runs on, no jump of ten minutes
        host.Wall -= TimeSpan.FromMinutes(10);
        Assert.Equal(t - TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(5), clock.GetUtcNow());

        // a reading within the hysteresis of the corrected time keeps it; beyond it, it is taken
        var server = clock.GetUtcNow();
        Assert.Null(clock.Apply(server + TimeSpan.FromMilliseconds(300), host.Wall + TimeSpan.FromSeconds(2), host.Ticks));
        Assert.Equal(server, clock.GetUtcNow());
        Assert.Null(clock.Apply(server + TimeSpan.FromSeconds(2), host.Wall + TimeSpan.FromSeconds(4), host.Ticks));
        Assert.Equal(server + TimeSpan.FromSeconds(2), clock.GetUtcNow());

        // about a second off: still corrected at 0.8 s, ended at 0.4 s (no flipping in and out)
        Assert.Null(clock.Apply(host.Wall - TimeSpan.FromMilliseconds(800), host.Wall, host.Ticks));
        Assert.True(clock.Correcting);
        Assert.False(clock.Apply(host.Wall - TimeSpan.FromMilliseconds(400), host.Wall, host.Ticks));
        Assert.Equal(host.Wall, clock.GetUtcNow());
    }

    [Fact]
    public async Task A_worker_whose_host_clock_runs_ten_minutes_ahead_checks_and_stamps_by_the_database_servers_time()
    {
        var worker = await StartWorkerAsync(services: s =>
        {
            s.AddSingleton(new DatabaseClock(new ShiftedClock(TimeSpan.FromMinutes(10))));
            s.AddSingleton<TimeProvider>(sp => sp.GetRequiredService<DatabaseClock>());
        });
        var now = TimeProvider.System.GetUtcNow();

        // six minutes ahead of the real time: beyond Regimen:MaxFutureSkew (5 min) by the server's clock, though not by this host's
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-k1", "Zoloft 50 mg tablet", DaysAgo(now, -6.0 / 1440), 30), Ct);
        var error = Assert.Single(await Broker.WaitForMessagesAsync("regimen-monitor.medication-dispensed_error", 1, Wait, Ct));
        Assert.Contains("dispensedAt must not be in the future", error.Headers["MT-Fault-Message"], StringComparison.Ordinal);

        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-k1", "Zoloft 50 mg tablet", DaysAgo(now, 10), 30), Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-k1", "Ultram 50 mg tablet", DaysAgo(now, 1), 10), Ct);
        await worker.WaitForProcessedAsync(2, Wait, Ct);
        var raised = Assert.Single(await FindingsAsync(worker)).RaisedAt;
        Assert.InRange(raised, now.AddMinutes(-1), TimeProvider.System.GetUtcNow().AddMinutes(1));
    }

    /// <summary>A host clock whose wall time and monotonic timestamp the test sets apart (an NTP step moves only the first).</summary>
    private sealed class ManualHost(DateTimeOffset wall) : TimeProvider
    {
        public DateTimeOffset Wall { get; set; } = wall;

        public long Ticks { get; private set; }

        public override DateTimeOffset GetUtcNow() => Wall;

        public override long GetTimestamp() => Ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public void Advance(TimeSpan by)
        {
            Wall += by;
            Ticks += by.Ticks;
        }
    }
}
