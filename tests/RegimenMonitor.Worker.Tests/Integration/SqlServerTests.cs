using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database.Dialects;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Regimens;
using RegimenMonitor.Worker.Sweep;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// SQL Server against a real server (<see cref="SqlServerFixture"/>: <c>RM_TEST_SQLSERVER</c>, else a Testcontainers
/// container, else skipped with the reason). They run in the GitHub workflow's <c>sqlserver</c> job.
/// </summary>
public sealed class SqlServerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static MigrationRunner Runner(string connectionString) =>
        new(Options.Create(new DatabaseOptions { Provider = DatabaseProvider.SqlServer, ConnectionString = connectionString }), TimeProvider.System,
            NullLogger<MigrationRunner>.Instance);

    private static IHost Host(string connectionString) => RegimenMonitorHost.CreateBuilder([], HostRole.Tool, new Dictionary<string, string?>
    {
        ["Database:Provider"] = "SqlServer",
        ["ConnectionStrings:Database"] = connectionString,
        ["Logging:LogLevel:Default"] = "Warning",
    }).Build();

    private static RegimenChange Dispense(string dispenseId, string text, DateTimeOffset at) => EventMapper.Map(new Contracts.MedicationDispensed
    {
        EventId = Guid.NewGuid(), PatientId = "PT-mssql", DispenseId = dispenseId, DispensedAt = at,
        Medication = new Contracts.MedicationProduct { Text = text }, DaysSupply = 30,
    }, 30);

    [Fact]
    public async Task Migrations_apply_on_an_empty_sql_server_database_once_even_when_two_replicas_race()
    {
        await using var database = await SqlServerTestDatabase.CreateAsync(Ct);
        var scripts = MigrationRunner.LoadScripts(DatabaseProvider.SqlServer);
        Assert.NotEmpty(scripts);

        var applied = await Task.WhenAll(Runner(database.ConnectionString).MigrateAsync(Ct), Runner(database.ConnectionString).MigrateAsync(Ct));
        Assert.Equal(scripts.Count, applied.Sum());
        Assert.Equal(0, await Runner(database.ConnectionString).MigrateAsync(Ct));

        await using var connection = new SqlConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var history = new SqlCommand("SELECT COUNT(*) FROM schema_migrations", connection);
        Assert.Equal(scripts.Count, (int)(await history.ExecuteScalarAsync(Ct))!);
        await using var tables = new SqlCommand(
            "SELECT COUNT(*) FROM sys.tables WHERE name IN ('patients','regimen_items','processed_events','findings','alert_outbox','alert_acknowledgements','qrtz_TRIGGERS')",
            connection);
        Assert.Equal(7, (int)(await tables.ExecuteScalarAsync(Ct))!);
    }

    [Fact]
    public async Task A_full_sweep_stamp_recorded_by_another_transaction_meanwhile_is_left_as_it_wrote_it()
    {
        await using var database = await SqlServerTestDatabase.CreateAsync(Ct);
        await Runner(database.ConnectionString).MigrateAsync(Ct);
        using var host = Host(database.ConnectionString);
        await FullSweepRecordRaceTests.RaceAsync(host);
    }

    [Fact]
    public async Task Items_versions_inbox_findings_and_outbox_rows_are_written_and_a_moved_version_fails_the_write()
    {
        await using var database = await SqlServerTestDatabase.CreateAsync(Ct);
        using var host = Host(database.ConnectionString);
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

            // a duplicate changes nothing
            Assert.Equal(ApplyOutcome.Duplicate, (await store.ApplyAsync(first, Ct)).Outcome);
        }

        var patient = await Db(db => db.Patients.AsNoTracking().Include(p => p.Items).SingleAsync(Ct));
        Assert.Equal(3, patient.Version);
        Assert.Equal([("D-1", true, "sertraline"), ("D-2", false, "tramadol")],
            patient.Items.OrderBy(i => i.ItemKey).Select(i => (i.ItemKey, i.Withdrawn, i.Ingredients)));
        Assert.Equal(3, await Db(db => db.ProcessedEvents.CountAsync(Ct)));
        Assert.Equal(["active", "resolved"], await Db(db => db.Outbox.OrderBy(m => m.CreatedAt).Select(m => m.Status).ToListAsync(Ct)));

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

    [Fact]
    public async Task Two_concurrent_outbox_claims_take_disjoint_rows_and_release_them_on_rollback()
    {
        await using var database = await SqlServerTestDatabase.CreateAsync(Ct);
        using var host = Host(database.ConnectionString);
        await host.Services.GetRequiredService<MigrationRunner>().MigrateAsync(Ct);
        var now = DateTimeOffset.UtcNow;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
            db.Outbox.AddRange(Enumerable.Range(0, 10).Select(i => new OutboxMessage
            {
                Id = Guid.NewGuid(), AlertId = Guid.NewGuid(), Kind = "alert", Status = "active", RoutingKey = "interaction.major",
                PayloadJson = "{}", CreatedAt = now.AddSeconds(-100 + i),
            }));
            await db.SaveChangesAsync(Ct);
        }

        var dialect = DatabaseDialect.For(DatabaseProvider.SqlServer);
        await using var first = host.Services.CreateAsyncScope();
        await using var second = host.Services.CreateAsyncScope();
        var a = first.ServiceProvider.GetRequiredService<RegimenDbContext>();
        var b = second.ServiceProvider.GetRequiredService<RegimenDbContext>();
        await using var ta = await a.Database.BeginTransactionAsync(Ct);
        var claimedByA = await dialect.ClaimOutboxAsync(a, now, 6, Ct);
        await using var tb = await b.Database.BeginTransactionAsync(Ct);
        var claimedByB = await dialect.ClaimOutboxAsync(b, now, 6, Ct);

        Assert.Equal(6, claimedByA.Count);
        Assert.Equal(4, claimedByB.Count);
        Assert.Empty(claimedByA.Select(m => m.Id).Intersect(claimedByB.Select(m => m.Id)));
        // oldest first
        Assert.Equal(claimedByA.OrderBy(m => m.CreatedAt).Select(m => m.Id), claimedByA.Select(m => m.Id));

        await ta.RollbackAsync(Ct);
        await tb.RollbackAsync(Ct);
        await using var third = host.Services.CreateAsyncScope();
        var c = third.ServiceProvider.GetRequiredService<RegimenDbContext>();
        await using var tc = await c.Database.BeginTransactionAsync(Ct);
        Assert.Equal(10, (await dialect.ClaimOutboxAsync(c, now, 20, Ct)).Count);
    }

    [Fact]
    public async Task The_worker_on_sql_server_opens_a_finding_and_its_clustered_scheduler_dispatches_the_alert()
    {
        await using var database = await SqlServerTestDatabase.CreateAsync(Ct);
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        var settings = AlertTestSupport.FastJobs();
        settings["Database:Provider"] = "SqlServer";
        await using var worker = await WorkerTestHost.StartAsync(broker.AmqpUri, database.ConnectionString, Ct, settings);

        var now = DateTimeOffset.UtcNow;
        Assert.True(await broker.PublishAsync(Contracts.MedicationDispensed.ExchangeName,
            Events.Dispense(Guid.NewGuid(), "PT-mssql-e2e", "Zoloft 50 mg tablet", AlertTestSupport.DaysAgo(now, 5)), Ct));
        Assert.True(await broker.PublishAsync(Contracts.SupplementReported.ExchangeName,
            Events.Supplement(Guid.NewGuid(), "PT-mssql-e2e", "St. John's Wort 300 mg capsule", AlertTestSupport.DaysAgo(now, 2)), Ct));
        await worker.WaitForProcessedAsync(2, TimeSpan.FromSeconds(60), Ct);
        Assert.True(await worker.QueryAsync(db => db.Findings.AnyAsync(f => f.State == "active", Ct)), "the pipeline opened a finding");

        // the dispatch job (Quartz on its SQL Server clustered store) claims, publishes and marks the alert
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (!await worker.QueryAsync(db => db.Outbox.AnyAsync(m => m.DispatchedAt != null, Ct)))
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, "no outbox row was dispatched within 60 s");
            await Task.Delay(200, Ct);
        }
    }

    [Fact]
    public async Task Sweep_escalation_and_retention_queries_run_on_sql_server()
    {
        // the scenario of SqliteAlertJobsTests, on SQL Server: the jobs' LINQ (ExecuteUpdate/ExecuteDelete included)
        await using var database = await SqlServerTestDatabase.CreateAsync(Ct);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var builder = RegimenMonitorHost.CreateBuilder([], HostRole.Tool, new Dictionary<string, string?>
        {
            ["Database:Provider"] = "SqlServer",
            ["ConnectionStrings:Database"] = database.ConnectionString,
            ["Alerts:EscalateAfter"] = "01:00:00",
            ["Alerts:OutboxRetention"] = "10.00:00:00",
            ["Alerts:ProcessedEventRetention"] = "10.00:00:00",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Services.AddSingleton<TimeProvider>(clock);
        using var host = builder.Build();
        await host.Services.GetRequiredService<MigrationRunner>().MigrateAsync(Ct);
        async Task<T> Db<T>(Func<RegimenDbContext, Task<T>> query)
        {
            await using var scope = host.Services.CreateAsyncScope();
            return await query(scope.ServiceProvider.GetRequiredService<RegimenDbContext>());
        }

        var now = clock.GetUtcNow();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var store = scope.ServiceProvider.GetRequiredService<RegimenStore>();
            foreach (var (text, days, supply) in new[] { ("Zoloft 50 mg tablet", 10, 30), ("Ultram 50 mg tablet", 1, 10) })
            {
                await store.ApplyAsync(EventMapper.Map(new Contracts.MedicationDispensed
                {
                    EventId = Guid.NewGuid(), PatientId = "PT-mssql-jobs", DispensedAt = now.AddDays(-days),
                    Medication = new Contracts.MedicationProduct { Text = text }, DaysSupply = supply,
                }, 30), Ct);
            }
        }

        Assert.Equal(["active"], await Db(db => db.Outbox.Select(m => m.Status).ToListAsync(Ct)));

        clock.Advance(TimeSpan.FromHours(2));
        await using (var scope = host.Services.CreateAsyncScope())
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<EscalationService>().EscalateOverdueAsync(Ct));
            Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<EscalationService>().EscalateOverdueAsync(Ct));
        }

        clock.Advance(TimeSpan.FromDays(40));
        Assert.Equal(1, (await host.Services.GetRequiredService<RegimenSweeper>().SweepAsync(null, Ct)).Regimens);
        Assert.Equal(1, await Db(db => db.Outbox.CountAsync(m => m.Status == "resolved", Ct)));

        await Db(db => db.Outbox.ExecuteUpdateAsync(s => s.SetProperty(m => m.DispatchedAt, clock.GetUtcNow().AddDays(-20)), Ct));
        await using (var scope = host.Services.CreateAsyncScope())
        {
            Assert.Equal(new RetentionResult(3, 2), await scope.ServiceProvider.GetRequiredService<RetentionService>().PurgeAsync(Ct));
        }

        Assert.Equal(0, await Db(db => db.Outbox.CountAsync(Ct)));
    }
}
