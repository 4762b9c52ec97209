namespace RegimenMonitor.Worker.Infrastructure.Observability;

/// <summary>
/// The standard OTLP settings as this process read them (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>,
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>), kept only to validate them at start-up: the exporter reads them itself.
/// </summary>
internal sealed class OtlpExportOptions
{
    public string? Endpoint { get; set; }

    public string? Protocol { get; set; }
}
