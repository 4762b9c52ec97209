using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Regimens;
using RegimenMonitor.Worker.Sweep;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// Compacted history (Regimens/RegimenHistory, HistoryReads) is exact through the worker's real write and read paths:
/// the same random long histories — refills for years, late dispenses dated months back, reversals and corrections of
/// old dispenses, supplements started and stopped, stops of dispensed products reported by a care team (or the patient)
/// months back, nightly sweeps, groups with several changes of one patient — go
/// through <see cref="RegimenStore"/> and <see cref="RegimenSweeper"/> on two databases, one compacting above eight items
/// (with the item cache, <see cref="LiveItemCache"/>, on PostgreSQL) and one never compacting (and keeping no cache);
/// after every group both hold the same outcomes, findings (payloads, states, severities, dates), alerts and review
/// instants. Ids are sequential in both, so the alerts compare byte for byte.
/// </summary>
public sealed class HistoryCompactionEquivalenceTests
{
    private static readonly string[] Medications =
    [
        "Zoloft 50 mg tablet", "Glucophage 500 mg tablet", "Synthroid 100 mcg tablet", "Lipitor 20 mg tablet",
        "Ultram 50 mg tablet", "Nardil 15 mg tablet", "Cipro 500 mg tablet", "Roxicodone 5 mg tablet",
        // a combination sharing an ingredient with each of its neighbours: a correction of one reads back the others
        "Percocet 5/325 mg tablet", "Tylenol 500 mg tablet",
    ];

    private static readonly string[] Supplements =
    [
        "St. John's Wort 300 mg capsule", "Caltrate 600 mg calcium tablet", "Slow-Mag 64 mg tablet", "Vitamin B12 1000 mcg tablet",
        "Kratom powder (Maeng Da) 2 g",
    ];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public async Task Sqlite_compacted_and_full_histories_decide_the_same(int seed)
    {
        var paths = new[] { TempDatabase(), TempDatabase() };
        try
        {
            await RunAsync(seed, provider: "Sqlite", [$"Data Source={paths[0]};Pooling=False", $"Data Source={paths[1]};Pooling=False"]);
        }
        finally
        {
            foreach (var path in paths)
            {
                File.Delete(path);
            }
        }
    }

    [Theory]
    [InlineData(11)]
    [InlineData(12)]
    public async Task Postgresql_compacted_and_full_histories_decide_the_same(int seed)
    {
        await using var compacting = await PostgresTestDatabase.CreateAsync(Ct);
        await using var full = await PostgresTestDatabase.CreateAsync(Ct);
        await RunAsync(seed, provider: "PostgreSql", [compacting.ConnectionString, full.ConnectionString]);
    }

    [Fact]
    public Task A_summary_written_for_another_patient_version_is_not_used() => MonthlyMetforminAsync(async (compacting, full, dispense) =>
    {
        Assert.Equal("M-0", await compacting.CompactedKeyAsync("PT-V"));
        // the second dispense is withdrawn by a writer that does not keep the summary: the therapy now starts at the
        // third, which only a reading of every item can tell
        await compacting.WithdrawWithoutTheSummaryAsync("PT-V", "M-1");
        await full.WithdrawWithoutTheSummaryAsync("PT-V", "M-1");
        return [dispense("L-1", "Lipitor 20 mg tablet", 30)];
    });

    [Fact]
    public Task Withdrawing_the_last_dispense_of_a_compacted_therapy_decides_as_with_every_item() => MonthlyMetforminAsync((_, _, dispense) =>
    {
        // the last dispense started before the cutoff: its withdrawal is decided on every item (HistoryReads)
        var last = dispense("M-14", "Glucophage 500 mg tablet", 30);
        return Task.FromResult<RegimenChange[]>([last with { Status = "entered-in-error", Withdraws = true }]);
    });

    [Fact]
    public Task Turning_compaction_off_uncompacts_a_patient_at_its_next_event() => MonthlyMetforminAsync(async (compacting, full, dispense) =>
    {
        // the compacting side's database, now with compaction off: the next event reads every item and drops the summary
        using var off = await Side.StartAsync("Sqlite", compacting.ConnectionString, compactAbove: 0, compacting.Clock);
        var next = dispense("L-2", "Lipitor 20 mg tablet", 30);
        Assert.Equal([ApplyOutcome.Applied], await off.ApplyAsync([next]));
        Assert.Equal([ApplyOutcome.Applied], await full.ApplyAsync([next]));
        Assert.Equal((16, 0, 0), await off.CompactionAsync());
        return [];
    });

    [Fact]
    public Task A_compacted_dispense_read_back_by_a_decision_that_does_not_compact_stays_counted() => MonthlyMetforminAsync(async (compacting, full, dispense) =>
    {
        // a correction of a compacted omeprazole dispense reads the compacted ones back; the group's last change is
        // stale, so the correction's decision is the one stored and it does not compact: the summary without their runs
        // must keep them live, or the next decision sees a therapy months shorter (and a depletion finding of a year's
        // use falls back)
        var correction = dispense("M-2", "Omeprazole 20 mg capsule", 45);
        var stale = dispense("M-14", "Omeprazole 20 mg capsule", 30) with { EffectiveAt = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero) };
        RegimenChange[] group = [correction, stale];
        Assert.Equal([ApplyOutcome.Applied, ApplyOutcome.Stale], await compacting.ApplyAsync(group));
        Assert.Equal([ApplyOutcome.Applied, ApplyOutcome.Stale], await full.ApplyAsync(group));
        Assert.Equal(await full.StateAsync(), await compacting.StateAsync());
        Assert.Equal(0, (await compacting.CompactionAsync()).Compacted);
        return [dispense("L-1", "Lipitor 20 mg tablet", 30)];
    }, "Omeprazole 20 mg capsule");

    // fifteen monthly metformin (or another product's) dispenses for one patient on two SQLite databases (compacting
    // above eight items, never compacting), then the scenario's changes; both must end in the same state, with an open
    // finding
    private static async Task MonthlyMetforminAsync(
        Func<Side, Side, Func<string, string, int, RegimenChange>, Task<RegimenChange[]>> scenario, string product = "Glucophage 500 mg tablet")
    {
        var paths = new[] { TempDatabase(), TempDatabase() };
        try
        {
            var clock = new ManualClock(new DateTimeOffset(2024, 1, 2, 8, 0, 0, TimeSpan.Zero));
            using var compacting = await Side.StartAsync("Sqlite", $"Data Source={paths[0]};Pooling=False", compactAbove: 8, clock);
            using var full = await Side.StartAsync("Sqlite", $"Data Source={paths[1]};Pooling=False", compactAbove: 0, clock);
            RegimenChange Dispense(string key, string product, int days) => new()
            {
                EventId = Guid.NewGuid(), EventType = "medication-dispensed", PatientRef = "PT-V", Kind = RegimenItemKind.Medication,
                ItemKey = key, EffectiveAt = clock.GetUtcNow(), Withdraws = false, Status = "completed", ProductText = product,
                StartedAt = clock.GetUtcNow(), DaysSupply = days,
            };

            for (var month = 0; month < 15; month++)
            {
                var group = new[] { Dispense($"M-{month}", product, 30) };
                Assert.Equal(await full.ApplyAsync(group), await compacting.ApplyAsync(group));
                clock.Advance(TimeSpan.FromDays(30));
            }

            var (live, compactedRows, summaries) = await compacting.CompactionAsync();
            Assert.True(compactedRows >= 5 && summaries == 1, $"live {live}, compacted {compactedRows}, summaries {summaries}");
            var next = await scenario(compacting, full, (key, product, days) => Dispense(key, product, days) with { EventId = Guid.NewGuid() });
            Assert.Equal(await full.ApplyAsync(next), await compacting.ApplyAsync(next));

            Assert.Equal(await full.StateAsync(), await compacting.StateAsync());
            Assert.Contains(await full.StateAsync(), line => line.StartsWith("finding PT-V", StringComparison.Ordinal));
        }
        finally
        {
            foreach (var path in paths)
            {
                File.Delete(path);
            }
        }
    }

    private static string TempDatabase() => Path.Combine(Path.GetTempPath(), $"rm-history-{Guid.NewGuid():N}.db");

    private static async Task RunAsync(int seed, string provider, string[] connectionStrings)
    {
        var clock = new ManualClock(new DateTimeOffset(2023, 1, 2, 8, 0, 0, TimeSpan.Zero));
        using var compacting = await Side.StartAsync(provider, connectionStrings[0], compactAbove: 8, clock);
        using var full = await Side.StartAsync(provider, connectionStrings[1], compactAbove: 0, clock);
        var feed = new Feed(new Random(seed), clock);
        var withdrawnCompacted = 0;
        for (var step = 0; step < 260; step++)
        {
            clock.Advance(TimeSpan.FromHours(feed.Random.Next(6, 150)));
            if (step == 200)
            {
                // a damaged summary is not trusted: the next decision reads every item and writes a new one
                Assert.Equal(1, await compacting.DamageSummaryAsync("PT-H0"));
            }

            if (step == 230)
            {
                // a writer that does not keep the summary (an older release during a rolling upgrade) withdraws a
                // compacted dispense: the summary no longer matches the patient's version and is not used
                var key = await compacting.CompactedKeyAsync("PT-H1");
                Assert.NotNull(key);
                await compacting.WithdrawWithoutTheSummaryAsync("PT-H1", key);
                await full.WithdrawWithoutTheSummaryAsync("PT-H1", key);
            }

            if (feed.Random.Next(12) == 0)
            {
                var swept = await compacting.SweepAsync();
                Assert.Equal(swept, await full.SweepAsync());
            }
            else
            {
                var group = feed.Group();
                withdrawnCompacted += await compacting.CountCompactedAsync(group);
                var outcomes = await compacting.ApplyAsync(group);
                Assert.Equal(outcomes, await full.ApplyAsync(group));
            }

            var (expected, actual) = (await full.StateAsync(), await compacting.StateAsync());
            if (!expected.SequenceEqual(actual))
            {
                // both states in full, for a diff
                string[] files = [Dump("full"), Dump("compacting")];
                File.WriteAllLines(files[0], expected);
                File.WriteAllLines(files[1], actual);
                TestContext.Current.TestOutputHelper?.WriteLine($"step {step}: diff {files[0]} {files[1]}");
            }

            string Dump(string side) => Path.Combine(Path.GetTempPath(), $"rm-history-{provider}-{seed}-{side}.txt");

            Assert.Equal(expected, actual);
        }

        // the comparison was not vacuous: the compacting side compacted, kept few rows live (the care team's reported
        // stops, about a twentieth of the feed, stay live by design), and had to read every item for changes of
        // compacted dispenses
        var (live, compactedRows, summaries) = await compacting.CompactionAsync();
        Assert.True(compactedRows > 2 * live, $"compacted {compactedRows}, live {live}");
        Assert.Equal(Feed.Patients, summaries);
        Assert.True(withdrawnCompacted > 0, "no change addressed a compacted item");
        Assert.Equal((live + compactedRows, 0, 0), await full.CompactionAsync());
        // on PostgreSQL the compacting side decided most groups on cached items, the other side on none
        Assert.Equal(0, full.Cache.Hits + full.Cache.Misses);
        if (provider == "PostgreSql")
        {
            Assert.True(compacting.Cache.Hits > compacting.Cache.Misses, $"hits {compacting.Cache.Hits}, misses {compacting.Cache.Misses}");
        }
        else
        {
            Assert.Equal(0, compacting.Cache.Items);
        }
    }

    /// <summary>One database with its worker services.</summary>
    private sealed class Side : IDisposable
    {
        private readonly IHost _host;
        private int _ids;

        private Side(IHost host, string connectionString, TimeProvider clock) => (_host, ConnectionString, Clock) = (host, connectionString, clock);

        public string ConnectionString { get; }

        public TimeProvider Clock { get; }

        public LiveItemCache Cache => _host.Services.GetRequiredService<LiveItemCache>();

        public static async Task<Side> StartAsync(string provider, string connectionString, int compactAbove, TimeProvider clock)
        {
            var builder = RegimenMonitorHost.CreateBuilder([], HostRole.Tool, new Dictionary<string, string?>
            {
                ["Database:Provider"] = provider,
                ["ConnectionStrings:Database"] = connectionString,
                ["Regimen:CompactHistoryAbove"] = compactAbove.ToString(CultureInfo.InvariantCulture),
                // the side that compacts keeps the default item cache (PostgreSQL only); the other reads every item
                ["Regimen:CachedItems"] = compactAbove == 0 ? "0" : "32768",
                ["Logging:LogLevel:Default"] = "Warning",
            });
            Side? side = null;
            builder.Services.AddSingleton(clock);
            // sequential ids, so both sides' alerts and findings compare as they are
            builder.Services.AddSingleton(sp => new RegimenDecision(
                sp.GetRequiredService<RegimenEvaluator>(), new DecisionIds(() => side!.NextId(), _ => side!.NextId()),
                new HistoryPolicy(compactAbove, TimeSpan.FromDays(1))));
            side = new Side(builder.Build(), connectionString, clock);
            await side._host.Services.GetRequiredService<MigrationRunner>().MigrateAsync(Ct);
            return side;
        }

        public async Task<List<ApplyOutcome>> ApplyAsync(IReadOnlyList<RegimenChange> group)
        {
            await using var scope = _host.Services.CreateAsyncScope();
            var results = await scope.ServiceProvider.GetRequiredService<RegimenStore>()
                .ApplyBatchAsync(group, [.. group.Select(_ => default(System.Diagnostics.ActivityContext))], Ct);
            return [.. results.Select(r => r.Outcome)];
        }

        public async Task<long> SweepAsync() => (await _host.Services.GetRequiredService<RegimenSweeper>().SweepAsync(null, Ct)).Regimens;

        /// <summary>How many of the group's changes address an item stored as compacted.</summary>
        public async Task<int> CountCompactedAsync(IReadOnlyList<RegimenChange> group)
        {
            var keys = group.Select(c => (c.PatientRef, c.ItemKey)).ToHashSet();
            return (await CompactedItemsAsync()).Count(i => keys.Contains((i.PatientRef, i.Item.ItemKey)));
        }

        public async Task<string?> CompactedKeyAsync(string patientRef) => (await CompactedItemsAsync())
            .Where(i => i.PatientRef == patientRef && i.Item.Kind == "medication" && !i.Item.Withdrawn)
            .OrderBy(i => i.Item.Id).Select(i => i.Item.ItemKey).FirstOrDefault();

        // every stored item that its patient's summary compacts (the flag is derived, not stored)
        private Task<List<(string PatientRef, RegimenItemRecord Item)>> CompactedItemsAsync() => Db(async db =>
        {
            var patients = await db.Patients.AsNoTracking().ToDictionaryAsync(p => p.Id, Ct);
            var items = await db.RegimenItems.AsNoTracking().ToListAsync(Ct);
            return items.Where(i => Summary(patients[i.PatientId])?.Compacts(i.Id) == true).Select(i => (patients[i.PatientId].PatientRef, i)).ToList();
        });

        private static RegimenHistory? Summary(PatientRecord patient)
        {
            try
            {
                return RegimenHistory.FromJson(patient.HistoryJson);
            }
            catch (InvalidOperationException)
            {
                return null;
            }
        }

        public Task<int> WithdrawWithoutTheSummaryAsync(string patientRef, string itemKey) => Db(async db =>
        {
            var patient = await db.Patients.SingleAsync(p => p.PatientRef == patientRef, Ct);
            await db.RegimenItems.Where(i => i.PatientId == patient.Id && i.ItemKey == itemKey)
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.Withdrawn, true).SetProperty(i => i.Status, "entered-in-error"), Ct);
            return await db.Patients.Where(p => p.Id == patient.Id).ExecuteUpdateAsync(u => u.SetProperty(p => p.Version, p => p.Version + 1), Ct);
        });

        public Task<int> DamageSummaryAsync(string patientRef) => Db(db =>
            db.Patients.Where(p => p.PatientRef == patientRef && p.HistoryJson != null).ExecuteUpdateAsync(u => u.SetProperty(p => p.HistoryJson, "{\"cutoff\":"), Ct));

        public async Task<(int Live, int Compacted, int Summaries)> CompactionAsync()
        {
            var compacted = (await CompactedItemsAsync()).Count;
            var (items, summaries) = await Db(async db => (await db.RegimenItems.CountAsync(Ct), await db.Patients.CountAsync(p => p.HistoryJson != null, Ct)));
            return (items - compacted, compacted, summaries);
        }

        /// <summary>What a care team and the sweep see: review instants, every finding, every alert, in order.</summary>
        public Task<List<string>> StateAsync() => Db<List<string>>(async db =>
        {
            var patients = await db.Patients.AsNoTracking().OrderBy(p => p.PatientRef).ToListAsync(Ct);
            var refs = patients.ToDictionary(p => p.Id, p => p.PatientRef);
            var findings = await db.Findings.AsNoTracking().ToListAsync(Ct);
            var alerts = await db.Outbox.AsNoTracking().ToListAsync(Ct);
            return
            [
                .. patients.Select(p => $"patient {p.PatientRef} v{p.Version} review {p.NextReviewAt:O}"),
                .. findings.OrderBy(f => f.AlertId).Select(f =>
                    $"finding {refs[f.PatientId]} {f.AlertId} {f.State} {f.Severity} since {f.Since:O} raised {f.RaisedAt:O} resolved {f.ResolvedAt:O} {f.PayloadJson}"),
                .. alerts.OrderBy(a => a.Id).Select(a => $"alert {a.Id} {a.AlertId} {a.Status} {a.RoutingKey} {a.PayloadJson}"),
            ];
        });

        public void Dispose() => _host.Dispose();

        private Guid NextId() => new(Interlocked.Increment(ref _ids), 0, 0, new byte[8]);

        private async Task<T> Db<T>(Func<RegimenDbContext, Task<T>> query)
        {
            await using var scope = _host.Services.CreateAsyncScope();
            return await query(scope.ServiceProvider.GetRequiredService<RegimenDbContext>());
        }
    }

    /// <summary>Random but plausible events for a few patients, as of the clock.</summary>
    private sealed class Feed(Random random, ManualClock clock)
    {
        public const int Patients = 3;

        private readonly List<RegimenChange> _items = [];
        private readonly string[][] _therapies =
            [.. Enumerable.Range(0, Patients).Select(p => Medications.OrderBy(_ => random.Next()).Take(4).ToArray())];

        private int _keys;

        public Random Random => random;

        public List<RegimenChange> Group()
        {
            var size = random.Next(1, 6);
            var group = new List<RegimenChange>(size);
            for (var i = 0; i < size; i++)
            {
                var change = Next();
                group.Add(change);
                _items.RemoveAll(c => c.PatientRef == change.PatientRef && c.Kind == change.Kind && c.ItemKey == change.ItemKey);
                _items.Add(change);
            }

            return group;
        }

        private RegimenChange Next()
        {
            var now = clock.GetUtcNow();
            var patient = random.Next(Patients);
            var patientRef = $"PT-H{patient}";
            var mine = _items.Where(c => c.PatientRef == patientRef).ToList();
            var roll = random.Next(100);
            if (roll < 8 && mine.Count > 0)
            {
                // a reversal: half of them of one of the newest items (the usual case), half of any (mostly compacted)
                var target = random.Next(2) == 0 ? mine[^random.Next(1, Math.Min(4, mine.Count + 1))] : mine[random.Next(mine.Count)];
                return target with { EventId = Guid.NewGuid(), EffectiveAt = Later(target, now), Status = "entered-in-error", Withdraws = true };
            }

            if (roll < 14 && mine.Count > 0)
            {
                // a correction of an earlier dispense: another supply, or another product
                var target = mine[random.Next(mine.Count)];
                return target.Kind == RegimenItemKind.Medication
                    ? target with
                    {
                        EventId = Guid.NewGuid(), EffectiveAt = Later(target, now), Status = "completed", Withdraws = false,
                        DaysSupply = random.Next(2) == 0 ? 7 : 90, ProductText = random.Next(3) == 0 ? Medications[random.Next(Medications.Length)] : target.ProductText,
                    }
                    : target with { EventId = Guid.NewGuid(), EffectiveAt = Later(target, now), Status = "stopped", StoppedAt = now.AddDays(-random.Next(0, 40)) };
            }

            if (roll < 19)
            {
                // a care team (or pharmacist, or the patient) reports that a product of the therapy stopped, some days or
                // months ago: a clinician's stop ends the dispenses it falls in (ReportedStops), also compacted ones
                var stopped = now.AddDays(-random.Next(0, 200));
                string[] sources = ["care-team", "pharmacist", "patient"];
                return new RegimenChange
                {
                    EventId = Guid.NewGuid(), EventType = "supplement-reported", PatientRef = patientRef, Kind = RegimenItemKind.Supplement,
                    ItemKey = $"S-{++_keys}", EffectiveAt = now, Withdraws = false, Status = "stopped",
                    ProductText = _therapies[patient][random.Next(4)], StartedAt = stopped.AddDays(-random.Next(0, 30)), StoppedAt = stopped,
                    DetailsJson = "{\"source\":\"" + sources[random.Next(3)] + "\"}",
                };
            }

            if (roll < 24)
            {
                // a supplement reported as taken from some days ago, mostly with an end
                var started = now.AddDays(-random.Next(0, 60));
                return new RegimenChange
                {
                    EventId = Guid.NewGuid(), EventType = "supplement-reported", PatientRef = patientRef, Kind = RegimenItemKind.Supplement,
                    ItemKey = $"S-{++_keys}", EffectiveAt = now, Withdraws = false, Status = "active",
                    ProductText = Supplements[random.Next(Supplements.Length)], StartedAt = started,
                    StoppedAt = random.Next(4) == 0 ? null : started.AddDays(random.Next(1, 90)),
                };
            }

            // a dispense: mostly a refill of the patient's therapy, dated now, sometimes entered late (months back)
            var product = random.Next(10) == 0 ? Medications[random.Next(Medications.Length)] : _therapies[patient][random.Next(4)];
            var at = random.Next(8) == 0 ? now.AddDays(-random.Next(30, 400)) : now.AddHours(-random.Next(0, 48));
            return new RegimenChange
            {
                EventId = Guid.NewGuid(), EventType = "medication-dispensed", PatientRef = patientRef, Kind = RegimenItemKind.Medication,
                ItemKey = $"D-{++_keys}", EffectiveAt = at, Withdraws = false, Status = "completed", ProductText = product, StartedAt = at,
                DaysSupply = random.Next(4) == 0 ? 90 : 30,
            };
        }

        // a correction's own time: after the item's last event
        private static DateTimeOffset Later(RegimenChange target, DateTimeOffset now) => target.EffectiveAt < now ? now : target.EffectiveAt.AddMinutes(1);
    }

    /// <summary>A clock the test moves; nothing else moves it.</summary>
    private sealed class ManualClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
