using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Regimens;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>The consumers' writes on the embedded SQLite profile, where SetBasedFlush hands them to EF.</summary>
public sealed class SqliteRegimenWritesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static RegimenChange Dispense(string dispenseId, string text, DateTimeOffset at) => EventMapper.Map(new Contracts.MedicationDispensed
    {
        EventId = Guid.NewGuid(), PatientId = "PT-sqw", DispenseId = dispenseId, DispensedAt = at,
        Medication = new Contracts.MedicationProduct { Text = text }, DaysSupply = 30,
    }, 30);

    [Fact]
    public async Task Items_versions_and_inbox_rows_are_written_and_a_moved_version_fails_the_write()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rm-writes-{Guid.NewGuid():N}.db");
        try
        {
            var builder = RegimenMonitorHost.CreateBuilder([], HostRole.Tool, new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                ["ConnectionStrings:Database"] = $"Data Source={path};Pooling=False",
            });
            using var host = builder.Build();
            await host.Services.GetRequiredService<MigrationRunner>().MigrateAsync(Ct);
            async Task<T> Db<T>(Func<RegimenDbContext, Task<T>> query)
            {
                await using var scope = host.Services.CreateAsyncScope();
                return await query(scope.ServiceProvider.GetRequiredService<RegimenDbContext>());
            }

            var now = DateTimeOffset.UtcNow;
            var first = Dispense("D-1", "Zoloft 50 mg tablet", now.AddDays(-10));
            var changes = new[] { first, Dispense("D-2", "Ultram 50 mg tablet", now.AddDays(-1)), first with { EventId = Guid.NewGuid(), Status = "entered-in-error", Withdraws = true, EffectiveAt = now } };
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var store = scope.ServiceProvider.GetRequiredService<RegimenStore>();
                foreach (var change in changes)
                {
                    Assert.Equal(ApplyOutcome.Applied, (await store.ApplyAsync(change, Ct)).Outcome);
                }
            }

            var patient = await Db(db => db.Patients.AsNoTracking().Include(p => p.Items).SingleAsync(Ct));
            Assert.Equal(3, patient.Version);
            Assert.Equal([("D-1", true, "sertraline"), ("D-2", false, "tramadol")],
                patient.Items.OrderBy(i => i.ItemKey).Select(i => (i.ItemKey, i.Withdrawn, i.Ingredients)));
            Assert.Equal(3, await Db(db => db.ProcessedEvents.CountAsync(Ct)));
            // the findings and outbox rows EF saves in the same units: SSRI + tramadol opened, the reversal resolved it
            Assert.Equal(["active", "resolved"], await Db(db => db.Outbox.OrderBy(m => m.CreatedAt).Select(m => m.Status).ToListAsync(Ct)));

            // another writer moves the version after this unit read the patient: nothing of the unit is written
            await Db(db => db.Patients.ExecuteUpdateAsync(s => s.SetProperty(p => p.Version, 9), Ct));
            await using (var scope = host.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
                await using var transaction = await db.Database.BeginTransactionAsync(Ct);
                var writes = new RegimenWrites();
                writes.Bump(patient, now);
                writes.Events.Add(new ProcessedEvent { EventId = Guid.NewGuid(), EventType = "medication-dispensed", Outcome = "applied", ProcessedAt = now });
                await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => SetBasedFlush.WriteAsync(db, writes, Ct));
            }

            Assert.Equal(3, await Db(db => db.ProcessedEvents.CountAsync(Ct)));
            Assert.Equal(9, await Db(db => db.Patients.Select(p => p.Version).SingleAsync(Ct)));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
