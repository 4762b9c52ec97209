using System.Diagnostics;
using System.Diagnostics.Metrics;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using Npgsql;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace RegimenMonitor.Worker.Infrastructure.Observability;

/// <summary>
/// OpenTelemetry traces, metrics and logs through OpenTelemetry.Extensions.Hosting: the host owns the providers (created
/// when it starts, before anything is consumed; flushed when it stops and disposed with it).
/// <para>
/// Export is off unless <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. Every <c>OTEL_*</c> setting is read from the host's
/// configuration (environment variables, appsettings, <c>--KEY=value</c>, in-memory overrides in tests), which the SDK
/// finds in the host's container, so the exporter applies the standard rules itself — with <c>http/protobuf</c> it
/// appends <c>/v1/traces</c>, <c>/v1/metrics</c> and <c>/v1/logs</c> to the base endpoint, which it would not do for an
/// endpoint set from code.
/// </para>
/// No PHI: span names, attributes, metric labels and log templates carry event types, outcomes, counts, rule ids,
/// concerns, severities and random keys — never a patient id, product text, prescription or pharmacy id. Npgsql's spans
/// carry the SQL text with parameter placeholders (values are never part of it: every statement is parameterised).
/// </summary>
internal static class Telemetry
{
    public const string SourceName = "RegimenMonitor";

    /// <summary>The default <c>service.name</c> when <c>OTEL_SERVICE_NAME</c> is not set.</summary>
    public const string DefaultServiceName = "regimen-monitor";

    /// <summary>Activity sources exported by name besides Npgsql's (added by <c>AddNpgsql()</c>).</summary>
    public static readonly string[] Sources = [SourceName, "MassTransit", "Quartz"];

    /// <summary>Meters exported by name: ours and MassTransit's (consume/receive/publish counts and durations); Npgsql's
    /// (<c>AddNpgsqlInstrumentation()</c>) and the runtime's <c>dotnet.*</c> (<c>AddRuntimeInstrumentation()</c>) are
    /// added by their instrumentation.</summary>
    public static readonly string[] Meters = [SourceName, "MassTransit"];

    /// <summary>The standard OpenTelemetry variables the worker honours (documented in docs/configuration.md).</summary>
    public static readonly string[] StandardVariables =
    [
        "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_EXPORTER_OTLP_PROTOCOL", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES", "OTEL_SDK_DISABLED",
    ];

    public static readonly ActivitySource Source = new(SourceName);

    public static readonly Meter Meter = new(SourceName);

    /// <summary>Products normalised, by outcome (<c>recognised</c> / <c>unrecognised</c>); no product text as a label.</summary>
    public static readonly Counter<long> ProductsNormalised = Meter.CreateCounter<long>(
        "regimen_monitor.products.normalised", unit: "{product}", description: "Product texts normalised to ingredients, by outcome");

    /// <summary>Events consumed, by <c>event.type</c> and <c>outcome</c> (applied, duplicate, stale, invalid).</summary>
    public static readonly Counter<long> EventsConsumed = Meter.CreateCounter<long>(
        "regimen_monitor.events.consumed", unit: "{event}", description: "Events consumed, by event type and outcome");

    /// <summary>Wall time of one regimen evaluation (normalisation of new items + rule engine), in seconds.</summary>
    public static readonly Histogram<double> EvaluationDuration = Meter.CreateHistogram(
        "regimen_monitor.evaluation.duration", unit: "s", description: "Duration of one regimen evaluation",
        advice: new InstrumentAdvice<double>
        {
            HistogramBucketBoundaries = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
        });

    /// <summary>Findings opened, escalated or resolved, by <c>concern</c>, <c>severity</c> and <c>change</c>.</summary>
    public static readonly Counter<long> FindingsChanged = Meter.CreateCounter<long>(
        "regimen_monitor.findings.changed", unit: "{finding}", description: "Findings opened, escalated or resolved, by concern and severity");

    /// <summary>
    /// Patients whose live items a group looked up in the worker's item cache (Regimens/LiveItemCache), by
    /// <c>result</c>: <c>hit</c> (not read from the database) or <c>miss</c>.
    /// </summary>
    public static readonly Counter<long> ItemCacheLookups = Meter.CreateCounter<long>(
        "regimen_monitor.item_cache.lookups", unit: "{patient}", description: "Patients whose live items were looked up in the item cache, by result");

    public static class Outcomes
    {
        public const string Applied = "applied";
        public const string Duplicate = "duplicate";
        public const string Stale = "stale";
        public const string Invalid = "invalid";

        /// <summary>A FHIR dispense not yet handed over, or a statement of intent: acknowledged, nothing changed.</summary>
        public const string NotOnHand = "not-on-hand";
    }

    public static class Changes
    {
        public const string Opened = "opened";
        public const string Escalated = "escalated";
        public const string Resolved = "resolved";
        public const string Lowered = "lowered";
        public const string Superseded = "superseded";
        public const string Reinstated = "reinstated";
        public const string Updated = "updated";

        /// <summary>
        /// A resolution an earlier change of the same group counted under <see cref="Resolved"/> but that was never
        /// written or sent: the finding was found again before the group committed (resolved minus this is what was sent).
        /// </summary>
        public const string ResolutionWithdrawn = "resolution_withdrawn";
    }

    /// <summary>Counts one consumed event.</summary>
    public static void RecordConsumed(string eventType, string outcome) =>
        EventsConsumed.Add(1, new KeyValuePair<string, object?>("event.type", eventType), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Counts product texts normalised to ingredients, by outcome.</summary>
    public static void RecordProductsNormalised(int recognised, int unrecognised)
    {
        if (recognised > 0)
        {
            ProductsNormalised.Add(recognised, new KeyValuePair<string, object?>("outcome", "recognised"));
        }

        if (unrecognised > 0)
        {
            ProductsNormalised.Add(unrecognised, new KeyValuePair<string, object?>("outcome", "unrecognised"));
        }
    }

    /// <summary>Counts one finding change; <paramref name="concern"/> and <paramref name="severity"/> are wire names.</summary>
    public static void RecordFindingsChanged(string concern, string severity, string change, long count = 1)
    {
        if (count > 0)
        {
            FindingsChanged.Add(count,
                new KeyValuePair<string, object?>("concern", concern),
                new KeyValuePair<string, object?>("severity", severity),
                new KeyValuePair<string, object?>("change", change));
        }
    }

    /// <summary>True when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (and <c>OTEL_SDK_DISABLED</c> is not true).</summary>
    public static bool ExportEnabled(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"])
            && !string.Equals(configuration["OTEL_SDK_DISABLED"]?.Trim(), "true", StringComparison.OrdinalIgnoreCase);
    }

#pragma warning disable CS0618 // Format is obsolete, but a configuration may still set it (Logging:Console:Format=Systemd)
    private static string LegacyFormatter(ConsoleLoggerOptions options) =>
        options.Format == ConsoleLoggerFormat.Systemd ? ConsoleFormatterNames.Systemd : ConsoleFormatterNames.Simple;
#pragma warning restore CS0618

    public static void AddRegimenMonitorTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // Console logs carry the current trace and span ids (as a scope) so a log line leads to its trace: with the
        // default formatter and with Logging__Console__FormatterName=json.
        services.Configure<LoggerFactoryOptions>(o =>
            o.ActivityTrackingOptions |= ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        services.Configure<SimpleConsoleFormatterOptions>(o => o.IncludeScopes = true);
        services.Configure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);
        // with no Logging:Console:FormatterName, the console provider copies its legacy options (IncludeScopes false)
        // over the formatter's, undoing the line above: name the formatter the legacy Format chose (found by a newcomer
        // probe: no trace id on any console line with the shipped appsettings.json)
        services.PostConfigure<ConsoleLoggerOptions>(o => o.FormatterName ??= LegacyFormatter(o));

        services.AddOptions<OtlpExportOptions>()
            .Configure(o =>
            {
                var read = OtlpExportOptions.From(configuration);
                o.Endpoint = read.Endpoint;
                o.Protocol = read.Protocol;
                o.Headers = read.Headers;
                o.MetricExportInterval = read.MetricExportInterval;
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<OtlpExportOptions>, OtlpExportOptionsValidator>();
        services.AddReceiveObserver<RejectedEventObserver>();

        if (!ExportEnabled(configuration))
        {
            return;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(ConfigureResource)
            .WithTracing(tracing => tracing
                .AddSource(Sources)
                .AddNpgsql()
                .AddProcessor(new TransportIdRedaction()) // before the exporter, which runs at the end of the span too
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics
                .AddMeter(Meters)
                .AddNpgsqlInstrumentation()
                .AddRuntimeInstrumentation()
                .AddOtlpExporter())
            // Scopes stay out of the export: trace and span ids travel in every log record anyway.
            .WithLogging(logging => logging.AddOtlpExporter(), options =>
            {
                options.IncludeFormattedMessage = true;
                options.IncludeScopes = false;
            });

        services.AddHostedService<TelemetryFlush>();
    }

    /// <summary>service.name defaults to regimen-monitor; OTEL_SERVICE_NAME and OTEL_RESOURCE_ATTRIBUTES win.</summary>
    private static void ConfigureResource(ResourceBuilder resource) => resource
        .AddService(DefaultServiceName, serviceVersion: typeof(Telemetry).Assembly.GetName().Version?.ToString())
        .AddEnvironmentVariableDetector();

    /// <summary>Flushes the host's providers when it stops (disposal at the end flushes too, but later and silently).</summary>
    private sealed class TelemetryFlush(TracerProvider tracer, MeterProvider meter, LoggerProvider logger) : IHostedService
    {
        private const int FlushTimeoutMilliseconds = 5000;

        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            // Registered ahead of the bus, so this runs after the bus has stopped: nothing is left in flight.
            tracer.ForceFlush(FlushTimeoutMilliseconds);
            meter.ForceFlush(FlushTimeoutMilliseconds);
            logger.ForceFlush(FlushTimeoutMilliseconds);
            return Task.CompletedTask;
        }
    }
}
