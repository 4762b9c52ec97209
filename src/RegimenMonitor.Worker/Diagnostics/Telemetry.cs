using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace RegimenMonitor.Worker.Diagnostics;

/// <summary>
/// OpenTelemetry tracing built with the core SDK (no hosting package here). Export is on when
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set; the exporter reads the standard variables itself
/// (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c> grpc or http/protobuf, <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>).
/// The provider lives as long as the host and is flushed on shutdown.
/// </summary>
internal static class Telemetry
{
    public const string SourceName = "RegimenMonitor";

    /// <summary>The standard OpenTelemetry variables the worker honours (documented in the README).</summary>
    public static readonly string[] StandardVariables =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES",
    ];

    public static readonly ActivitySource Source = new(SourceName);

    public static readonly Meter Meter = new(SourceName);

    /// <summary>Products normalised, by outcome (<c>recognised</c> / <c>unrecognised</c>); no product text as a label.</summary>
    public static readonly Counter<long> ProductsNormalised = Meter.CreateCounter<long>(
        "regimen_monitor.products.normalised", unit: "{product}", description: "Product texts normalised to ingredients, by outcome");

    public static void AddRegimenMonitorTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return;
        }

        services.AddHostedService(_ => new TracerProviderLifetime(Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] ?? "regimen-monitor"))
            .AddSource(SourceName, "MassTransit", "Npgsql", "Quartz")
            .AddOtlpExporter()
            .Build()));
    }

    private sealed class TracerProviderLifetime(TracerProvider provider) : IHostedService, IDisposable
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            provider.ForceFlush(5000);
            return Task.CompletedTask;
        }

        public void Dispose() => provider.Dispose();
    }
}
