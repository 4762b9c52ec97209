using System.Globalization;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Health;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// A worker started with <c>Alerts:SchedulerEnabled=false</c> runs no job, so it publishes no alert: it says so when it
/// starts, and its readiness still reports alerts that no worker publishes (found by a newcomer walk-through: the
/// outbox check went with the scheduler, and a major alert waited unpublished while the worker reported Healthy).
/// </summary>
public sealed class SchedulerDisabledTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_worker_without_the_scheduler_warns_and_is_not_ready_while_its_alerts_wait()
    {
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        var logs = new LogCapture();
        var settings = new Dictionary<string, string?> { ["Alerts:SchedulerEnabled"] = "false", ["Alerts:OutboxStuckThreshold"] = "00:00:03" };
        await using var worker = await WorkerTestHost.StartAsync(broker.AmqpUri, database.ConnectionString, Ct, settings,
            services => services.AddSingleton<ILoggerProvider>(logs));

        var warning = Assert.Single(logs.Entries, e => e.Message.StartsWith("Alerts:SchedulerEnabled is false", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("publishes no alert", warning.Message, StringComparison.Ordinal);

        using var probe = new HealthProbe(worker);
        var ready = await probe.WaitForAsync(HealthEndpoints.ReadyPath, HttpStatusCode.OK, TimeSpan.FromSeconds(30), Ct);
        Assert.False(ready.Checks.ContainsKey(SchedulerHealthCheck.Name), string.Join("; ", ready.Checks));
        Assert.Equal(("Healthy", "outbox empty"), ready.Checks[OutboxHealthCheck.Name]);

        var day = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        Assert.True(await broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-noscheduler", "Zoloft 50 mg", day), Ct));
        Assert.True(await broker.PublishAsync(SupplementReported.ExchangeName, Events.Supplement(Guid.NewGuid(), "PT-noscheduler", "St John's wort", day), Ct));
        await worker.WaitForProcessedAsync(2, TimeSpan.FromSeconds(60), Ct);
        Assert.True(await worker.QueryAsync(db => db.Outbox.AnyAsync(m => m.DispatchedAt == null)), "the pair wrote no alert");

        // nobody publishes it: not ready once it has waited past the threshold
        var stuck = await probe.WaitForAsync(HealthEndpoints.ReadyPath, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30), Ct);
        Assert.StartsWith("outbox stuck", stuck.Checks[OutboxHealthCheck.Name].Description, StringComparison.Ordinal);
    }
}
