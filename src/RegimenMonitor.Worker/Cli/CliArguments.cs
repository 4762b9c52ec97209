using System.Collections.Frozen;
using System.Text.RegularExpressions;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;

namespace RegimenMonitor.Worker.Cli;

/// <summary>
/// Separates configuration tokens (<c>--Section:Key=value</c>, <c>--Section__Key=value</c>, <c>--OTEL_NAME=value</c>)
/// from the verb's own arguments, and checks their keys against the settings that exist, so a typo in a key is a
/// usage error with a suggestion instead of a setting silently ignored.
/// </summary>
internal static partial class CliArguments
{
    private static readonly string[] ConnectionStrings = ["Database", "RabbitMq"];

    // read from the environment by the runtime, the host or OpenTelemetry, in whatever case they are written
    private static readonly string[] EnvironmentPrefixes = ["DOTNET_", "ASPNETCORE_", "COMPlus_", "OTEL_"];

    /// <summary>Part of the error for a configuration token without <c>=VALUE</c>.</summary>
    public const string NoValue = "has no value";

    public static (string[] CommandLine, string[] Configuration, IReadOnlyList<string> Errors) Split(IReadOnlyList<string> args)
    {
        var commandLine = new List<string>();
        var configuration = new List<string>();
        var errors = new List<string>();
        // keys match case-insensitively, ':' and '__' alike, as the configuration reads them
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            var token = args[i];
            if (token == "--")
            {
                commandLine.AddRange(args.Skip(i));
                break;
            }

            if (!token.StartsWith("--", StringComparison.Ordinal))
            {
                commandLine.Add(token);
                continue;
            }

            var equals = token.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? token[2..] : token[2..equals];
            var key = name.Replace("__", ":", StringComparison.Ordinal);
            if (!key.Contains(':', StringComparison.Ordinal) && !IsEnvironmentStyle(name))
            {
                commandLine.Add(token);
                continue;
            }

            if (equals < 0)
            {
                // never the next token: "--Regimen:DefaultDaysSupply events.ndjson" would take the file as the value
                errors.Add($"configuration token '{token}' {NoValue}; write --{name}=VALUE (one token, no space).");
                continue;
            }

            var value = token[(equals + 1)..];

            if (KeyProblem(key) is { } problem)
            {
                errors.Add(problem);
                continue;
            }

            if (!seen.Add(key))
            {
                // the last would win without a word, as an option given twice is refused
                errors.Add($"configuration key '{key}' is given twice on the command line; give it once.");
                continue;
            }

            configuration.Add($"--{key}={value}");
        }

        return ([.. commandLine], [.. configuration], errors);
    }

    /// <summary>Null when the key names a setting this program reads; otherwise the problem and a suggestion.</summary>
    internal static string? KeyProblem(string key)
    {
        if (IsEnvironmentStyle(key))
        {
            return OtelKeyProblem(key);
        }

        var parts = key.Split(':');
        var section = parts[0];
        if (section.Equals("Logging", StringComparison.OrdinalIgnoreCase))
        {
            return LoggingKeys.IsKnown(key)
                ? null
                : LoggingKeys.Suggestion(key) is { } suggestion
                    ? $"unknown configuration key '{key}'; did you mean {suggestion}?"
                    : $"unknown configuration key '{key}'; {LoggingKeys.Shapes}.";
        }

        if (section.Equals("ConnectionStrings", StringComparison.OrdinalIgnoreCase))
        {
            return parts.Length == 2 && ConnectionStrings.Contains(parts[1], StringComparer.OrdinalIgnoreCase)
                ? null
                : Unknown(key, ConnectionStrings.Select(c => "ConnectionStrings:" + c));
        }

        var known = ConfigurationCheck.Sections.FirstOrDefault(s => s.Section.Equals(section, StringComparison.OrdinalIgnoreCase));
        var everyKey = ConfigurationCheck.Sections
            .SelectMany(s => ConfigurationCheck.SettableProperties(s.Type).Select(p => s.Section + ":" + p.Name))
            .Concat(ConnectionStrings.Select(c => "ConnectionStrings:" + c))
            .ToList();
        if (known.Type is null)
        {
            return Unknown(key, everyKey);
        }

        return parts.Length == 2 && ConfigurationCheck.SettableProperties(known.Type).Any(p => p.Name.Equals(parts[1], StringComparison.OrdinalIgnoreCase))
            ? null
            : Unknown(key, everyKey);
    }

    /// <summary>
    /// The OpenTelemetry SDK's standard variables this program's exporter and SDK read (OTLP endpoint, protocol,
    /// headers, timeouts per signal; resource; batch and metric export; limits; sampler). A name like these that is
    /// none of them is a typo, and any other variable-style name (DOTNET_*, ASPNETCORE_*) is read by the runtime or the
    /// host only from the environment, never from the command line.
    /// </summary>
    internal static readonly FrozenSet<string> OtelVariables = BuildOtelVariables();

    private static FrozenSet<string> BuildOtelVariables()
    {
        var names = new List<string>
        {
            "OTEL_SDK_DISABLED", "OTEL_SERVICE_NAME", "OTEL_RESOURCE_ATTRIBUTES",
            "OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE", "OTEL_EXPORTER_OTLP_CERTIFICATE",
            "OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE", "OTEL_EXPORTER_OTLP_CLIENT_KEY",
            "OTEL_BSP_SCHEDULE_DELAY", "OTEL_BSP_EXPORT_TIMEOUT", "OTEL_BSP_MAX_QUEUE_SIZE", "OTEL_BSP_MAX_EXPORT_BATCH_SIZE",
            "OTEL_BLRP_SCHEDULE_DELAY", "OTEL_BLRP_EXPORT_TIMEOUT", "OTEL_BLRP_MAX_QUEUE_SIZE", "OTEL_BLRP_MAX_EXPORT_BATCH_SIZE",
            "OTEL_METRIC_EXPORT_INTERVAL", "OTEL_METRIC_EXPORT_TIMEOUT", "OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG",
            "OTEL_ATTRIBUTE_VALUE_LENGTH_LIMIT", "OTEL_ATTRIBUTE_COUNT_LIMIT", "OTEL_SPAN_ATTRIBUTE_VALUE_LENGTH_LIMIT",
            "OTEL_SPAN_ATTRIBUTE_COUNT_LIMIT", "OTEL_SPAN_EVENT_COUNT_LIMIT", "OTEL_SPAN_LINK_COUNT_LIMIT",
            "OTEL_EVENT_ATTRIBUTE_COUNT_LIMIT", "OTEL_LINK_ATTRIBUTE_COUNT_LIMIT",
            "OTEL_LOGRECORD_ATTRIBUTE_VALUE_LENGTH_LIMIT", "OTEL_LOGRECORD_ATTRIBUTE_COUNT_LIMIT",
        };
        foreach (var signal in new[] { "", "TRACES_", "METRICS_", "LOGS_" })
        {
            foreach (var setting in new[] { "ENDPOINT", "HEADERS", "TIMEOUT", "PROTOCOL" })
            {
                names.Add($"OTEL_EXPORTER_OTLP_{signal}{setting}");
            }
        }

        return names.ToFrozenSet(StringComparer.Ordinal);
    }

    private static string? OtelKeyProblem(string key)
    {
        if (OtelVariables.Contains(key) || key.StartsWith("OTEL_DOTNET_EXPERIMENTAL_", StringComparison.Ordinal))
        {
            return null;
        }

        if (key.StartsWith("OTEL_", StringComparison.OrdinalIgnoreCase))
        {
            var suggestion = Suggestions.Closest(key, OtelVariables);
            return suggestion is null
                ? $"unknown OpenTelemetry variable '{key}'; this program reads the OpenTelemetry SDK's standard OTEL_ variables (docs/configuration.md)."
                : $"unknown OpenTelemetry variable '{key}'; did you mean {suggestion}?";
        }

        return $"'{key}' is an environment variable, which the runtime reads only from the environment, not from the command line; set it before the command: {key}=VALUE regimen-monitor ...";
    }

    private static string Unknown(string key, IEnumerable<string> candidates)
    {
        var suggestion = Suggestions.Closest(key, candidates);
        return suggestion is null
            ? $"unknown configuration key '{key}'; docs/configuration.md lists the keys."
            : $"unknown configuration key '{key}'; did you mean {suggestion}?";
    }

    /// <summary>
    /// True for a name written as an environment variable: one of the runtime's, the host's or OpenTelemetry's prefixes
    /// in any case (<c>DOTNET_gcServer</c>, <c>ComPlus_GCgen0size</c>, <c>aspnetcore_urls</c>), or a capitalised first
    /// word joined by underscores (<c>MY_SETTING</c>, <c>MY_Setting</c>).
    /// </summary>
    internal static bool IsEnvironmentStyle(string name) =>
        EnvironmentPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)) || EnvironmentStyle().IsMatch(name);

    [GeneratedRegex("^[A-Z][A-Z0-9]*(_[A-Za-z0-9]+)+$")]
    private static partial Regex EnvironmentStyle();
}
