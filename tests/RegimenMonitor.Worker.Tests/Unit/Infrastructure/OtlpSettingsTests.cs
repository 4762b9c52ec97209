using Microsoft.Extensions.Configuration;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Tests.Unit.Infrastructure;

/// <summary>
/// Standard OpenTelemetry settings the SDK reads and, given a value it cannot take, silently replaces by its default
/// (found by an independent edge probe: OTEL_SDK_DISABLED=maybe left export on; OTEL_EXPORTER_OTLP_TIMEOUT=abc and
/// OTEL_BSP_MAX_QUEUE_SIZE=-5 started normally).
/// </summary>
public sealed class OtlpSettingsTests
{
    private static List<string> Failures(params (string Name, string Value)[] settings) =>
        [.. OtlpExportOptionsValidator.ExporterFailures(OtlpExportOptions.From(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Name, s.Value))).Build()))];

    [Theory]
    [InlineData("OTEL_SDK_DISABLED", "maybe", "OTEL_SDK_DISABLED must be 'true' or 'false' (was 'maybe'); 'true' turns export off.")]
    [InlineData("OTEL_SDK_DISABLED", "1", "OTEL_SDK_DISABLED must be 'true' or 'false' (was '1'); 'true' turns export off.")]
    [InlineData("OTEL_EXPORTER_OTLP_TIMEOUT", "abc", "OTEL_EXPORTER_OTLP_TIMEOUT must be a whole number of milliseconds (digits only, e.g. 10000; was 'abc'); the SDK would use its default instead.")]
    [InlineData("OTEL_BSP_SCHEDULE_DELAY", "5s", "OTEL_BSP_SCHEDULE_DELAY must be a whole number of milliseconds (digits only, e.g. 10000; was '5s'); the SDK would use its default instead.")]
    [InlineData("OTEL_BSP_MAX_QUEUE_SIZE", "-5", "OTEL_BSP_MAX_QUEUE_SIZE must be a whole number from 1 (digits only, e.g. 2048; was '-5'); the SDK would use its default instead.")]
    [InlineData("OTEL_BSP_MAX_EXPORT_BATCH_SIZE", "0", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE must be a whole number from 1 (digits only, e.g. 2048; was '0'); the SDK would use its default instead.")]
    // probe-edge15 L1: a signal's own endpoint, the sampler and the limits
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "not-a-url", "OTEL_EXPORTER_OTLP_TRACES_ENDPOINT must be an absolute http:// or https:// URL, e.g. 'http://otel-collector:4318/v1/traces' (http/protobuf: the whole URL of the signal).")]
    [InlineData("OTEL_EXPORTER_OTLP_LOGS_ENDPOINT", "ftp://x", "OTEL_EXPORTER_OTLP_LOGS_ENDPOINT must be an absolute http:// or https:// URL, e.g. 'http://otel-collector:4318/v1/traces' (http/protobuf: the whole URL of the signal).")]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_PROTOCOL", "http/json", "OTEL_EXPORTER_OTLP_METRICS_PROTOCOL must be 'grpc' or 'http/protobuf' (was 'http/json').")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_HEADERS", "Authorization: Bearer x", "OTEL_EXPORTER_OTLP_TRACES_HEADERS must be comma-separated key=value pairs (URL-encoded), e.g. 'api-key=KEY' (its value is not shown: it may hold credentials).")]
    [InlineData("OTEL_TRACES_SAMPLER", "bogus", "OTEL_TRACES_SAMPLER must be one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio (was 'bogus'); the SDK would keep its default (parentbased_always_on).")]
    [InlineData("OTEL_TRACES_SAMPLER", " traceidratio", "OTEL_TRACES_SAMPLER must be one of always_on, always_off, traceidratio, parentbased_always_on, parentbased_always_off, parentbased_traceidratio (was ' traceidratio'); the SDK would keep its default (parentbased_always_on).")]
    [InlineData("OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "abc", "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT must be a whole number (digits only, e.g. 128; was 'abc'); the SDK would ignore it.")]
    public void A_value_the_sdk_would_replace_by_its_default_is_refused_naming_the_variable(string name, string value, string expected) =>
        Assert.Equal([expected], Failures((name, value)));

    [Theory]
    [InlineData("OTEL_SDK_DISABLED", "true")]
    [InlineData("OTEL_SDK_DISABLED", " FALSE ")]
    [InlineData("OTEL_EXPORTER_OTLP_TIMEOUT", "10000")]
    [InlineData("OTEL_BLRP_EXPORT_TIMEOUT", "0")]
    [InlineData("OTEL_BLRP_MAX_QUEUE_SIZE", "2048")]
    [InlineData("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "http://otel-collector:4318/v1/traces")]
    [InlineData("OTEL_EXPORTER_OTLP_LOGS_PROTOCOL", "grpc")]
    [InlineData("OTEL_EXPORTER_OTLP_METRICS_HEADERS", "api-key=KEY")]
    [InlineData("OTEL_TRACES_SAMPLER", "parentbased_traceidratio")]
    [InlineData("OTEL_TRACES_SAMPLER", "ParentBased_TraceIdRatio")]
    [InlineData("OTEL_SPAN_EVENT_COUNT_LIMIT", "0")]
    public void The_values_the_sdk_takes_pass(string name, string value) =>
        Assert.Empty(Failures((name, value)));

    [Theory]
    [InlineData("traceidratio", "2.5", false)]
    [InlineData("parentbased_traceidratio", "-0.1", false)]
    [InlineData("traceidratio", "abc", false)]
    [InlineData("traceidratio", "0.25", true)]
    [InlineData("TraceIdRatio", "1e-3", true)]
    [InlineData("always_on", "anything", true)] // read only by the ratio samplers
    public void A_sampler_argument_is_a_ratio_from_0_to_1_for_the_ratio_samplers(string sampler, string argument, bool accepted)
    {
        var failures = Failures(("OTEL_TRACES_SAMPLER", sampler), ("OTEL_TRACES_SAMPLER_ARG", argument));
        if (accepted)
        {
            Assert.Empty(failures);
        }
        else
        {
            Assert.Equal($"OTEL_TRACES_SAMPLER_ARG must be a sampling ratio from 0 to 1 for the traceidratio samplers, e.g. 0.25 (was '{argument}').", Assert.Single(failures));
        }
    }
}
