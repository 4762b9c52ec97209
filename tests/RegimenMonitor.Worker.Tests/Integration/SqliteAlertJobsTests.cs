using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Regimens;
using RegimenMonitor.Worker.Sweep;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>The alert jobs' queries on the embedded SQLite profile (the demo covers dispatch; this covers the rest).</summary>
public sealed class SqliteAlertJobsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_sweep_stops_after_the_batch_under_way_when_the_host_stops_and_the_rest_stays_due()
    {
        await using var sqlite = await SqliteHost.StartAsync(new() { ["Alerts:SweepBatchSize"] = "1" });
        var (host, clock) = (sqlite.Host, sqlite.Clock);
        foreach (var patient in new[] { "PT-sw1", "PT-sw2", "PT-sw3" })
        {
            await ApplySsriWithTramadolAsync(host, patient, clock.GetUtcNow());
        }

        // forty days on all three are due; the host is stopping: one batch (one regimen) and no more
        clock.Advance(TimeSpan.FromDays(40));
        using var stopping = new CancellationTokenSource();
        await stopping.CancelAsync();
        var sweeper = host.Services.GetRequiredService<RegimenSweeper>();
        Assert.Equal(1, (await sweeper.SweepAsync(null, Ct, stopping.Token)).Regimens);

        // the next sweep takes the two left, which stayed due
        Assert.Equal(2, (await sweeper.SweepAsync(null, Ct)).Regimens);
        Assert.Equal(0, (await sweeper.SweepAsync(null, Ct)).Regimens);
    }

    [Fact]
    public async Task Sweep_escalation_and_retention_run_on_sqlite()
    {
        await using var sqlite = await SqliteHost.StartAsync(new()
        {
            ["Alerts:EscalateAfter"] = "01:00:00",
            ["Alerts:OutboxRetention"] = "10.00:00:00",
            ["Alerts:ProcessedEventRetention"] = "10.00:00:00",
        });
        var (host, clock) = (sqlite.Host, sqlite.Clock);

        // SSRI + tramadol (major), through the same store the consumers use
        await ApplySsriWithTramadolAsync(host, "PT-sq1", clock.GetUtcNow());

        Assert.Equal(["active"], await Db(host, db => db.Outbox.Select(m => m.Status).ToListAsync()));

        // two hours on: the unacknowledged major alert escalates, once
        clock.Advance(TimeSpan.FromHours(2));
        await using (var scope = host.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<EscalationService>().EscalateOverdueAsync(Ct));
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<EscalationService>().EscalateOverdueAsync(Ct));
        }

        Assert.Equal("escalation.major", await Db(host, db => db.Outbox.Where(m => m.Kind == "escalation").Select(m => m.RoutingKey).SingleAsync()));

        // forty days on: the sweep resolves the finding (tramadol's supply ended)
        clock.Advance(TimeSpan.FromDays(40));
        var swept = await host.Services.GetRequiredService<RegimenSweeper>().SweepAsync(null, Ct);
        Assert.Equal(1, swept.Regimens);
        Assert.Equal(1, await Db(host, db => db.Outbox.CountAsync(m => m.Status == "resolved")));

        // mark everything dispatched 20 days ago, then purge
        await Db(host, db => db.Outbox.ExecuteUpdateAsync(s => s.SetProperty(m => m.DispatchedAt, clock.GetUtcNow().AddDays(-20)), Ct));
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var purged = await scope.ServiceProvider.GetRequiredService<RetentionService>().PurgeAsync(Ct);
            Assert.Equal(new RetentionResult(3, 2), purged);
        }

        Assert.Equal(0, await Db(host, db => db.Outbox.CountAsync()));
    }

    [Fact]
    public async Task A_sweep_of_every_regimen_brings_a_regimen_that_is_not_due_up_to_the_current_rule_set()
    {
        await using var sqlite = await SqliteHost.StartAsync([]);
        var (host, clock) = (sqlite.Host, sqlite.Clock);
        await ApplySsriWithTramadolAsync(host, "PT-all", clock.GetUtcNow());

        // As left by an older rule set that did not have SER-08: items stamped with it, no finding, no alert; the
        // regimen is next due when tramadol's supply ends, days away.
        await Db(host, db => db.Outbox.ExecuteDeleteAsync(Ct));
        await Db(host, db => db.Findings.ExecuteDeleteAsync(Ct));
        await Db(host, db => db.RegimenItems.ExecuteUpdateAsync(u => u.SetProperty(i => i.NormalisedWith, "2000.1.1"), Ct));
        Assert.True(await Db(host, db => db.Patients.AllAsync(p => p.NextReviewAt > clock.GetUtcNow(), Ct)));
        var sweeper = host.Services.GetRequiredService<RegimenSweeper>();

        // the nightly sweep takes only the regimens that are due: this one waits for its next event or review
        Assert.Equal(0, (await sweeper.SweepAsync(null, Ct)).Regimens);
        Assert.Equal(0, await Db(host, db => db.Findings.CountAsync(Ct)));

        // every regimen: re-normalised with the current rule set, the finding raised and its alert in the outbox
        var all = await sweeper.SweepEveryRegimenAsync(null, Ct);
        Assert.Equal(new { Regimens = 1L, Alerts = 1L }, new { all.Regimens, all.Alerts });
        Assert.Equal(["SER-08"], await Db(host, db => db.Findings.Select(f => f.RuleId).ToListAsync(Ct)));
        Assert.Equal(["active"], await Db(host, db => db.Outbox.Select(m => m.Status).ToListAsync(Ct)));
        Assert.DoesNotContain("2000.1.1", await Db(host, db => db.RegimenItems.Select(i => i.NormalisedWith).ToListAsync(Ct)));
        // and recorded, so the worker's sweep job does not sweep every regimen again for this rule set
        Assert.True(await sweeper.IsSweptAsync(host.Services.GetRequiredService<RegimenDecision>().NormalisationStamp, Ct));

        // again: nothing changed, so nothing is alerted twice, and the patient is not even written
        var version = await Db(host, db => db.Patients.Select(p => p.Version).SingleAsync(Ct));
        var again = await sweeper.SweepEveryRegimenAsync(null, Ct);
        Assert.Equal(new { Regimens = 1L, Alerts = 0L }, new { again.Regimens, again.Alerts });
        Assert.Equal(1, await Db(host, db => db.Outbox.CountAsync(Ct)));
        Assert.Equal(version, await Db(host, db => db.Patients.Select(p => p.Version).SingleAsync(Ct)));
    }

    [Fact]
    public async Task The_sweep_job_sweeps_every_regimen_once_per_rule_set_and_then_only_the_due_ones()
    {
        await using var sqlite = await SqliteHost.StartAsync([]);
        var (host, clock) = (sqlite.Host, sqlite.Clock);
        await ApplySsriWithTramadolAsync(host, "PT-job", clock.GetUtcNow());

        var stamp = host.Services.GetRequiredService<RegimenDecision>().NormalisationStamp;
        var sweeper = host.Services.GetRequiredService<RegimenSweeper>();
        // as left by an older release: its rule set had no SER-08, and it had swept every regimen with it
        await Db(host, db => db.Outbox.ExecuteDeleteAsync(Ct));
        await Db(host, db => db.Findings.ExecuteDeleteAsync(Ct));
        await Db(host, db => db.RegimenItems.ExecuteUpdateAsync(u => u.SetProperty(i => i.NormalisedWith, "2000.1.1"), Ct));
        await Db(host, db =>
        {
            db.FullSweeps.Add(new FullSweep { Stamp = "2000.1.1+terminology.0", CompletedAt = clock.GetUtcNow().AddDays(-30), Regimens = 1 });
            return db.SaveChangesAsync(Ct);
        });
        Assert.False(await sweeper.IsSweptAsync(stamp, Ct));

        // the firing at the scheduler's start: this release's rule set was never swept, so every regimen is, not due or not
        var atStart = await sweeper.SweepForJobAsync(onlyIfNotSwept: true, Ct, CancellationToken.None);
        Assert.Equal(new { Regimens = 1L, Alerts = 1L, Completed = true }, new { atStart!.Value.Regimens, atStart.Value.Alerts, atStart.Value.Completed });
        Assert.Equal(["SER-08"], await Db(host, db => db.Findings.Select(f => f.RuleId).ToListAsync(Ct)));
        Assert.Equal(["active"], await Db(host, db => db.Outbox.Select(m => m.Status).ToListAsync(Ct)));
        var recorded = await Db(host, db => db.FullSweeps.SingleAsync(s => s.Stamp == stamp, Ct));
        Assert.Equal(1, recorded.Regimens);
        Assert.Equal(clock.GetUtcNow(), recorded.CompletedAt, TimeSpan.FromMilliseconds(1)); // SQLite keeps milliseconds

        // the next start: already swept, so nothing; the nightly firing takes the due regimens only (none)
        Assert.Null(await sweeper.SweepForJobAsync(onlyIfNotSwept: true, Ct, CancellationToken.None));
        Assert.Equal(0, (await sweeper.SweepForJobAsync(onlyIfNotSwept: false, Ct, CancellationToken.None))!.Value.Regimens);
        Assert.Equal(1, await Db(host, db => db.Outbox.CountAsync(Ct)));

        // a terminology import or another release changes the stamp: the nightly firing sweeps every regimen again
        await Db(host, db => db.FullSweeps.Where(s => s.Stamp == stamp).ExecuteDeleteAsync(Ct));
        var nightly = await sweeper.SweepForJobAsync(onlyIfNotSwept: false, Ct, CancellationToken.None);
        Assert.Equal(new { Regimens = 1L, Alerts = 0L }, new { nightly!.Value.Regimens, nightly.Value.Alerts });
        Assert.True(await sweeper.IsSweptAsync(stamp, Ct));

        // a sweep of every regimen stopped by the host before it knew it had reached the last is not recorded,
        // so the next firing starts it again
        await Db(host, db => db.FullSweeps.Where(s => s.Stamp == stamp).ExecuteDeleteAsync(Ct));
        var stopped = await sweeper.SweepEveryRegimenAsync(null, Ct, new CancellationToken(canceled: true));
        Assert.False(stopped.Completed);
        Assert.False(await sweeper.IsSweptAsync(stamp, Ct));
        Assert.Equal(["2000.1.1+terminology.0"], await Db(host, db => db.FullSweeps.Select(s => s.Stamp).ToListAsync(Ct)));
    }

    [Fact]
    public async Task Without_the_record_of_swept_rule_sets_the_job_still_sweeps_the_due_regimens()
    {
        await using var sqlite = await SqliteHost.StartAsync([]);
        var (host, clock) = (sqlite.Host, sqlite.Clock);
        await ApplySsriWithTramadolAsync(host, "PT-nostate", clock.GetUtcNow());
        // a database not migrated to 0008 (the worker started with Database:MigrateOnStart off), the regimen due
        await Db(host, db => db.Database.ExecuteSqlRawAsync("DROP TABLE full_sweeps", Ct));
        await Db(host, db => db.Patients.ExecuteUpdateAsync(u => u.SetProperty(p => p.NextReviewAt, clock.GetUtcNow().AddMinutes(-1)), Ct));
        var sweeper = host.Services.GetRequiredService<RegimenSweeper>();

        // the firing at start does nothing; the nightly one sweeps the due regimen as before 0008
        Assert.Null(await sweeper.SweepForJobAsync(onlyIfNotSwept: true, Ct, CancellationToken.None));
        Assert.Equal(1, (await sweeper.SweepForJobAsync(onlyIfNotSwept: false, Ct, CancellationToken.None))!.Value.Regimens);
        Assert.True(await Db(host, db => db.Patients.AllAsync(p => p.NextReviewAt > clock.GetUtcNow(), Ct)));

        // a sweep of every regimen does its work, and only its record is missing
        var all = await sweeper.SweepEveryRegimenAsync(null, Ct);
        Assert.Equal(new { Regimens = 1L, Completed = true }, new { all.Regimens, all.Completed });
    }

    /// <summary>Runs <paramref name="query"/> on a context of its own from <paramref name="host"/>.</summary>
    private static async Task<T> Db<T>(Microsoft.Extensions.Hosting.IHost host, Func<RegimenDbContext, Task<T>> query)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<RegimenDbContext>());
    }

    /// <summary>A migrated tool host on a SQLite file of its own, with a fake clock; disposing it disposes the host and deletes the file.</summary>
    private sealed class SqliteHost : IAsyncDisposable
    {
        private readonly string _path;

        private SqliteHost(string path, Microsoft.Extensions.Hosting.IHost host, FakeTimeProvider clock) => (_path, Host, Clock) = (path, host, clock);

        public Microsoft.Extensions.Hosting.IHost Host { get; }

        public FakeTimeProvider Clock { get; }

        /// <summary>Starts one with <paramref name="settings"/> (the SQLite database settings are added to them).</summary>
        public static async Task<SqliteHost> StartAsync(Dictionary<string, string?> settings)
        {
            var path = Path.Combine(Path.GetTempPath(), $"rm-alertjobs-{Guid.NewGuid():N}.db");
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            settings["Database:Provider"] = "Sqlite";
            settings["ConnectionStrings:Database"] = $"Data Source={path};Pooling=False";
            var builder = RegimenMonitorHost.CreateBuilder([], HostRole.Tool, settings);
            builder.Services.AddSingleton<TimeProvider>(clock);
            var host = builder.Build();
            var sqlite = new SqliteHost(path, host, clock);
            try
            {
                await host.Services.GetRequiredService<MigrationRunner>().MigrateAsync(Ct);
                return sqlite;
            }
            catch
            {
                await sqlite.DisposeAsync();
                throw;
            }
        }

        public ValueTask DisposeAsync()
        {
            Host.Dispose();
            File.Delete(_path);
            return ValueTask.CompletedTask;
        }
    }

    /// <summary>Sertraline for 30 days from 10 days ago and tramadol for 10 days from yesterday: SER-08 (major).</summary>
    private static async Task ApplySsriWithTramadolAsync(Microsoft.Extensions.Hosting.IHost host, string patient, DateTimeOffset now)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<RegimenStore>();
        foreach (var (text, days, supply) in new[] { ("Zoloft 50 mg tablet", 10, 30), ("Ultram 50 mg tablet", 1, 10) })
        {
            await store.ApplyAsync(EventMapper.Map(new Contracts.MedicationDispensed
            {
                EventId = Guid.NewGuid(), PatientId = patient, DispensedAt = now.AddDays(-days),
                Medication = new Contracts.MedicationProduct { Text = text }, DaysSupply = supply,
            }, 30), Ct);
        }
    }
}
