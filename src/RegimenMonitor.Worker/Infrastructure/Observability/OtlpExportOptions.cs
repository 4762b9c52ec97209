using Microsoft.Extensions.Configuration;

namespace RegimenMonitor.Worker.Infrastructure.Observability;

/// <summary>
/// The standard OTLP settings as this process read them (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>,
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_EXPORTER_OTLP_HEADERS</c>, <c>OTEL_METRIC_EXPORT_INTERVAL</c>), kept only
/// to validate them at start-up: the exporter reads them itself.
/// </summary>
internal sealed class OtlpExportOptions
{
    public string? Endpoint { get; set; }

    public string? Protocol { get; set; }

    public string? Headers { get; set; }

    public string? MetricExportInterval { get; set; }

    /// <summary>The settings from <paramref name="configuration"/>, where the SDK reads them.</summary>
    public static OtlpExportOptions From(IConfiguration configuration) => new()
    {
        Endpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"],
        Protocol = configuration["OTEL_EXPORTER_OTLP_PROTOCOL"],
        Headers = configuration["OTEL_EXPORTER_OTLP_HEADERS"],
        MetricExportInterval = configuration["OTEL_METRIC_EXPORT_INTERVAL"],
    };
}
