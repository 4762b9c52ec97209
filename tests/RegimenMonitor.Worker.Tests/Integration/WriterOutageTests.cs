using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Database.Dialects;
using RegimenMonitor.Worker.Regimens;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// The group commit while the database is away: when a group and then its first change alone fail as an outage, the
/// other changes fail with it, not attempted (each consume's retry brings them back). Found by an independent fault probe: a 20-s PostgreSQL stop
/// made about 360 "write batch failed; applying them one by one" lines per worker, each single write failing the same way.
/// </summary>
public sealed class WriterOutageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_group_that_fails_because_the_database_is_away_fails_every_change_with_the_outage_without_retrying_them_alone()
    {
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        using var host = database.ToolHost();
        await host.Services.GetRequiredService<MigrationRunner>().MigrateAsync(Ct);
        var logs = new LogCapture();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
        await using var writer = new RegimenWriter(host.Services.GetRequiredService<IServiceScopeFactory>(),
            Options.Create(new MessagingOptions { WriteBatchSize = 64, WriteLanes = 1 }), host.Services.GetRequiredService<IOptions<DatabaseOptions>>(),
            loggers.CreateLogger<RegimenWriter>());
        var changes = Enumerable.Range(0, 40).Select(i => EventMapper.Map(new MedicationDispensed
        {
            EventId = Guid.NewGuid(), PatientId = $"PT-out-{i % 5}", DispenseId = $"D-out-{i}", DispensedAt = DateTimeOffset.UtcNow.AddHours(-i - 1),
            Medication = new MedicationProduct { Text = "Zoloft 50 mg tablet" }, DaysSupply = 30,
        }, 30)).ToList();

        await database.RefuseConnectionsAsync(Ct);
        try
        {
            var outcomes = await Task.WhenAll(changes.Select(async c =>
            {
                try
                {
                    await writer.ApplyAsync(c, Ct);
                    return null;
                }
                catch (Exception ex)
                {
                    return ex;
                }
            }));

            Assert.All(outcomes, ex => Assert.True(ex is not null && DatabaseDialect.For(DatabaseProvider.PostgreSql).IsOutage(ex), ex?.GetType().Name ?? "applied"));
            // a group of more than one formed, and after its first change failed alone the others were not attempted
            Assert.Contains(outcomes, ex => ex is RegimenWriter.GroupNotWrittenException);
            Assert.DoesNotContain(logs.Entries, e => e.Message.Contains("applying them one by one", StringComparison.Ordinal));
        }
        finally
        {
            await database.AllowConnectionsAsync(Ct);
        }

        // once it is back, the same changes apply (the retry a consume would make)
        var applied = await Task.WhenAll(changes.Select(c => writer.ApplyAsync(c, Ct)));
        Assert.All(applied, a => Assert.Equal(ApplyOutcome.Applied, a.Outcome));
    }
}
