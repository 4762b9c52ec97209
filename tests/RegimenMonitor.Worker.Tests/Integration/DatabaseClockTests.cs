using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Hosting;
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
        using var host = RegimenMonitorHost.CreateBuilder([], HostRole.Tool, new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Database"] = Database.ConnectionString,
            ["Logging:LogLevel:Default"] = "None",
        }).Build();
        var clock = new DatabaseClock(new Shifted(TimeSpan.FromSeconds(seconds)));
        var sync = new DatabaseClockSync(clock, host.Services.GetRequiredService<IServiceScopeFactory>(), NullLogger<DatabaseClockSync>.Instance);

        await sync.MeasureAsync(Ct);

        // the server runs on this machine: its clock is the system's
        var apart = (clock.GetUtcNow() - TimeProvider.System.GetUtcNow()).Duration();
        if (corrected)
        {
            Assert.NotEqual(TimeSpan.Zero, clock.Offset);
            Assert.True(apart < TimeSpan.FromSeconds(1), $"still {apart} from the server's clock");
        }
        else
        {
            Assert.Equal(TimeSpan.Zero, clock.Offset);
        }

        // the host's clock agrees again: the correction ends
        var agreed = new DatabaseClock(TimeProvider.System);
        agreed.Apply(TimeSpan.FromSeconds(seconds));
        await new DatabaseClockSync(agreed, host.Services.GetRequiredService<IServiceScopeFactory>(), NullLogger<DatabaseClockSync>.Instance).MeasureAsync(Ct);
        Assert.Equal(TimeSpan.Zero, agreed.Offset);
    }

    [Fact]
    public void A_correction_moves_only_past_the_tolerance_and_not_on_every_measurements_jitter()
    {
        var clock = new DatabaseClock(TimeProvider.System);
        Assert.Null(clock.Apply(TimeSpan.FromMilliseconds(900)));
        Assert.Equal((TimeSpan.Zero, TimeSpan.FromMinutes(-10)), clock.Apply(TimeSpan.FromMinutes(10)));
        Assert.Null(clock.Apply(TimeSpan.FromMinutes(10) + TimeSpan.FromMilliseconds(300)));
        Assert.Equal(TimeSpan.FromMinutes(-10), clock.Offset);
        Assert.Equal((TimeSpan.FromMinutes(-10), TimeSpan.FromMinutes(-9)), clock.Apply(TimeSpan.FromMinutes(9)));
        Assert.Equal((TimeSpan.FromMinutes(-9), TimeSpan.Zero), clock.Apply(TimeSpan.FromMilliseconds(-400)));
    }

    [Fact]
    public async Task A_worker_whose_host_clock_runs_ten_minutes_ahead_checks_and_stamps_by_the_database_servers_time()
    {
        var worker = await StartWorkerAsync(services: s =>
        {
            s.AddSingleton(new DatabaseClock(new Shifted(TimeSpan.FromMinutes(10))));
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

    /// <summary>The system's clock moved by a fixed amount.</summary>
    private sealed class Shifted(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }
}
