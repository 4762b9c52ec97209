using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Tests.Infrastructure;

using static RegimenMonitor.Worker.Tests.Infrastructure.AlertTestSupport;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>The retention purge removes old dispatched alerts and processed event ids, and nothing else.</summary>
public sealed class RetentionTests : AlertTest
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Old_dispatched_outbox_rows_and_processed_event_ids_are_purged_pending_alerts_are_kept()
    {
        // a subscriber, or the alert reaches no queue and stays in the outbox (AlertRoutingTests)
        await Broker.SubscribeToAlertsAsync("care-team-all", "#", Ct);
        var worker = await StartWorkerAsync(new Dictionary<string, string?>
        {
            ["Alerts:OutboxRetention"] = "10.00:00:00",
            ["Alerts:ProcessedEventRetention"] = "20.00:00:00",
            ["Alerts:SweepCron"] = "0 0 0 1 1 ? 2099",
            ["Alerts:EscalateAfter"] = "3650.00:00:00",
        });
        var now = Clock.GetUtcNow();
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-r1", "Nardil 15 mg tablet", DaysAgo(now, 20), 30), Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-r1", "Zoloft 50 mg tablet", DaysAgo(now, 2), 30), Ct);
        await worker.WaitForProcessedAsync(2, Wait, Ct);
        await WaitForOutboxDrainedAsync(worker, Wait);

        // an alert that is still waiting (as if the broker were down) must survive any purge
        var pendingId = Guid.NewGuid();
        await worker.QueryAsync(async db =>
        {
            db.Outbox.Add(new RegimenMonitor.Worker.Infrastructure.Database.OutboxMessage
            {
                Id = pendingId, AlertId = Guid.NewGuid(), Kind = "alert", Status = "active", RoutingKey = "x.y", PayloadJson = "{}",
                CreatedAt = now, NextAttemptAt = now.AddYears(1),
            });
            return await db.SaveChangesAsync();
        });

        await using (var scope = worker.Host.Services.CreateAsyncScope())
        {
            // 5 days on: nothing is old enough
            Clock.Advance(TimeSpan.FromDays(5));
            Assert.Equal(new RetentionResult(0, 0), await scope.ServiceProvider.GetRequiredService<RetentionService>().PurgeAsync(Ct));
        }

        await using (var scope = worker.Host.Services.CreateAsyncScope())
        {
            // 15 days on: the dispatched alert goes, the event ids stay
            Clock.Advance(TimeSpan.FromDays(10));
            Assert.Equal(new RetentionResult(1, 0), await scope.ServiceProvider.GetRequiredService<RetentionService>().PurgeAsync(Ct));
        }

        await using (var scope = worker.Host.Services.CreateAsyncScope())
        {
            // 25 days on: the event ids go too
            Clock.Advance(TimeSpan.FromDays(10));
            Assert.Equal(new RetentionResult(0, 2), await scope.ServiceProvider.GetRequiredService<RetentionService>().PurgeAsync(Ct));
        }

        Assert.Equal(pendingId, Assert.Single(await OutboxAsync(worker)).Id);
        Assert.Equal(0, await worker.ProcessedCountAsync());
        Assert.NotEmpty(await worker.QueryAsync(db => db.Findings.ToListAsync()));
    }
}
