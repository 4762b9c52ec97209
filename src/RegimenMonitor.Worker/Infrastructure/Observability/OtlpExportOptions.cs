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

    /// <summary>The set ones of the per-signal endpoints, protocols and headers (<see cref="Signals"/>), by name.</summary>
    public Dictionary<string, string> PerSignal { get; } = new(StringComparer.Ordinal);

    /// <summary>The set ones of <see cref="LimitNames"/>'s settings, by name.</summary>
    public Dictionary<string, string> Limits { get; } = new(StringComparer.Ordinal);

    public string? Sampler { get; set; }

    public string? SamplerArg { get; set; }

    /// <summary>The signals with settings of their own (<c>OTEL_EXPORTER_OTLP_TRACES_ENDPOINT</c>, …).</summary>
    internal static readonly string[] Signals = ["TRACES", "METRICS", "LOGS"];

    private static readonly string[] PerSignalNames =
        [.. Signals.SelectMany(signal => new[] { "ENDPOINT", "PROTOCOL", "HEADERS" }.Select(setting => $"OTEL_EXPORTER_OTLP_{signal}_{setting}"))];

    /// <summary>
    /// The attribute, event and link limits the SDK reads as whole numbers and, given anything else, ignores (found by an
    /// independent edge probe: <c>OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT=abc</c> started normally).
    /// </summary>
    internal static readonly string[] LimitNames =
    [
        "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "OTEL_ATTRIBUTE_COUNT_LIMIT", "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT",
        "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "OTEL_SPAN_EVENT_COUNT_LIMIT", "OTEL_SPAN_LINK_COUNT_LIMIT",
        "OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT", "OTEL_LINK_ATTRIBUTE_COUNT_LIMIT",
        "OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT", "OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT",
    ];

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
            Sampler = configuration["OTEL_TRACES_SAMPLER"],
            SamplerArg = configuration["OTEL_TRACES_SAMPLER_ARG"],
        };
        foreach (var (names, into) in new[] { (Milliseconds, options.Durations), (Counts, options.Sizes), (PerSignalNames, options.PerSignal), (LimitNames, options.Limits) })
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
