using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// The messages of one alert reach the broker in the order they were written, although a batch publishes different
/// alerts concurrently; a failed publish holds the alert's later messages back until its retry; a message kept because
/// it reached no queue is never sent after a later message of its alert was delivered.
/// </summary>
public sealed class AlertDispatchOrderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_messages_of_one_alert_are_published_in_the_order_they_were_written()
    {
        var publisher = new RecordingPublisher { SlowFirstOf = "opened" };
        await using var fixture = await Fixture.StartAsync(publisher);
        var alert = Guid.NewGuid();
        var other = Guid.NewGuid();
        await fixture.WriteAsync((alert, "opened"), (other, "opened"), (alert, "severity-raised"), (alert, "severity-lowered"));

        var result = await fixture.DispatchAsync();

        Assert.Equal(4, result.Published);
        Assert.Equal(["opened", "severity-raised", "severity-lowered"], publisher.Published.Where(p => p.AlertId == alert).Select(p => p.Transition));
    }

    [Fact]
    public async Task A_stopping_host_ends_the_drain_after_the_batch_under_way_and_the_rest_stays_pending()
    {
        // with a backlog the drain could go on for as long as new alerts arrive and hold up the stop (the bus kept
        // consuming meanwhile): once the host is stopping, the batch under way completes and no other starts
        var publisher = new RecordingPublisher();
        await using var fixture = await Fixture.StartAsync(publisher, batchSize: 2);
        await fixture.WriteAsync([.. Enumerable.Range(0, 5).Select(_ => (Guid.NewGuid(), "opened"))]);

        var first = await fixture.DispatchAsync(hostStopping: true);

        Assert.Equal(2, first.Published);
        Assert.Equal(3, first.Pending);
        Assert.Equal(3, (await fixture.OutboxAsync()).Count(r => r.Row.DispatchedAt is null));

        var rest = await fixture.DispatchAsync();
        Assert.Equal(3, rest.Published);
        Assert.Equal(5, publisher.Published.Select(p => p.AlertId).Distinct().Count());
    }

    [Fact]
    public async Task A_long_drain_keeps_only_the_batch_under_way_tracked()
    {
        // one dispatch run drains batch after batch on one DbContext; rows of committed batches must not stay tracked
        // (each SaveChanges would compare all of them again, quadratic in the backlog, and keep their payloads alive)
        var publisher = new RecordingPublisher();
        await using var fixture = await Fixture.StartAsync(publisher, batchSize: 2);
        await fixture.WriteAsync([.. Enumerable.Range(0, 7).Select(_ => (Guid.NewGuid(), "opened"))]);

        var result = await fixture.DispatchAsync();

        Assert.Equal(7, result.Published);
        Assert.Equal(7, publisher.TrackedAtPublish.Count);
        Assert.All(publisher.TrackedAtPublish, tracked => Assert.InRange(tracked, 1, 2));
        Assert.All(await fixture.OutboxAsync(), r => Assert.NotNull(r.Row.DispatchedAt));
    }

    [Fact]
    public async Task A_failed_publish_holds_the_alerts_later_messages_back_until_its_retry()
    {
        var publisher = new RecordingPublisher { FailFirstOf = "opened" };
        await using var fixture = await Fixture.StartAsync(publisher);
        var alert = Guid.NewGuid();
        var other = Guid.NewGuid();
        await fixture.WriteAsync((alert, "opened"), (alert, "severity-raised"), (other, "reinstated"));

        var first = await fixture.DispatchAsync();

        Assert.Equal(1, first.Published); // the other alert
        Assert.Equal([other], publisher.Published.Select(p => p.AlertId));
        var rows = await fixture.OutboxAsync();
        var failed = rows.Single(r => r.AlertId == alert && r.Transition == "opened");
        var held = rows.Single(r => r.AlertId == alert && r.Transition == "severity-raised");
        Assert.Equal(1, failed.Row.Attempts);
        Assert.Equal(0, held.Row.Attempts); // not attempted
        Assert.Null(held.Row.DispatchedAt);
        Assert.True(held.Row.NextAttemptAt >= failed.Row.NextAttemptAt);

        // a message written for the alert by a later transaction waits too, until the retry is due
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await fixture.WriteAsync((alert, "severity-lowered"));
        await fixture.DispatchAsync();
        Assert.Equal([other], publisher.Published.Select(p => p.AlertId));

        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
        await fixture.DispatchAsync();
        Assert.Equal(["opened", "severity-raised", "severity-lowered"], publisher.Published.Where(p => p.AlertId == alert).Select(p => p.Transition));
    }

    [Fact]
    public async Task A_resolution_goes_after_the_batch_s_other_messages_such_as_the_alert_it_names()
    {
        // a dispense corrected to another drug of its class: the old pair resolves naming the new one (continuedIn),
        // written in one transaction; the care team must not read "act on alert X" before alert X exists (found by an
        // alert-lifecycle probe: the resolution arrived first)
        var publisher = new RecordingPublisher();
        await using var fixture = await Fixture.StartAsync(publisher);
        var old = Guid.NewGuid();
        var successor = Guid.NewGuid();
        await fixture.WriteAsync((old, "resolved", successor), (successor, "opened", null));

        Assert.Equal(2, (await fixture.DispatchAsync()).Published);

        Assert.Equal([(successor, "opened"), (old, "resolved")], publisher.Published.Select(p => (p.AlertId, p.Transition)));
    }

    [Fact]
    public async Task A_resolution_written_before_the_patient_s_next_alert_goes_before_it()
    {
        // found by an independent fault probe: a stop resolved the pair's alert in one write group, a refill a moment
        // later opened a new alert for the same pair in the next, and both were claimed in one batch; with every
        // resolution held to the end of the batch the care team received "opened" then "resolved", so the last word on a
        // combination still taken was the all-clear
        var publisher = new RecordingPublisher();
        await using var fixture = await Fixture.StartAsync(publisher);
        var stopped = Guid.NewGuid();
        var refilled = Guid.NewGuid();
        var otherPatient = Guid.NewGuid();
        await fixture.WriteAsync((stopped, "opened"));
        await fixture.DispatchAsync();
        await fixture.WriteAsync((stopped, "resolved", null));
        fixture.Clock.Advance(TimeSpan.FromMilliseconds(120));
        await fixture.WriteAsync((refilled, "opened", null));
        await fixture.WriteAsync([(otherPatient, "opened", null)], patientId: "PT-other");

        Assert.Equal(3, (await fixture.DispatchAsync()).Published);

        var received = publisher.Published.Where(p => p.AlertId != otherPatient).Select(p => (p.AlertId, p.Transition)).ToList();
        Assert.Equal([(stopped, "opened"), (stopped, "resolved"), (refilled, "opened")], received);
    }

    [Fact]
    public async Task After_a_spell_of_failed_publishes_the_broker_s_return_is_found_by_a_probe_and_every_waiting_alert_goes()
    {
        // every failed publish waits 5 minutes (what the doubling back-off reaches after a long alarm or outage)
        var publisher = new RecordingPublisher { Down = true };
        await using var fixture = await Fixture.StartAsync(publisher, extra: new Dictionary<string, string?>
        {
            ["Alerts:DispatchInitialBackoff"] = "00:05:00", ["Alerts:DispatchMaxBackoff"] = "00:05:00",
        });
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        await fixture.WriteAsync((first, "opened"));
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await fixture.WriteAsync((second, "opened"));
        Assert.Equal(2, (await fixture.DispatchAsync()).Failed);

        // still down: 30 s on, only the oldest is tried again, whatever its back-off; the other keeps waiting
        fixture.Clock.Advance(AlertDispatcher.RetryProbeInterval);
        Assert.Equal((0, 1), ((await fixture.DispatchAsync()) is var probe ? (probe.Published, probe.Failed) : default));
        var rows = await fixture.OutboxAsync();
        Assert.Equal((2, 1), (rows.Single(r => r.AlertId == first).Row.Attempts, rows.Single(r => r.AlertId == second).Row.Attempts));

        // back: the next probe is answered, and then every waiting alert goes at once, minutes before its back-off
        publisher.Down = false;
        fixture.Clock.Advance(AlertDispatcher.RetryProbeInterval);
        Assert.Equal(1, (await fixture.DispatchAsync()).Published);
        fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        var rest = await fixture.DispatchAsync();

        Assert.Equal((1, 0L), (rest.Published, rest.Pending));
        Assert.Equal([first, second], publisher.Published.Select(p => p.AlertId));
    }

    [Fact]
    public async Task A_later_message_waits_for_the_alerts_earlier_one_kept_as_unroutable_for_its_routing_key()
    {
        // found by an independent fault probe: after a restart an alert's resolved message fell due before its opened one,
        // kept for the same routing key; the resolved one was delivered first and the opened one superseded, never sent
        var publisher = new RecordingPublisher { Bound = false };
        await using var fixture = await Fixture.StartAsync(publisher);
        var alert = Guid.NewGuid();
        await fixture.WriteAsync((alert, "opened"));

        var first = await fixture.DispatchAsync();

        Assert.Equal(1, first.Unroutable);
        var kept = Assert.Single(await fixture.OutboxAsync()).Row;
        Assert.StartsWith(AlertDispatcher.UnroutablePrefix, kept.LastError, StringComparison.Ordinal);

        // a care team binds a queue; the alert resolves before the kept message's retry is due
        publisher.Bound = true;
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await fixture.WriteAsync((alert, "resolved"));
        var second = await fixture.DispatchAsync();

        Assert.Equal(0, second.Published);
        Assert.Empty(publisher.Published);
        var rows = await fixture.OutboxAsync();
        Assert.All(rows, r => Assert.Null(r.Row.DispatchedAt));
        Assert.Equal(kept.NextAttemptAt, rows.Single(r => r.Transition == "resolved").Row.NextAttemptAt); // held until the kept one's retry

        // the kept one's retry: both go, in the order they were written
        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
        var third = await fixture.DispatchAsync();
        Assert.Equal((2, 0L), (third.Published, third.Pending));
        Assert.Equal(["opened", "resolved"], publisher.Published.Where(p => p.AlertId == alert).Select(p => p.Transition));
    }

    [Fact]
    public async Task A_message_held_behind_a_kept_one_goes_as_soon_as_the_probe_finds_a_queue()
    {
        // found by a review: the held message kept the kept one's retry time (up to 5 minutes), though the 30-s probe
        // had delivered the kept one long before
        var publisher = new RecordingPublisher { Bound = false };
        await using var fixture = await Fixture.StartAsync(publisher);
        var alert = Guid.NewGuid();
        await fixture.WriteAsync((alert, "opened"));
        foreach (var wait in new[] { 0, 5, 10, 20 })
        {
            fixture.Clock.Advance(TimeSpan.FromSeconds(wait));
            await fixture.DispatchAsync(); // each attempt backs it off longer: 5, 10, 20, 40 s
        }

        var kept = Assert.Single(await fixture.OutboxAsync()).Row;
        Assert.True(kept.NextAttemptAt - fixture.Clock.GetUtcNow() > TimeSpan.FromSeconds(31), $"kept until {kept.NextAttemptAt}");
        publisher.Bound = true;
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await fixture.WriteAsync((alert, "resolved"));
        await fixture.DispatchAsync();
        Assert.Empty(publisher.Published);

        // the probe's next turn, before the kept one's own retry time: the kept one goes, and the held one at the next
        // run (every 2 s), not at the kept one's old retry time
        fixture.Clock.Advance(AlertDispatcher.RetryProbeInterval);
        await fixture.DispatchAsync();
        await fixture.DispatchAsync();

        Assert.Equal(["opened", "resolved"], publisher.Published.Where(p => p.AlertId == alert).Select(p => p.Transition));
    }

    [Fact]
    public async Task A_message_kept_as_unroutable_for_another_routing_key_is_not_sent_after_a_later_message_of_its_alert_was_delivered()
    {
        // a queue bound for the later message's key only (escalation.*, say): the kept one would reach a queue bound for
        // its key later, after the newer state, so it is never sent
        var publisher = new RecordingPublisher { Bound = false };
        await using var fixture = await Fixture.StartAsync(publisher);
        var alert = Guid.NewGuid();
        await fixture.WriteAsync((alert, "opened"));
        await fixture.DispatchAsync();
        await fixture.SetRoutingKeyAsync(alert, "opened", "serotonergic-stacking.moderate");

        publisher.Bound = true;
        fixture.Clock.Advance(TimeSpan.FromSeconds(1));
        await fixture.WriteAsync((alert, "resolved"));
        var second = await fixture.DispatchAsync();

        Assert.Equal(1, second.Published);
        Assert.Equal(0, second.Pending);
        var opened = (await fixture.OutboxAsync()).Single(r => r.Transition == "opened").Row;
        Assert.NotNull(opened.DispatchedAt);
        Assert.Null(opened.NextAttemptAt);
        Assert.StartsWith(AlertDispatcher.SupersededPrefix, opened.LastError, StringComparison.Ordinal);

        // its retry time passes: the older state is never sent after the newer one
        fixture.Clock.Advance(TimeSpan.FromMinutes(10));
        await fixture.DispatchAsync();
        Assert.Equal(["resolved"], publisher.Published.Where(p => p.AlertId == alert).Select(p => p.Transition));
    }

    [Fact]
    public async Task In_one_batch_an_unroutable_message_is_superseded_by_the_alerts_later_message_that_was_delivered()
    {
        var publisher = new RecordingPublisher { UnroutableTransition = "opened" };
        await using var fixture = await Fixture.StartAsync(publisher);
        var alert = Guid.NewGuid();
        var other = Guid.NewGuid();
        await fixture.WriteAsync((alert, "opened"), (alert, "severity-raised"), (other, "opened"));

        var result = await fixture.DispatchAsync();

        Assert.Equal(1, result.Published);
        Assert.Equal(1, result.Pending);
        var rows = await fixture.OutboxAsync();
        Assert.StartsWith(AlertDispatcher.SupersededPrefix, rows.Single(r => r.AlertId == alert && r.Transition == "opened").Row.LastError, StringComparison.Ordinal);
        // the other alert's only message reached no queue and nothing of its alert was delivered: kept for its retry
        var otherRow = rows.Single(r => r.AlertId == other).Row;
        Assert.Null(otherRow.DispatchedAt);
        Assert.StartsWith(AlertDispatcher.UnroutablePrefix, otherRow.LastError, StringComparison.Ordinal);
        Assert.Equal(["severity-raised"], publisher.Published.Where(p => p.AlertId == alert).Select(p => p.Transition));
    }

    private sealed record Published(Guid AlertId, string Transition);

    private sealed class RecordingPublisher : IAlertPublisher
    {
        private int _slowed;
        private int _failed;

        public string? SlowFirstOf { get; init; }

        public string? FailFirstOf { get; init; }

        /// <summary>Messages of this transition reach no queue (the broker returns them).</summary>
        public string? UnroutableTransition { get; init; }

        /// <summary>While false, every message reaches no queue.</summary>
        public bool Bound { get; set; } = true;

        /// <summary>While true, every publish fails (a broker that is down or blocks publishers).</summary>
        public bool Down { get; set; }

        public ConcurrentQueue<Published> Queue { get; } = new();

        public IReadOnlyList<Published> Published => [.. Queue];

        /// <summary>The dispatch run's DbContext (set per scope), to count the outbox rows it tracks at each publish.</summary>
        public RegimenDbContext? Db { get; set; }

        public ConcurrentQueue<int> TrackedAtPublish { get; } = new();

        public async Task PublishAsync(Guid messageId, string routingKey, RegimenAlertRaised alert, CancellationToken cancellationToken)
        {
            if (Down)
            {
                throw new TimeoutException("simulated broker outage");
            }

            if (!Bound || alert.Transition == UnroutableTransition)
            {
                throw new MassTransit.MessageReturnedException("NO_ROUTE");
            }

            if (alert.Transition == FailFirstOf && Interlocked.Exchange(ref _failed, 1) == 0)
            {
                throw new TimeoutException("simulated broker outage");
            }

            if (alert.Transition == SlowFirstOf && Interlocked.Exchange(ref _slowed, 1) == 0)
            {
                await Task.Delay(300, cancellationToken); // a later message of the alert would overtake it if sent at once
            }

            if (Db is { } db)
            {
                lock (TrackedAtPublish)
                {
                    TrackedAtPublish.Enqueue(db.ChangeTracker.Entries<OutboxMessage>().Count());
                }
            }

            Queue.Enqueue(new Published(alert.AlertId, alert.Transition!));
        }
    }

    private sealed class Fixture : IAsyncDisposable
    {
        private readonly string _path;
        private readonly Microsoft.Extensions.Hosting.IHost _host;

        private Fixture(string path, Microsoft.Extensions.Hosting.IHost host, FakeTimeProvider clock)
        {
            _path = path;
            _host = host;
            Clock = clock;
        }

        public FakeTimeProvider Clock { get; }

        public static async Task<Fixture> StartAsync(RecordingPublisher publisher, int? batchSize = null, IDictionary<string, string?>? extra = null)
        {
            var path = Path.Combine(Path.GetTempPath(), $"rm-order-{Guid.NewGuid():N}.db");
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            var settings = new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                ["ConnectionStrings:Database"] = $"Data Source={path};Pooling=False",
            };
            if (batchSize is { } size)
            {
                settings["Alerts:DispatchBatchSize"] = size.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
            {
                settings[key] = value;
            }

            var builder = RegimenMonitorHost.CreateBuilder([], HostRole.Tool, settings);
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.Services.RemoveAll<IAlertPublisher>();
            builder.Services.AddScoped<IAlertPublisher>(services =>
            {
                publisher.Db = services.GetRequiredService<RegimenDbContext>();
                return publisher;
            });
            builder.Services.TryAddSingleton<OutboxMonitor>();
            builder.Services.TryAddSingleton<AlertPublishMonitor>();
            builder.Services.TryAddScoped<AlertDispatcher>();
            var host = builder.Build();
            await host.Services.GetRequiredService<MigrationRunner>().MigrateAsync(Ct);
            return new Fixture(path, host, clock);
        }

        public Task WriteAsync(params (Guid AlertId, string Transition)[] messages) =>
            WriteAsync([.. messages.Select(m => (m.AlertId, m.Transition, (Guid?)null))]);

        public Task WriteAsync(params (Guid AlertId, string Transition, Guid? ContinuedIn)[] messages) => WriteAsync(messages, "PT-order");

        /// <summary>One transaction's messages (the same instant), a resolution naming the alert that continues it.</summary>
        public async Task WriteAsync((Guid AlertId, string Transition, Guid? ContinuedIn)[] messages, string patientId)
        {
            await using var scope = _host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
            var writes = new RegimenWrites();
            var now = Clock.GetUtcNow();
            writes.AlertsWritten(messages.Select(m => new OutboxMessage
            {
                Id = Guid.CreateVersion7(now), AlertId = m.AlertId, Kind = AlertComposer.AlertKind, Status = Status(m.Transition),
                RoutingKey = "serotonergic-stacking.major", CreatedAt = now, // one transaction: the same instant
                PayloadJson = JsonSerializer.Serialize(new RegimenAlertRaised
                {
                    AlertId = m.AlertId, PatientId = patientId, Status = Status(m.Transition), Concern = "serotonergic-stacking", Severity = "major",
                    Title = "t", Detail = "d", Recommendation = "r", RuleId = "SER-08", RuleSetVersion = "test", RaisedAt = now,
                    Transition = m.Transition, Involves = [], Evidence = [],
                    Resolution = m.Transition == "resolved" ? new AlertResolution { Reason = "combination-ended", ContinuedIn = m.ContinuedIn } : null,
                }, WireJson.Options),
            }), AlertComposer.Restamp);
            db.Outbox.AddRange(writes.Alerts);
            await db.SaveChangesAsync(Ct);
        }

        private static string Status(string transition) => transition == "resolved" ? "resolved" : "active";

        public async Task<DispatchResult> DispatchAsync(bool hostStopping = false)
        {
            using var stopping = new CancellationTokenSource();
            if (hostStopping)
            {
                await stopping.CancelAsync();
            }

            await using var scope = _host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<AlertDispatcher>().DispatchPendingAsync(Ct, stopping.Token);
        }

        public async Task SetRoutingKeyAsync(Guid alertId, string transition, string routingKey)
        {
            await using var scope = _host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
            var row = (await OutboxAsync()).Single(r => r.AlertId == alertId && r.Transition == transition).Row;
            await db.Outbox.Where(m => m.Id == row.Id).ExecuteUpdateAsync(u => u.SetProperty(m => m.RoutingKey, routingKey), Ct);
        }

        public async Task<List<(Guid AlertId, string Transition, OutboxMessage Row)>> OutboxAsync()
        {
            await using var scope = _host.Services.CreateAsyncScope();
            var rows = await scope.ServiceProvider.GetRequiredService<RegimenDbContext>().Outbox.AsNoTracking().ToListAsync(Ct);
            return [.. rows.Select(r => (r.AlertId, JsonSerializer.Deserialize<RegimenAlertRaised>(r.PayloadJson, WireJson.Options)!.Transition!, r))];
        }

        public ValueTask DisposeAsync()
        {
            _host.Dispose();
            File.Delete(_path);
            return ValueTask.CompletedTask;
        }
    }
}
