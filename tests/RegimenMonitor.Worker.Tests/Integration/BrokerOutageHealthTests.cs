using System.Diagnostics;
using System.Globalization;
using System.Net;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Health;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>Stops the real broker: runs in the collection that runs alone (see <see cref="BrokerRestartTests"/>).</summary>
[Collection(nameof(BrokerRestartGroup))]
[Trait("Services", "Restarts")]
public sealed class BrokerOutageHealthTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_stopped_broker_makes_ready_fail_while_live_stays_up_and_ready_recovers_when_it_is_back()
    {
        await using var broker = await RabbitMqTestBroker.CreateRestartableAsync(Ct);
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        await using var worker = await WorkerTestHost.StartAsync(broker.AmqpUri, database.ConnectionString, Ct);
        using var probe = new HealthProbe(worker);
        await probe.WaitForAsync(HealthEndpoints.ReadyPath, HttpStatusCode.OK, TimeSpan.FromSeconds(30), Ct);

        await RabbitMqCtlAsync("stop_app");
        try
        {
            var ready = await probe.WaitForAsync(HealthEndpoints.ReadyPath, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(60), Ct);
            Assert.NotEqual("Healthy", ready.Checks["masstransit-bus"].Status);
            Assert.Equal("Healthy", ready.Checks[DatabaseHealthCheck.Name].Status);
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(HealthEndpoints.LivePath, Ct)).Code);
        }
        finally
        {
            await RabbitMqCtlAsync("start_app");
            await RabbitMqCtlAsync("await_startup");
        }

        var back = await probe.WaitForAsync(HealthEndpoints.ReadyPath, HttpStatusCode.OK, TimeSpan.FromMinutes(2), Ct);
        Assert.Equal("Healthy", back.Checks["masstransit-bus"].Status);
        // the alert bus has no receive endpoint, so MassTransit's check of it says only that it started: that its
        // connection is back shows in an alert delivered
        Assert.Equal("Healthy", back.Checks["masstransit-alert-bus"].Status);
        await broker.SubscribeToAlertsAsync("care-team", "#", Ct);
        var day = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        Assert.True(await broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-outage", "Zoloft 50 mg", day), Ct));
        Assert.True(await broker.PublishAsync(SupplementReported.ExchangeName, Events.Supplement(Guid.NewGuid(), "PT-outage", "St John's wort", day), Ct));
        var alerts = await broker.WaitForMessagesAsync("care-team", 1, TimeSpan.FromSeconds(60), Ct);
        Assert.Contains(alerts, a => a.RoutingKey.StartsWith("serotonergic-stacking.", StringComparison.Ordinal));
    }

    private static async Task RabbitMqCtlAsync(string command)
    {
        // not the test's token: the broker must come back even when the test is cancelled
        using var process = Process.Start(new ProcessStartInfo("rabbitmqctl", command) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        await process.WaitForExitAsync(CancellationToken.None);
        Assert.True(process.ExitCode == 0, $"rabbitmqctl {command} failed: {await process.StandardError.ReadToEndAsync(CancellationToken.None)}");
    }
}
