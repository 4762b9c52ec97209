using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Cli;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Regimens;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary><c>inspect --patient ID</c> on each database: what it prints for an active finding's alert.</summary>
public sealed class InspectVerbTests
{
    private const string Patient = "PT-insp";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>
    /// Found by a newcomer probe: inspect showed an active finding without a word on whether anyone acknowledged its
    /// alert or whether it was escalated; an operator had to query alert_acknowledgements by hand.
    /// </summary>
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Inspect_shows_each_findings_acknowledgements_and_escalations(string provider)
    {
        await using var database = await InspectDatabase.CreateAsync(provider);
        var (host, clock) = (database.Host, database.Clock);
        await ApplySsriWithTramadolAsync(host, clock.GetUtcNow());

        // raised, neither acknowledged nor escalated: an empty list and no escalation
        var raised = await InspectAsync(database);
        var alertId = raised.GetProperty("alertId").GetGuid();
        Assert.Equal(0, raised.GetProperty("acknowledgements").GetArrayLength());
        Assert.Equal(0, raised.GetProperty("escalations").GetInt32());
        Assert.False(raised.TryGetProperty("escalatedAt", out _));
        Assert.Equal("SER-08", raised.GetProperty("finding").GetProperty("ruleId").GetString()); // the rest as before

        // five hours on (Alerts:EscalateAfter, 4 h): escalated
        clock.Advance(TimeSpan.FromHours(5));
        var firstEscalation = clock.GetUtcNow();
        Assert.Equal(1, await EscalateAsync(host));
        var escalated = await InspectAsync(database);
        Assert.Equal(1, escalated.GetProperty("escalations").GetInt32());
        Assert.Equal(Millis(firstEscalation), Millis(escalated.GetProperty("escalatedAt").GetDateTimeOffset()));

        // sent again as active (as a reinstatement does, which re-arms the escalation): the first escalation still counts
        await Db(host, db => db.Findings.ExecuteUpdateAsync(u => u.SetProperty(f => f.EscalatedAt, (DateTimeOffset?)null).SetProperty(f => f.LastAlertAt, clock.GetUtcNow()), Ct));
        var rearmed = await InspectAsync(database);
        Assert.Equal(1, rearmed.GetProperty("escalations").GetInt32());
        Assert.Equal(Millis(firstEscalation), Millis(rearmed.GetProperty("escalatedAt").GetDateTimeOffset()));

        // and escalated again: twice, the latest shown
        clock.Advance(TimeSpan.FromHours(5));
        var secondEscalation = clock.GetUtcNow();
        Assert.Equal(1, await EscalateAsync(host));
        var twice = await InspectAsync(database);
        Assert.Equal(2, twice.GetProperty("escalations").GetInt32());
        Assert.Equal(Millis(secondEscalation), Millis(twice.GetProperty("escalatedAt").GetDateTimeOffset()));

        // acknowledged twice, the later one recorded first: listed oldest first, without the free-text reason
        clock.Advance(TimeSpan.FromMinutes(30));
        var accepted = clock.GetUtcNow();
        await AcknowledgeAsync(host, alertId, "accepted", "pharmacist.kim", accepted);
        await AcknowledgeAsync(host, alertId, "overridden", "nurse.lee", accepted.AddMinutes(-20));
        var answered = await InspectAsync(database);
        var acknowledgements = answered.GetProperty("acknowledgements").EnumerateArray().ToList();
        Assert.Equal(
            [("overridden", "nurse.lee", Millis(accepted.AddMinutes(-20))), ("accepted", "pharmacist.kim", Millis(accepted))],
            acknowledgements.Select(a => (a.GetProperty("outcome").GetString(), a.GetProperty("acknowledgedBy").GetString(), Millis(a.GetProperty("acknowledgedAt").GetDateTimeOffset()))));
        Assert.All(acknowledgements, a => Assert.Equal(["outcome", "acknowledgedBy", "acknowledgedAt"], a.EnumerateObject().Select(p => p.Name)));

        // retention purged the escalations' messages: the finding's own escalated_at still says the latest
        await Db(host, db => db.Outbox.Where(m => m.Kind == AlertComposer.EscalationKind).ExecuteDeleteAsync(Ct));
        var purged = await InspectAsync(database);
        Assert.Equal(1, purged.GetProperty("escalations").GetInt32());
        Assert.Equal(Millis(secondEscalation), Millis(purged.GetProperty("escalatedAt").GetDateTimeOffset()));
        Assert.Equal(2, purged.GetProperty("acknowledgements").GetArrayLength());
    }

    /// <summary>Runs the verb and returns its only finding.</summary>
    /// <summary>
    /// Found by a newcomer probe: with a terminology import in the database (and no Terminology:Path), inspect showed a
    /// code-only dispense the worker had mapped as matched by nothing.
    /// </summary>
    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Inspect_maps_codes_with_the_terminology_imported_into_the_database(string provider)
    {
        await using var database = await InspectDatabase.CreateAsync(provider);
        var host = database.Host;
        await Db(host, async db => (await RegimenMonitor.Worker.Terminology.TerminologyStore.ReplaceAsync(db,
            new Dictionary<string, string> { ["900002"] = "sertraline 50 MG Oral Tablet" }, null, "test", database.Clock.GetUtcNow(), null, Ct)).Id);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<RegimenStore>().ApplyAsync(EventMapper.Map(new MedicationDispensed
            {
                EventId = Guid.NewGuid(), PatientId = Patient, DispensedAt = database.Clock.GetUtcNow().AddDays(-2),
                Medication = new MedicationProduct { Rxnorm = "900002" }, DaysSupply = 30,
            }, 30), Ct);
        }

        var (output, error) = (new StringWriter(), new StringWriter());
        Assert.Equal(0, await InspectVerb.RunAsync(new CliContext(database.Configuration, output, error), Patient, Ct));
        using var json = JsonDocument.Parse(output.ToString());
        var product = Assert.Single(json.RootElement.GetProperty("products").EnumerateArray());

        Assert.Equal("rxnorm", product.GetProperty("matchedBy").GetString());
        Assert.Equal("sertraline", Assert.Single(product.GetProperty("ingredients").EnumerateArray()).GetProperty("name").GetString());
    }

    private static async Task<JsonElement> InspectAsync(InspectDatabase database)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await InspectVerb.RunAsync(new CliContext(database.Configuration, output, error), Patient, Ct);
        Assert.True(exit == 0, error.ToString());
        using var json = JsonDocument.Parse(output.ToString());
        return Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray()).Clone();
    }

    // SQLite keeps milliseconds
    private static DateTimeOffset Millis(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);

    private static async Task<int> EscalateAsync(IHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<EscalationService>().EscalateOverdueAsync(Ct);
    }

    private static async Task AcknowledgeAsync(IHost host, Guid alertId, string outcome, string by, DateTimeOffset at)
    {
        await using var scope = host.Services.CreateAsyncScope();
        Assert.True(await scope.ServiceProvider.GetRequiredService<AcknowledgementRecorder>().RecordAsync(new AlertAcknowledged
        {
            EventId = Guid.NewGuid(), AlertId = alertId, Outcome = outcome, AcknowledgedBy = by, AcknowledgedAt = at,
            Reason = outcome == "overridden" ? "benefit outweighs the risk" : null,
        }, Ct));
    }

    private static async Task<T> Db<T>(IHost host, Func<RegimenDbContext, Task<T>> query)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<RegimenDbContext>());
    }

    /// <summary>Sertraline for 30 days from 10 days ago and tramadol for 10 days from yesterday: SER-08 (major).</summary>
    private static async Task ApplySsriWithTramadolAsync(IHost host, DateTimeOffset now)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<RegimenStore>();
        foreach (var (text, days, supply) in new[] { ("Zoloft 50 mg tablet", 10, 30), ("Ultram 50 mg tablet", 1, 10) })
        {
            await store.ApplyAsync(EventMapper.Map(new MedicationDispensed
            {
                EventId = Guid.NewGuid(), PatientId = Patient, DispensedAt = now.AddDays(-days),
                Medication = new MedicationProduct { Text = text }, DaysSupply = supply,
            }, 30), Ct);
        }
    }

    /// <summary>A migrated SQLite file or PostgreSQL database, a tool host on it with a fake clock, and the verb's settings.</summary>
    private sealed class InspectDatabase : IAsyncDisposable
    {
        private readonly PostgresTestDatabase? _postgres;
        private readonly string? _file;

        private InspectDatabase(IHost host, FakeTimeProvider clock, string[] configuration, PostgresTestDatabase? postgres, string? file) =>
            (Host, Clock, Configuration, _postgres, _file) = (host, clock, configuration, postgres, file);

        public IHost Host { get; }

        public FakeTimeProvider Clock { get; }

        /// <summary>The verb's configuration tokens for this database.</summary>
        public string[] Configuration { get; }

        public static async Task<InspectDatabase> CreateAsync(string provider)
        {
            PostgresTestDatabase? postgres = null;
            string? file = null;
            string connectionString;
            if (provider == "PostgreSql")
            {
                postgres = await PostgresTestDatabase.CreateAsync(Ct);
                connectionString = postgres.ConnectionString;
            }
            else
            {
                file = Path.Combine(Path.GetTempPath(), $"rm-inspect-{Guid.NewGuid():N}.db");
                connectionString = $"Data Source={file};Pooling=False";
            }

            var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
            var builder = RegimenMonitorHost.CreateBuilder([], HostRole.Tool, new Dictionary<string, string?>
            {
                ["Database:Provider"] = provider,
                ["ConnectionStrings:Database"] = connectionString,
                ["Logging:LogLevel:Default"] = "None",
            });
            builder.Services.AddSingleton<TimeProvider>(clock);
            var database = new InspectDatabase(builder.Build(), clock,
                [$"--Database:Provider={provider}", $"--ConnectionStrings:Database={connectionString}"], postgres, file);
            try
            {
                await database.Host.Services.GetRequiredService<MigrationRunner>().MigrateAsync(Ct);
                return database;
            }
            catch
            {
                await database.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            Host.Dispose();
            if (_postgres is not null)
            {
                await _postgres.DisposeAsync();
            }

            if (_file is not null)
            {
                File.Delete(_file);
            }
        }
    }
}
