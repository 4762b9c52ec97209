using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;

namespace RegimenMonitor.Worker.Tests.Unit.Infrastructure;

/// <summary>
/// MassTransit's usage telemetry (a report to usage-tracking.masstransit.io 5 minutes after the bus starts) is off for
/// every role that has a bus: the worker sends nothing out of the process unless an OTLP endpoint is configured.
/// </summary>
public sealed class UsageTelemetryTests
{
    [Theory]
    [InlineData(false, null)] // the worker on the in-memory transport (demo)
    [InlineData(false, "amqp://regimen:unused@broker.invalid:5672/")] // the worker on RabbitMQ (run)
    [InlineData(true, "amqp://regimen:unused@broker.invalid:5672/")] // the publisher (replay)
    public void The_bus_reports_no_usage_telemetry(bool publisher, string? rabbitMq)
    {
        using var host = RegimenMonitorHost.CreateBuilder([], publisher ? HostRole.Publisher : HostRole.Worker, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Database"] = "Data Source=" + Path.Combine(Path.GetTempPath(), $"rm-telemetry-{Guid.NewGuid():N}.db"),
            ["ConnectionStrings:RabbitMq"] = rabbitMq,
            ["Logging:LogLevel:Default"] = "None",
        }).Build();

        var options = host.Services.GetRequiredService<IOptions<UsageTelemetryOptions>>().Value;

        Assert.False(options.Enabled);
    }
}
