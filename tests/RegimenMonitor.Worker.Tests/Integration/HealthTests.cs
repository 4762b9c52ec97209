using System.Net;
using Microsoft.Extensions.DependencyInjection;
using RegimenMonitor.Worker.Infrastructure.Health;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>The worker's health listener on the real broker and database (a stopped broker: <see cref="BrokerOutageHealthTests"/>).</summary>
public sealed class HealthTests : PipelineTest
{
    [Fact]
    public async Task Ready_lists_the_broker_and_the_database_and_live_answers()
    {
        using var probe = new HealthProbe(Worker);

        var live = await probe.GetAsync(HealthEndpoints.LivePath, Ct);
        Assert.Equal(HttpStatusCode.OK, live.Code);
        Assert.Equal("Healthy", live.Status);

        var ready = await probe.WaitForAsync(HealthEndpoints.ReadyPath, HttpStatusCode.OK, TimeSpan.FromSeconds(30), Ct);
        Assert.Equal("Healthy", ready.Status);
        Assert.Equal("Healthy", ready.Checks["masstransit-bus"].Status);
        Assert.Equal("Healthy", ready.Checks["masstransit-alert-bus"].Status);
        Assert.Equal(("Healthy", "database reachable"), ready.Checks[DatabaseHealthCheck.Name]);

        using var client = new HttpClient { BaseAddress = Worker.Host.Services.GetRequiredService<HealthListener>().Addresses[0] };
        using var unknown = await client.GetAsync("/health", Ct);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task A_database_that_refuses_connections_makes_ready_fail_while_live_stays_up_and_ready_recovers()
    {
        using var probe = new HealthProbe(Worker);
        await probe.WaitForAsync(HealthEndpoints.ReadyPath, HttpStatusCode.OK, TimeSpan.FromSeconds(30), Ct);

        // this test's own database goes away for the worker: no new connections, existing ones killed
        await Database.RefuseConnectionsAsync(Ct);
        try
        {
            var ready = await probe.WaitForAsync(HealthEndpoints.ReadyPath, HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(30), Ct);
            Assert.Equal("Unhealthy", ready.Status);
            Assert.Equal("Unhealthy", ready.Checks[DatabaseHealthCheck.Name].Status);
            Assert.StartsWith("database unreachable", ready.Checks[DatabaseHealthCheck.Name].Description, StringComparison.Ordinal);
            Assert.Equal("Healthy", ready.Checks["masstransit-bus"].Status);
            Assert.Equal(HttpStatusCode.OK, (await probe.GetAsync(HealthEndpoints.LivePath, Ct)).Code);
        }
        finally
        {
            await Database.AllowConnectionsAsync(Ct);
        }

        var back = await probe.WaitForAsync(HealthEndpoints.ReadyPath, HttpStatusCode.OK, TimeSpan.FromSeconds(30), Ct);
        Assert.Equal("Healthy", back.Checks[DatabaseHealthCheck.Name].Status);
    }
}
