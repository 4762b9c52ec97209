using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// A database that takes no writes to the outbox (PostgreSQL with a full disk: SQLSTATE 53100 on every write that needs
/// space, while reads and the claim's <c>FOR UPDATE</c> still work) makes the dispatcher publish nothing, or each alert
/// at most once, until it can record what it published; then every alert is delivered. Found by a fault probe: every
/// run published the same batch again, 24–25 times per alert in 45 s. The refusal is a trigger raising 53100.
/// </summary>
public sealed class AlertDispatchWriteFailureTests
{
    private const string RefuseFunction = """
        CREATE FUNCTION refuse_outbox_write() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'could not extend file: No space left on device' USING ERRCODE = '53100';
        END $$
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task While_the_outbox_takes_no_writes_nothing_is_published_and_afterwards_every_alert_goes_once()
    {
        var publisher = new CountingPublisher();
        await using var fixture = await Fixture.StartAsync(publisher);
        var alerts = await fixture.WriteAsync(5);
        await fixture.SqlAsync(RefuseFunction);
        await fixture.SqlAsync("CREATE TRIGGER disk_full BEFORE UPDATE ON alert_outbox FOR EACH ROW EXECUTE FUNCTION refuse_outbox_write()");

        for (var run = 0; run < 5; run++)
        {
            await fixture.DispatchRefusedAsync();
            fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        }

        Assert.Empty(publisher.Published);

        await fixture.SqlAsync("DROP TRIGGER disk_full ON alert_outbox");
        var result = await fixture.DispatchAsync();

        Assert.Equal((5, 0L), (result.Published, result.Pending));
        Assert.Equal(alerts.Order(), publisher.Published.Order());
    }

    [Fact]
    public async Task When_published_alerts_cannot_be_marked_they_are_not_published_again_while_writes_fail()
    {
        // the claim's write goes through, the mark (attempts, dispatched_at) is refused: as when the disk fills, or the
        // database goes away, between the publishes and the commit
        var publisher = new CountingPublisher();
        await using var fixture = await Fixture.StartAsync(publisher);
        var alerts = await fixture.WriteAsync(5);
        await fixture.SqlAsync(RefuseFunction);
        await fixture.SqlAsync("""
            CREATE TRIGGER disk_full BEFORE UPDATE ON alert_outbox FOR EACH ROW
            WHEN (NEW.attempts IS DISTINCT FROM OLD.attempts OR NEW.dispatched_at IS DISTINCT FROM OLD.dispatched_at)
            EXECUTE FUNCTION refuse_outbox_write()
            """);

        for (var run = 0; run < 5; run++)
        {
            await fixture.DispatchRefusedAsync();
            fixture.Clock.Advance(TimeSpan.FromSeconds(2));
        }

        // each published once, by the first run; the later runs published nothing
        Assert.Equal(alerts.Order(), publisher.Published.Order());

        await fixture.SqlAsync("DROP TRIGGER disk_full ON alert_outbox");
        var result = await fixture.DispatchAsync();

        // recorded as they were published, not published again
        Assert.Equal((0, 0L), (result.Published, result.Pending));
        Assert.Equal(alerts.Order(), publisher.Published.Order());
        Assert.All(await fixture.OutboxAsync(), row => Assert.Equal((1, (string?)null), (row.Attempts, row.LastError)));
    }

    private sealed class CountingPublisher : IAlertPublisher
    {
        private readonly ConcurrentQueue<Guid> _published = new();

        /// <summary>The message ids published, one entry per publish.</summary>
        public IReadOnlyList<Guid> Published => [.. _published];

        public Task PublishAsync(Guid messageId, string routingKey, RegimenAlertRaised alert, CancellationToken cancellationToken)
        {
            _published.Enqueue(messageId);
            return Task.CompletedTask;
        }
    }

    private sealed class Fixture : IAsyncDisposable
    {
        private readonly PostgresTestDatabase _database;
        private readonly IHost _host;

        private Fixture(PostgresTestDatabase database, IHost host, FakeTimeProvider clock)
        {
            _database = database;
            _host = host;
            Clock = clock;
        }

        public FakeTimeProvider Clock { get; }

        public static async Task<Fixture> StartAsync(CountingPublisher publisher)
        {
            var database = await PostgresTestDatabase.CreateAsync(Ct);
            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            var builder = RegimenMonitorHost.CreateBuilder([], HostRole.Tool, new Dictionary<string, string?>
            {
                ["Database:Provider"] = "PostgreSql",
                ["ConnectionStrings:Database"] = database.ConnectionString,
                ["Logging:LogLevel:Default"] = "Warning",
            });
            builder.Services.AddSingleton<TimeProvider>(clock);
            builder.Services.RemoveAll<IAlertPublisher>();
            builder.Services.AddScoped<IAlertPublisher>(_ => publisher);
            builder.Services.TryAddScoped<AlertDispatcher>(); // the worker's own (this host has the tool's role, no bus)
            var host = builder.Build();
            await host.Services.GetRequiredService<MigrationRunner>().MigrateAsync(Ct);
            return new Fixture(database, host, clock);
        }

        /// <summary>Writes <paramref name="count"/> alerts of one transaction; returns their message ids.</summary>
        public async Task<List<Guid>> WriteAsync(int count)
        {
            await using var scope = _host.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
            var now = Clock.GetUtcNow();
            var rows = Enumerable.Range(0, count).Select(i =>
            {
                var alertId = Guid.NewGuid();
                return new OutboxMessage
                {
                    Id = Guid.CreateVersion7(now), AlertId = alertId, Kind = AlertComposer.AlertKind, Status = "active",
                    RoutingKey = "serotonergic-stacking.major", CreatedAt = now.AddMilliseconds(i),
                    PayloadJson = JsonSerializer.Serialize(new RegimenAlertRaised
                    {
                        AlertId = alertId, PatientId = "PT-disk-full", Status = "active", Concern = "serotonergic-stacking", Severity = "major",
                        Title = "t", Detail = "d", Recommendation = "r", RuleId = "SER-08", RuleSetVersion = "test", RaisedAt = now,
                        Transition = "opened", Involves = [], Evidence = [],
                    }, WireJson.Options),
                };
            }).ToList();
            db.Outbox.AddRange(rows);
            await db.SaveChangesAsync(Ct);
            return [.. rows.Select(r => r.Id)];
        }

        public Task SqlAsync(string sql) => _database.ExecuteAsync(sql, Ct);

        public async Task<List<OutboxMessage>> OutboxAsync()
        {
            await using var scope = _host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<RegimenDbContext>().Outbox.AsNoTracking().ToListAsync(Ct);
        }

        public async Task<DispatchResult> DispatchAsync()
        {
            await using var scope = _host.Services.CreateAsyncScope();
            return await scope.ServiceProvider.GetRequiredService<AlertDispatcher>().DispatchPendingAsync(Ct);
        }

        /// <summary>A dispatch run the database refuses with 53100 (disk full); the job lets it reach Quartz.</summary>
        public async Task DispatchRefusedAsync()
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(DispatchAsync);
            var refused = error;
            while (refused is not PostgresException && refused.InnerException is { } inner)
            {
                refused = inner;
            }

            Assert.Equal("53100", (refused as PostgresException)?.SqlState);
        }

        public async ValueTask DisposeAsync()
        {
            _host.Dispose();
            await _database.DisposeAsync();
        }
    }
}
