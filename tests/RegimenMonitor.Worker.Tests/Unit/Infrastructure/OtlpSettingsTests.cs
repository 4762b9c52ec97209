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
    public void A_value_the_sdk_would_replace_by_its_default_is_refused_naming_the_variable(string name, string value, string expected) =>
        Assert.Equal([expected], Failures((name, value)));

    [Theory]
    [InlineData("OTEL_SDK_DISABLED", "true")]
    [InlineData("OTEL_SDK_DISABLED", " FALSE ")]
    [InlineData("OTEL_EXPORTER_OTLP_TIMEOUT", "10000")]
    [InlineData("OTEL_BLRP_EXPORT_TIMEOUT", "0")]
    [InlineData("OTEL_BLRP_MAX_QUEUE_SIZE", "2048")]
    public void The_values_the_sdk_takes_pass(string name, string value) =>
        Assert.Empty(Failures((name, value)));
}
