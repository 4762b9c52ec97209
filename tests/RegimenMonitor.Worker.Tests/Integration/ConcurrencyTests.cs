using Microsoft.EntityFrameworkCore;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>Two worker processes (hosts) on one queue and one PostgreSQL: no event lost, none applied twice.</summary>
public sealed class ConcurrencyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Two_workers_apply_2000_events_over_50_patients_exactly_once_without_lost_updates()
    {
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        var extra = new Dictionary<string, string?> { ["Messaging:ConcurrentMessageLimit"] = "8", ["Messaging:RetryLimit"] = "30" };
        // one after the other: this test is about consuming side by side (two replicas racing to migrate is
        // MigrationTests'). Started at the same instant on a fresh vhost, the second host's basic.consume can reach a
        // quorum queue the first has just declared before the queue's Raft member runs; RabbitMQ then closes the
        // channel with an internal error (rabbit_quorum_queue:consume, {error,noproc}) and that host's bus never
        // finishes starting.
        await using var first = await WorkerTestHost.StartAsync(broker.AmqpUri, database.ConnectionString, Ct, extra);
        await using var second = await WorkerTestHost.StartAsync(broker.AmqpUri, database.ConnectionString, Ct, extra);

        var bodies = Enumerable.Range(0, 2000).Select(i => Events.Dispense(
            Guid.NewGuid(), $"PT-load-{i % 50:00}", "Zoloft 50 mg tablet",
            new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddHours(i).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture), 30, $"D-{i}")).ToList();
        // every tenth event is delivered twice
        bodies.AddRange(bodies.Where((_, i) => i % 10 == 0).ToList());
        await AmqpPublisher.PublishAsync(broker.AmqpUri, MedicationDispensed.ExchangeName, bodies, Ct);

        await first.WaitForProcessedAsync(2000, TimeSpan.FromMinutes(3), Ct);
        // the 200 redelivered copies too have been handled (acknowledged by one replica or the other)
        await broker.WaitForAcknowledgedAsync("regimen-monitor.medication-dispensed", bodies.Count, TimeSpan.FromMinutes(1), Ct);
        var (patients, items, versions, processed) = await first.QueryAsync(async db => (
            await db.Patients.CountAsync(),
            await db.RegimenItems.CountAsync(),
            await db.Patients.SumAsync(p => p.Version),
            await db.ProcessedEvents.CountAsync()));
        Assert.Equal(50, patients);
        Assert.Equal(2000, items);
        Assert.Equal(2000, processed);
        // each applied event bumps its patient's version exactly once: a lost update would show as a smaller sum
        Assert.Equal(2000, versions);
        var perPatient = await first.QueryAsync(db => db.RegimenItems.GroupBy(i => i.PatientId).Select(g => g.Count()).ToListAsync());
        Assert.All(perPatient, n => Assert.Equal(40, n));
    }
}
