using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Logs;
using RegimenMonitor.Worker.Infrastructure.Configuration;

namespace RegimenMonitor.Worker.Hosting;

/// <summary>
/// The keys under <c>Logging</c> that this host's logging reads, so a misspelt one is refused like a misspelt key of
/// our own sections: <c>Logging:LogLevel:&lt;category&gt;</c>, <c>Logging:CaptureScopes</c>,
/// <c>Logging:&lt;provider&gt;:LogLevel:&lt;category&gt;</c> for the providers the host registers (Console, Debug and
/// EventSource from the .NET host, EventLog on Windows only, OpenTelemetry when export is enabled; by alias or by the
/// provider's full type name, as the logging filter accepts both), the console logger's options
/// (<c>Logging:Console:FormatterName</c>, <c>Logging:Console:FormatterOptions:…</c>, …) and the OpenTelemetry logger's
/// (<c>Logging:OpenTelemetry:IncludeFormattedMessage</c>, …). A category is any name.
/// </summary>
internal static class LoggingKeys
{
    /// <summary>What to write instead when no known key is close enough to suggest.</summary>
    public const string Shapes = "log levels are Logging:LogLevel:<category> or Logging:<Console|Debug|EventSource|OpenTelemetry>:LogLevel:<category>, "
        + "console options Logging:Console:<option> (docs/operations.md, Logs)";

    private const string Section = "Logging";
    private const string LogLevel = "LogLevel";
    private const string FormatterOptions = "FormatterOptions";
    private const string JsonWriterOptions = "JsonWriterOptions";

    private static readonly string[] ProviderAliases = OperatingSystem.IsWindows()
        ? ["Console", "Debug", "EventSource", "EventLog", "OpenTelemetry"]
        : ["Console", "Debug", "EventSource", "OpenTelemetry"];

    private static readonly string[] ProviderTypeNames =
    [
        "Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider", "Microsoft.Extensions.Logging.Debug.DebugLoggerProvider",
        "Microsoft.Extensions.Logging.EventSource.EventSourceLoggerProvider", "OpenTelemetry.Logs.OpenTelemetryLoggerProvider",
        .. OperatingSystem.IsWindows() ? ["Microsoft.Extensions.Logging.EventLog.EventLogLoggerProvider"] : Array.Empty<string>(),
    ];

    private static readonly string[] ConsoleOptions = Names(typeof(ConsoleLoggerOptions));
    private static readonly string[] ConsoleFormatterOptions =
        [.. Names(typeof(SimpleConsoleFormatterOptions)).Union(Names(typeof(JsonConsoleFormatterOptions)), StringComparer.OrdinalIgnoreCase)];
    private static readonly string[] JsonWriterOptionNames = Names(typeof(JsonWriterOptions));
    private static readonly string[] OpenTelemetryOptions = Names(typeof(OpenTelemetryLoggerOptions));

    /// <summary>True when <paramref name="key"/> (which starts with <c>Logging</c>) is a key this host's logging reads.</summary>
    public static bool IsKnown(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = key.Split(':');
        if (!parts[0].Equals(Section, StringComparison.OrdinalIgnoreCase) || parts.Any(p => p.Length == 0))
        {
            return false;
        }

        return parts.Length switch
        {
            2 => Is(parts[1], "CaptureScopes"),
            3 when Is(parts[1], LogLevel) => true,
            3 when IsConsole(parts[1]) => In(parts[2], ConsoleOptions),
            3 when IsOpenTelemetry(parts[1]) => In(parts[2], OpenTelemetryOptions),
            4 when Is(parts[2], LogLevel) => In(parts[1], ProviderAliases) || In(parts[1], ProviderTypeNames),
            4 when IsConsole(parts[1]) && Is(parts[2], FormatterOptions) => In(parts[3], ConsoleFormatterOptions),
            5 when IsConsole(parts[1]) && Is(parts[2], FormatterOptions) && Is(parts[3], JsonWriterOptions) => In(parts[4], JsonWriterOptionNames),
            _ => false,
        };
    }

    /// <summary>
    /// The known key <paramref name="key"/> most likely meant, or null: the key without its empty parts when that is
    /// known; a level without its category (<c>Logging:Console:LogLevel</c>) means the category <c>Default</c>;
    /// otherwise the closest known key, never the key itself.
    /// </summary>
    public static string? Suggestion(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        // an empty part ("Logging__LogLevel__", "Logging::LogLevel:Default") is left out: the suggestion was once the
        // key's own spelling (found by an independent edge probe: "did you mean Logging:LogLevel:?")
        var written = string.Join(':', key.Split(':').Where(p => p.Length > 0));
        var suggestion = IsKnown(written)
            ? written
            : Is(written.Split(':')[^1], LogLevel) && IsKnown(written + ":Default")
                ? written + ":Default"
                : Suggestions.Closest(written, Candidates(written));
        return suggestion is null || suggestion.Equals(key, StringComparison.OrdinalIgnoreCase) ? null : suggestion;
    }

    // the known keys a misspelling of the key may have meant (with its category, if it has one)
    private static IEnumerable<string> Candidates(string key)
    {
        var last = key.Split(':')[^1];
        var category = key.Count(c => c == ':') >= 2 && !Is(last, LogLevel) ? last : "Default";
        yield return $"{Section}:{LogLevel}:{category}";
        yield return $"{Section}:CaptureScopes";
        foreach (var provider in ProviderAliases)
        {
            yield return $"{Section}:{provider}:{LogLevel}:{category}";
        }

        foreach (var option in ConsoleOptions)
        {
            yield return $"{Section}:Console:{option}";
        }

        foreach (var option in ConsoleFormatterOptions)
        {
            yield return $"{Section}:Console:{FormatterOptions}:{option}";
        }

        foreach (var option in OpenTelemetryOptions)
        {
            yield return $"{Section}:OpenTelemetry:{option}";
        }
    }

    private static bool IsConsole(string provider) => Is(provider, "Console") || Is(provider, ProviderTypeNames[0]);

    private static bool IsOpenTelemetry(string provider) => Is(provider, "OpenTelemetry") || Is(provider, ProviderTypeNames[3]);

    private static bool Is(string part, string name) => part.Equals(name, StringComparison.OrdinalIgnoreCase);

    private static bool In(string part, string[] names) => names.Contains(part, StringComparer.OrdinalIgnoreCase);

    private static string[] Names(Type options) =>
        [.. options.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name)];
}
