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
        if (!string.IsNullOrWhiteSpace(options.Endpoint) && !IsHttpUrl(options.Endpoint))
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

        // a signal's own endpoint, protocol and headers (found by an independent edge probe: a traces endpoint 'not-a-url'
        // beside a valid base endpoint started normally, and docs/operations.md says a malformed endpoint stops start-up)
        foreach (var (name, value) in options.PerSignal.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            if (name.EndsWith("_ENDPOINT", StringComparison.Ordinal) && !IsHttpUrl(value))
            {
                failures.Add($"{name} must be an absolute http:// or https:// URL, e.g. 'http://otel-collector:4318/v1/traces' (http/protobuf: the whole URL of the signal).");
            }
            else if (name.EndsWith("_PROTOCOL", StringComparison.Ordinal) && value.Trim() is not ("grpc" or "http/protobuf"))
            {
                failures.Add($"{name} must be 'grpc' or 'http/protobuf' (was '{value}').");
            }
            else if (name.EndsWith("_HEADERS", StringComparison.Ordinal) && !HeadersParse(value))
            {
                failures.Add($"{name} must be comma-separated key=value pairs (URL-encoded), e.g. 'api-key=KEY' (its value is not shown: it may hold credentials).");
            }
        }

        foreach (var (name, value) in options.Limits.OrderBy(d => d.Key, StringComparer.Ordinal))
        {
            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                failures.Add($"{name} must be a whole number (digits only, e.g. 128; was '{value}'); the SDK would ignore it.");
            }
        }

        failures.AddRange(SamplerFailures(options.Sampler, options.SamplerArg));
        return failures;
    }

    /// <summary>The samplers OpenTelemetry .NET builds from <c>OTEL_TRACES_SAMPLER</c> (1.8 and later).</summary>
    internal static readonly string[] Samplers =
        ["always_on", "always_off", "traceidratio", "parentbased_always_on", "parentbased_always_off", "parentbased_traceidratio"];

    // an unknown sampler, or a ratio outside 0..1, is logged by the SDK's own event source only and the default kept
    private static IEnumerable<string> SamplerFailures(string? sampler, string? argument)
    {
        // as the SDK reads it: the name in any letter case, not trimmed; the ratio as a floating-point number, read only
        // for the two ratio samplers (a review: "ParentBased_TraceIdRatio" and "1e-3" work there)
        if (!string.IsNullOrEmpty(sampler) && !Samplers.Contains(sampler, StringComparer.OrdinalIgnoreCase))
        {
            yield return $"OTEL_TRACES_SAMPLER must be one of {string.Join(", ", Samplers)} (was '{sampler}'); the SDK would keep its default (parentbased_always_on).";
        }

        if (!string.IsNullOrEmpty(argument) && sampler is not null && sampler.EndsWith("traceidratio", StringComparison.OrdinalIgnoreCase)
            && (!double.TryParse(argument, NumberStyles.Float, CultureInfo.InvariantCulture, out var ratio) || ratio is < 0 or > 1))
        {
            yield return $"OTEL_TRACES_SAMPLER_ARG must be a sampling ratio from 0 to 1 for the traceidratio samplers, e.g. 0.25 (was '{argument}').";
        }
    }

    private static bool IsHttpUrl(string value) =>
        Uri.TryCreate(value.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

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
