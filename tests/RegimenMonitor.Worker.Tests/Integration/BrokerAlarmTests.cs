using System.Diagnostics;
using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Cli;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Health;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// A broker that blocks publishers: its disk alarm raised with <c>rabbitmqctl set_disk_free_limit</c> (every publisher
/// on the node is blocked), so it runs in the collection that runs alone (see <see cref="BrokerRestartTests"/>) and
/// puts the node's limit back in a <c>finally</c>. Against a broker others use, leave it out (<c>Services!=Restarts</c>).
/// </summary>
[Collection(nameof(BrokerRestartGroup))]
[Trait("Services", "Restarts")]
public sealed class BrokerAlarmTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Replay_to_a_broker_blocking_publishers_exits_within_seconds_of_its_timeout()
    {
        await using var broker = await RabbitMqTestBroker.CreateRestartableAsync(Ct);
        using var cli = new CliProcess();
        var file = Path.Combine(cli.WorkingDirectory, "feed.ndjson");
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, 5).Select(i =>
            $$"""{"type":"medication-dispensed","eventId":"{{Guid.NewGuid()}}","patientId":"PT-alarm-{{i}}","dispensedAt":"2026-11-01T09:00:00Z","medication":{"text":"Zoloft 50 mg"},"daysSupply":30}"""), Ct);

        await using (await DiskAlarm.RaiseAsync(broker))
        {
            var clock = Stopwatch.StartNew();
            var result = await cli.RunAsync(["replay", file, $"--ConnectionStrings:RabbitMq={broker.AmqpUri}"], deadline: TimeSpan.FromSeconds(120));
            var elapsed = clock.Elapsed;

            Assert.True(result.Exit == 1, result.ToString());
            Assert.Contains("the broker confirmed no publish for 30 s after 0 event(s) were confirmed", result.Error, StringComparison.Ordinal);
            result.AssertNoStackTrace();
            // the bus's stop waited 30 s more for a connection the broker no longer reads from (exit after ~63 s); now
            // ~34 s, the rest of the margin for the process's start on a busy machine
            Assert.True(elapsed < ReplayVerb.ConfirmTimeout + TimeSpan.FromSeconds(25), $"exit after {elapsed.TotalSeconds:F1} s\n{result}");
        }
    }

    [Fact]
    public async Task Ready_fails_within_seconds_while_the_broker_blocks_alert_publishes_and_recovers_after()
    {
        await using var broker = await RabbitMqTestBroker.CreateRestartableAsync(Ct);
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        // a failed publish backs its alert off for 5 minutes (the most a default back-off reaches after a long alarm)
        var backoff = new Dictionary<string, string?> { ["Alerts:DispatchInitialBackoff"] = "00:05:00", ["Alerts:DispatchMaxBackoff"] = "00:05:00" };
        await using var worker = await WorkerTestHost.StartAsync(broker.AmqpUri, database.ConnectionString, Ct, backoff);
        await broker.SubscribeToAlertsAsync("care-team", "#", Ct);
        using var probe = new HealthProbe(worker);
        await probe.WaitForAsync(HealthEndpoints.ReadyPath, HttpStatusCode.OK, TimeSpan.FromSeconds(30), Ct);

        var blocked = await DiskAlarm.RaiseAsync(broker);
        try
        {
            // the management API still publishes under the alarm; the worker consumes and writes the alert, and its
            // publish of the alert is what the broker blocks
            var day = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            Assert.True(await broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-alarm", "Zoloft 50 mg", day), Ct));
            Assert.True(await broker.PublishAsync(SupplementReported.ExchangeName, Events.Supplement(Guid.NewGuid(), "PT-alarm", "St John's wort", day), Ct));
            await WaitForPendingAlertAsync(worker);
            var pendingSince = Stopwatch.StartNew();

            var ready = await probe.WaitForAsync(HealthEndpoints.ReadyPath, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(60), Ct);
            Assert.True(ready.Checks[AlertPublishHealthCheck.Name].Status != "Healthy", string.Join("; ", ready.Checks));
            Assert.Contains("broker answered no alert publish for", ready.Checks[AlertPublishHealthCheck.Name].Description, StringComparison.Ordinal);
            // the outbox's own threshold (5 min) has not been reached: without this check readiness stayed Healthy
            Assert.Equal("Healthy", ready.Checks[OutboxHealthCheck.Name].Status);
            Assert.True(pendingSince.Elapsed < TimeSpan.FromSeconds(45), $"not ready only {pendingSince.Elapsed.TotalSeconds:F0} s after the alert was written");

            // the alarm lasts until the blocked publish has timed out: its alert now waits out the 5-minute back-off
            await WaitForAsync(worker, db => db.Outbox.AnyAsync(m => m.DispatchedAt == null && m.Attempts > 0), "no publish of the alert failed within 90 s");
        }
        finally
        {
            await blocked.DisposeAsync();
        }

        // the oldest waiting alert is tried again every 30 s whatever its back-off, and once the broker answers, the
        // rest go too: ready and drained well within the back-off (before, both waited for it)
        var cleared = Stopwatch.StartNew();
        var back = await probe.WaitForAsync(HealthEndpoints.ReadyPath, HttpStatusCode.OK, TimeSpan.FromSeconds(90), Ct);
        Assert.Equal("Healthy", back.Checks[AlertPublishHealthCheck.Name].Status);
        await WaitForAsync(worker, async db => !await db.Outbox.AnyAsync(m => m.DispatchedAt == null), "the alerts were not dispatched within 90 s of the alarm's end");
        Assert.True(cleared.Elapsed < TimeSpan.FromSeconds(90), $"ready and drained {cleared.Elapsed.TotalSeconds:F0} s after the alarm's end");

        // the blocked publish was delivered when the alarm ended, and its retry took that answer: the care team has the
        // alert once (found by an independent fault probe: two thirds of the alerts blocked by an alarm arrived twice)
        var delivered = await broker.WaitForMessagesAsync("care-team", 2, TimeSpan.FromSeconds(5), Ct);
        Assert.Single(delivered);
    }

    [Fact]
    public async Task Events_are_consumed_and_acknowledged_while_the_broker_blocks_alert_publishes()
    {
        await using var broker = await RabbitMqTestBroker.CreateRestartableAsync(Ct);
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        var backoff = new Dictionary<string, string?> { ["Alerts:DispatchInitialBackoff"] = "00:05:00", ["Alerts:DispatchMaxBackoff"] = "00:05:00" };
        await using var worker = await WorkerTestHost.StartAsync(broker.AmqpUri, database.ConnectionString, Ct, backoff);
        await broker.SubscribeToAlertsAsync("care-team", "#", Ct);
        using var probe = new HealthProbe(worker);
        await probe.WaitForAsync(HealthEndpoints.ReadyPath, HttpStatusCode.OK, TimeSpan.FromSeconds(30), Ct);
        const string intake = "regimen-monitor.medication-dispensed";

        var blocked = await DiskAlarm.RaiseAsync(broker);
        try
        {
            var day = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            Assert.True(await broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-alarm", "Zoloft 50 mg", day), Ct));
            Assert.True(await broker.PublishAsync(SupplementReported.ExchangeName, Events.Supplement(Guid.NewGuid(), "PT-alarm", "St John's wort", day), Ct));
            await WaitForPendingAlertAsync(worker);

            // the broker blocks the connection that published the alert, and only that one
            var deadline = DateTime.UtcNow.AddSeconds(60);
            IReadOnlyList<(string? Name, string? State)> connections;
            while (!(connections = await broker.ConnectionsAsync(Ct)).Any(c => c.State == "blocked"))
            {
                Assert.True(DateTime.UtcNow < deadline, "no connection blocked within 60 s: " + string.Join(", ", connections));
                await Task.Delay(500, Ct);
            }

            Assert.Equal([MessagingConfiguration.AlertConnectionName], connections.Where(c => c.State == "blocked").Select(c => c.Name));
            Assert.Contains(connections, c => c.Name == MessagingConfiguration.IntakeConnectionName);

            // events that arrive meanwhile are consumed, committed and acknowledged: with the alerts on the intake's
            // connection the broker read none of these acknowledgements until the alarm ended
            const int Later = 20;
            for (var i = 0; i < Later; i++)
            {
                Assert.True(await broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), $"PT-alarm-{i}", "Lisinopril 10 mg", day), Ct));
            }

            await broker.WaitForAcknowledgedAsync(intake, 1 + Later, TimeSpan.FromSeconds(60), Ct);
            Assert.Equal(2 + Later, await worker.QueryAsync(db => db.ProcessedEvents.CountAsync()));
            // and the alarm still holds the alert back
            Assert.True(await worker.QueryAsync(db => db.Outbox.AnyAsync(m => m.DispatchedAt == null)), "the alert went out under the alarm");
        }
        finally
        {
            await blocked.DisposeAsync();
        }

        await WaitForAsync(worker, async db => !await db.Outbox.AnyAsync(m => m.DispatchedAt == null), "the alerts were not dispatched within 90 s of the alarm's end");
    }

    private static async Task WaitForAsync(WorkerTestHost worker, Func<RegimenMonitor.Worker.Infrastructure.Database.RegimenDbContext, Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!await worker.QueryAsync(condition))
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(250, Ct);
        }
    }

    private static async Task WaitForPendingAlertAsync(WorkerTestHost worker)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await worker.QueryAsync(db => db.Outbox.CountAsync(m => m.DispatchedAt == null)) == 0)
        {
            Assert.True(DateTime.UtcNow < deadline, "the worker wrote no alert within 60 s");
            await Task.Delay(200, Ct);
        }
    }

    /// <summary>The node's disk alarm, raised until disposed; disposing puts the node's own limit back.</summary>
    private sealed class DiskAlarm : IAsyncDisposable
    {
        private readonly RabbitMqTestBroker _broker;
        private readonly long _limit;

        private DiskAlarm(RabbitMqTestBroker broker, long limit) => (_broker, _limit) = (broker, limit);

        public static async Task<DiskAlarm> RaiseAsync(RabbitMqTestBroker broker)
        {
            var (limit, alarm) = await broker.DiskAsync(Ct);
            Assert.False(alarm, "the broker's disk alarm is already on");
            var raised = new DiskAlarm(broker, limit);
            try
            {
                await RabbitMqCtlAsync("set_disk_free_limit 100000GB");
                // the management API reports the alarm a few seconds after rabbitmqctl returns
                var deadline = DateTime.UtcNow.AddSeconds(30);
                while (!(await broker.DiskAsync(Ct)).Alarm)
                {
                    Assert.True(DateTime.UtcNow < deadline, "the disk alarm was not raised within 30 s");
                    await Task.Delay(250, Ct);
                }
            }
            catch
            {
                await raised.DisposeAsync();
                throw;
            }

            return raised;
        }

        public async ValueTask DisposeAsync()
        {
            await RabbitMqCtlAsync($"set_disk_free_limit {_limit.ToString(CultureInfo.InvariantCulture)}");
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while ((await _broker.DiskAsync(CancellationToken.None)).Alarm && DateTime.UtcNow < deadline)
            {
                await Task.Delay(250, CancellationToken.None);
            }
        }
    }

    private static async Task RabbitMqCtlAsync(string command)
    {
        // not the test's token: the broker's limit must come back even when the test is cancelled
        using var process = Process.Start(new ProcessStartInfo("rabbitmqctl", command) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await process.WaitForExitAsync(CancellationToken.None);
        Assert.True(process.ExitCode == 0, $"rabbitmqctl {command} failed: {await process.StandardError.ReadToEndAsync(CancellationToken.None)}");
    }
}
