using System.Globalization;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Regimens;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// The item cache (<see cref="LiveItemCache"/>) against a real PostgreSQL, through the worker's group commit
/// (<see cref="RegimenStore"/>): what it holds after a group is, field by field, what the database returns — instants
/// with an offset, with ticks below the microsecond and before PostgreSQL's epoch included — and a change another
/// writer made (moving the patient's version, as every writer does) is read, not served from the cache.
/// </summary>
public sealed class LiveItemCacheDatabaseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_cache_holds_what_postgresql_returns_field_by_field()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        // a clock with ticks below the microsecond: updated_at is the decision's instant
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero).AddTicks(4_321_987));
        using var host = await StartAsync(database.ConnectionString, clock);
        var odd = new DateTimeOffset(2026, 11, 3, 23, 15, 0, TimeSpan.FromHours(5.5)).AddTicks(7_654_321);
        await ApplyAsync(host,
        [
            Dispense("D-1", "Zoloft 50 mg tablet", odd, 30),
            Dispense("D-2", "Glucophage 500 mg tablet", new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.FromHours(-8)).AddTicks(9_999_999), 90),
            Supplement("S-1", "Slow-Mag 64 mg tablet", odd.AddDays(-3), stopped: odd.AddDays(40).AddTicks(3)),
        ]);

        var (patient, read) = await ReadAsync(host);
        var cached = new PatientRecord
        {
            Id = patient.Id, PatientRef = patient.PatientRef, SurrogateKey = patient.SurrogateKey, Version = patient.Version, UpdatedAt = patient.UpdatedAt,
        };
        Assert.True(host.Services.GetRequiredService<LiveItemCache>().TryFill(cached));
        Assert.Equal(3, read.Count);
        Assert.Equal(Fields(read), Fields(cached.Items));
    }

    [Fact]
    public async Task A_change_made_by_another_writer_is_read_not_taken_from_the_cache()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        var clock = new FixedClock(new DateTimeOffset(2026, 11, 20, 9, 30, 0, TimeSpan.Zero));
        using var host = await StartAsync(database.ConnectionString, clock);
        var cache = host.Services.GetRequiredService<LiveItemCache>();
        await ApplyAsync(host, [Dispense("D-1", "Zoloft 50 mg tablet", clock.GetUtcNow().AddDays(-2), 30)]);
        await ApplyAsync(host, [Dispense("D-2", "Glucophage 500 mg tablet", clock.GetUtcNow().AddDays(-1), 30)]);
        Assert.Equal(1, cache.Hits);

        // another replica withdraws the sertraline dispense (and moves the version, as every writer of items does)
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
            await db.RegimenItems.Where(i => i.ItemKey == "D-1")
                .ExecuteUpdateAsync(u => u.SetProperty(i => i.Withdrawn, true).SetProperty(i => i.Status, "entered-in-error"), Ct);
            Assert.Equal(1, await db.Patients.ExecuteUpdateAsync(u => u.SetProperty(p => p.Version, p => p.Version + 1), Ct));
        }

        // tramadol with sertraline would be serotonergic stacking; with the sertraline withdrawn it is not
        var misses = cache.Misses;
        await ApplyAsync(host, [Dispense("D-3", "Ultram 50 mg tablet", clock.GetUtcNow(), 30)]);
        Assert.Equal(misses + 1, cache.Misses);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
            Assert.Empty(await db.Findings.Where(f => f.State == "active").Select(f => f.PayloadJson).ToListAsync(Ct));
        }

        // the same tramadol on a second patient with sertraline live does alert: the check above can fail
        await ApplyAsync(host, [Dispense("D-1", "Zoloft 50 mg tablet", clock.GetUtcNow().AddDays(-2), 30, "PT-C2")]);
        await ApplyAsync(host, [Dispense("D-3", "Ultram 50 mg tablet", clock.GetUtcNow(), 30, "PT-C2")]);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
            Assert.Single(await db.Findings.Where(f => f.State == "active").ToListAsync(Ct));
        }
    }

    private static async Task<IHost> StartAsync(string connectionString, TimeProvider clock)
    {
        var builder = RegimenMonitorHost.CreateBuilder([], HostRole.Tool, new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["ConnectionStrings:Database"] = connectionString,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Services.AddSingleton(clock);
        var host = builder.Build();
        await host.Services.GetRequiredService<MigrationRunner>().MigrateAsync(Ct);
        return host;
    }

    private static async Task ApplyAsync(IHost host, IReadOnlyList<RegimenChange> group)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var results = await scope.ServiceProvider.GetRequiredService<RegimenStore>()
            .ApplyBatchAsync(group, [.. group.Select(_ => default(System.Diagnostics.ActivityContext))], Ct);
        Assert.All(results, r => Assert.Equal(ApplyOutcome.Applied, r.Outcome));
    }

    private static async Task<(PatientRecord Patient, List<RegimenItemRecord> Items)> ReadAsync(IHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
        var patient = await db.Patients.AsNoTracking().SingleAsync(Ct);
        var bound = RegimenHistory.FromJson(patient.HistoryJson)?.Live ?? LiveBound.All;
        return (patient, await GroupReads.LiveItemsAsync(db, new Dictionary<long, LiveBound> { [patient.Id] = bound }, Ct));
    }

    // every property, instants with their offset and every tick
    private static List<string> Fields(IEnumerable<RegimenItemRecord> items) =>
    [
        .. items.OrderBy(i => i.ItemKey, StringComparer.Ordinal).SelectMany(item => typeof(RegimenItemRecord)
            .GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => $"{item.ItemKey} {p.Name} {Format(p.GetValue(item))}")),
    ];

    private static string Format(object? value) => value switch
    {
        null => "null",
        DateTimeOffset instant => instant.ToString("O", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture)!,
    };

    private static RegimenChange Dispense(string key, string product, DateTimeOffset at, int days, string patientRef = "PT-C1") => new()
    {
        EventId = Guid.NewGuid(), EventType = "medication-dispensed", PatientRef = patientRef, Kind = RegimenItemKind.Medication, ItemKey = key,
        EffectiveAt = at, Withdraws = false, Status = "completed", ProductText = product, StartedAt = at, DaysSupply = days,
    };

    private static RegimenChange Supplement(string key, string product, DateTimeOffset started, DateTimeOffset stopped) => new()
    {
        EventId = Guid.NewGuid(), EventType = "supplement-reported", PatientRef = "PT-C1", Kind = RegimenItemKind.Supplement, ItemKey = key,
        EffectiveAt = started, Withdraws = false, Status = "active", ProductText = product, StartedAt = started, StoppedAt = stopped,
    };

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
