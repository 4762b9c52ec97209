using System.Text.Json;
using System.Text.Json.Serialization;
using MassTransit.Serialization;

namespace RegimenMonitor.Worker.Infrastructure.Messaging;

/// <summary>
/// The one set of JSON rules for the wire contract: camelCase, case-insensitive reading, unknown properties
/// ignored, strict RFC 3339 timestamps. Used by the broker's deserializer and by the command-line verbs so that
/// <c>evaluate</c>, <c>replay</c> and the consumers never disagree.
/// </summary>
internal static class WireJson
{
    public static JsonSerializerOptions Options { get; } = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Indented { get; } = new(Options) { WriteIndented = true };

    private static int _massTransitConfigured;

    /// <summary>Applies the wire rules to MassTransit's shared serializer options (once per process).</summary>
    public static void ConfigureMassTransit()
    {
        if (Interlocked.Exchange(ref _massTransitConfigured, 1) == 0)
        {
            Configure(SystemTextJsonMessageSerializer.Options);
        }
    }

    private static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.PropertyNameCaseInsensitive = true;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        // Output is JSON for programs and terminals, never embedded in HTML: keep "+" and "'" readable.
        options.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
        options.Converters.Insert(0, new Rfc3339DateTimeOffsetConverter());
        options.Converters.Insert(0, new StrictGuidConverter());
        options.Converters.Insert(0, new NumberDecimalConverter());
        return options;
    }
}
