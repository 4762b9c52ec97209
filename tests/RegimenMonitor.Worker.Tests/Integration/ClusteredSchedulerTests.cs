using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Quartz;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Tests.Infrastructure;

using static RegimenMonitor.Worker.Tests.Infrastructure.AlertTestSupport;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>Two worker replicas on one PostgreSQL: Quartz's clustered store fires each job once; alerts leave once.</summary>
public sealed class ClusteredSchedulerTests : AlertTest
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(45);

    [Fact]
    public async Task Two_workers_publish_every_alert_exactly_once_and_each_job_firing_runs_once()
    {
        await Broker.SubscribeToAlertsAsync("care-team-all", "#", Ct);
        var runs = new JobRunLog();
        var settings = new Dictionary<string, string?> { ["Alerts:DispatchInterval"] = "00:00:00.500" };
        var a = await StartWorkerAsync(settings, s => s.AddSingleton<IJobListener>(runs));
        var b = await StartWorkerAsync(settings, s => s.AddSingleton<IJobListener>(runs));

        const int patients = 12;
        var now = Clock.GetUtcNow();
        for (var i = 0; i < patients; i++)
        {
            await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), $"PT-c{i}", "Nardil 15 mg tablet", DaysAgo(now, 20), 30), Ct);
            await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), $"PT-c{i}", "Zoloft 50 mg tablet", DaysAgo(now, 2), 30), Ct);
        }

        await a.WaitForProcessedAsync(2 * patients, Wait, Ct);
        var received = await Broker.WaitForMessagesAsync("care-team-all", patients, Wait, Ct);
        await WaitForOutboxDrainedAsync(a, Wait);
        await Task.Delay(TimeSpan.FromSeconds(2), Ct); // several more firings of both schedulers
        received.AddRange(await Broker.GetAsync("care-team-all", 100, Ct));

        Assert.Equal(patients, received.Count);
        Assert.Equal(patients, received.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(patients, (await OutboxAsync(a)).Count);

        // both replicas joined the cluster ...
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM qrtz_scheduler_state", connection);
        Assert.Equal(2L, await command.ExecuteScalarAsync(Ct));
        // ... and every scheduled firing of the dispatch job ran on exactly one of them
        var dispatchRuns = runs.Runs.Where(r => r.Job == AlertDispatchJob.Name).ToList();
        Assert.True(dispatchRuns.Count >= 3, $"dispatch ran {dispatchRuns.Count} time(s)");
        Assert.All(dispatchRuns, r => Assert.NotNull(r.Scheduled));
        var duplicated = dispatchRuns.GroupBy(r => r.Scheduled).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicated);
        await StopWorkerAsync(b);
        await StopWorkerAsync(a);
    }

    [Fact]
    public async Task The_review_trigger_is_in_the_store_while_configured_and_removed_by_a_start_with_it_off()
    {
        var on = await StartWorkerAsync(new Dictionary<string, string?> { ["Alerts:ReviewInterval"] = "00:01:00" });
        Assert.Equal(1L, await ReviewTriggersAsync());
        await StopWorkerAsync(on);
        Assert.Equal(1L, await ReviewTriggersAsync()); // the clustered store keeps it across a stop

        var off = await StartWorkerAsync(new Dictionary<string, string?> { ["Alerts:ReviewInterval"] = "00:00:00" });

        Assert.Equal(0L, await ReviewTriggersAsync());
        await StopWorkerAsync(off);
    }

    private async Task<long> ReviewTriggersAsync()
    {
        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("SELECT count(*) FROM qrtz_triggers WHERE trigger_name = @name", connection);
        command.Parameters.AddWithValue("name", Sweep.RegimenSweepJob.ReviewTrigger);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
