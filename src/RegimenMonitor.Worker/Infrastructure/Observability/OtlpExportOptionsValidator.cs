using System.Globalization;
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

        failures.AddRange(ExporterFailures(options));
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>
    /// The values the OTLP exporter throws on when it is built, before any options validation runs: the run ended
    /// with exit 1 (a runtime failure, which a supervisor restarts) and the SDK's words, without the variable's name
    /// (found by an independent edge probe). <c>ConfigurationCheck.ThrowIfUnparsable</c> names them before the host
    /// is built, as it names a value that does not parse.
    /// </summary>
    public static IEnumerable<string> ExporterFailures(OtlpExportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!HeadersParse(options.Headers))
        {
            // never the value: it holds the collector's credentials (Authorization=…, api-key=…)
            failures.Add("OTEL_EXPORTER_OTLP_HEADERS must be comma-separated key=value pairs (URL-encoded), e.g. 'api-key=KEY,tenant=a' or 'Authorization=Bearer%20TOKEN' (its value is not shown: it may hold credentials).");
        }

        if (options.MetricExportInterval is { } interval && !string.IsNullOrEmpty(interval)
            && (!int.TryParse(interval, NumberStyles.None, CultureInfo.InvariantCulture, out var milliseconds) || milliseconds == 0))
        {
            failures.Add($"OTEL_METRIC_EXPORT_INTERVAL must be a whole number of milliseconds from 1 (digits only, e.g. 60000; was '{interval}').");
        }

        // "maybe", "1" or "yes" left export on without a word (found by an independent edge probe)
        if (options.SdkDisabled is { } disabled && !string.IsNullOrWhiteSpace(disabled)
            && !disabled.Trim().Equals("true", StringComparison.OrdinalIgnoreCase) && !disabled.Trim().Equals("false", StringComparison.OrdinalIgnoreCase))
        {
            failures.Add($"OTEL_SDK_DISABLED must be 'true' or 'false' (was '{disabled}'); 'true' turns export off.");
        }

        foreach (var (name, value) in options.Durations.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                failures.Add($"{name} must be a whole number of milliseconds (digits only, e.g. 10000; was '{value}'); the SDK would use its default instead.");
            }
        }

        foreach (var (name, value) in options.Sizes.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size == 0)
            {
                failures.Add($"{name} must be a whole number from 1 (digits only, e.g. 2048; was '{value}'); the SDK would use its default instead.");
            }
        }

        return failures;
    }

    /// <summary>
    /// Whether the OTLP exporter reads <paramref name="headers"/> without throwing: URL-decoded, comma-separated
    /// pairs, each with an '=' (a trailing comma ends the list), as OpenTelemetry .NET 1.20 parses them.
    /// </summary>
    internal static bool HeadersParse(string? headers)
    {
        if (string.IsNullOrEmpty(headers))
        {
            return true;
        }

        var rest = Uri.UnescapeDataString(headers).AsSpan();
        while (!rest.IsEmpty)
        {
            var comma = rest.IndexOf(',');
            var pair = comma >= 0 ? rest[..comma] : rest;
            rest = comma >= 0 ? rest[(comma + 1)..] : [];
            if (!pair.Contains('='))
            {
                return false;
            }
        }

        return true;
    }
}
