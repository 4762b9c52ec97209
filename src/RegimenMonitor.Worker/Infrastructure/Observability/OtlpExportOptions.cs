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

    public string? SdkDisabled { get; set; }

    /// <summary>The set ones of <see cref="Milliseconds"/>'s settings, by name.</summary>
    public Dictionary<string, string> Durations { get; } = new(StringComparer.Ordinal);

    /// <summary>The set ones of <see cref="Counts"/>'s settings, by name.</summary>
    public Dictionary<string, string> Sizes { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// Standard settings in whole milliseconds that the SDK reads and, given anything else, silently replaces by its
    /// default (found by an independent edge probe: <c>OTEL_EXPORTER_OTLP_TIMEOUT=abc</c> started normally).
    /// </summary>
    internal static readonly string[] Milliseconds =
    [
        "OTEL_EXPORTER_OTLP_TIMEOUT", "OTEL_EXPORTER_OTLP_TRACES_TIMEOUT", "OTEL_EXPORTER_OTLP_METRICS_TIMEOUT", "OTEL_EXPORTER_OTLP_LOGS_TIMEOUT",
        "OTEL_METRIC_EXPORT_TIMEOUT", "OTEL_BSP_SCHEDULE_DELAY", "OTEL_BSP_EXPORT_TIMEOUT", "OTEL_BLRP_SCHEDULE_DELAY", "OTEL_BLRP_EXPORT_TIMEOUT",
    ];

    /// <summary>Standard queue and batch sizes, read the same way (<c>OTEL_BSP_MAX_QUEUE_SIZE=-5</c> started normally).</summary>
    internal static readonly string[] Counts =
    [
        "OTEL_BSP_MAX_QUEUE_SIZE", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "OTEL_BLRP_MAX_QUEUE_SIZE", "OTEL_BLRP_MAX_EXPORT_BATCH_SIZE",
    ];

    /// <summary>The settings from <paramref name="configuration"/>, where the SDK reads them.</summary>
    public static OtlpExportOptions From(IConfiguration configuration)
    {
        var options = new OtlpExportOptions
        {
            Endpoint = configuration["OTEL_EXPORTER_OTLP_ENDPOINT"],
            Protocol = configuration["OTEL_EXPORTER_OTLP_PROTOCOL"],
            Headers = configuration["OTEL_EXPORTER_OTLP_HEADERS"],
            MetricExportInterval = configuration["OTEL_METRIC_EXPORT_INTERVAL"],
            SdkDisabled = configuration["OTEL_SDK_DISABLED"],
        };
        foreach (var (names, into) in new[] { (Milliseconds, options.Durations), (Counts, options.Sizes) })
        {
            foreach (var name in names)
            {
                if (configuration[name] is { Length: > 0 } value)
                {
                    into[name] = value;
                }
            }
        }

        return options;
    }
}
