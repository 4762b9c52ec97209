using Microsoft.Extensions.Options;

namespace RegimenMonitor.Worker.Infrastructure.Observability;

/// <summary>
/// Fails start-up on an OTLP setting the exporter would otherwise ignore silently (an unknown protocol falls back to
/// grpc, a malformed endpoint disables export), naming the variable and what it accepts.
/// </summary>
internal sealed class OtlpExportOptionsValidator : IValidateOptions<OtlpExportOptions>
{
    public ValidateOptionsResult Validate(string? name, OtlpExportOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.Endpoint)
            && (!Uri.TryCreate(options.Endpoint.Trim(), UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
        {
            failures.Add("OTEL_EXPORTER_OTLP_ENDPOINT must be an absolute http:// or https:// URL, e.g. 'http://otel-collector:4317' (grpc) or 'http://otel-collector:4318' (http/protobuf).");
        }

        if (!string.IsNullOrWhiteSpace(options.Protocol) && options.Protocol.Trim() is not ("grpc" or "http/protobuf"))
        {
            failures.Add($"OTEL_EXPORTER_OTLP_PROTOCOL must be 'grpc' or 'http/protobuf' (was '{options.Protocol}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
