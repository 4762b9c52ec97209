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

    /// <summary>Part of the error for a configuration token without <c>=VALUE</c>.</summary>
    public const string NoValue = "has no value";

    public static (string[] CommandLine, string[] Configuration, IReadOnlyList<string> Errors) Split(IReadOnlyList<string> args)
    {
        var commandLine = new List<string>();
        var configuration = new List<string>();
        var errors = new List<string>();
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
            if (!key.Contains(':', StringComparison.Ordinal) && !EnvironmentStyle().IsMatch(name))
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

            configuration.Add($"--{key}={value}");
        }

        return ([.. commandLine], [.. configuration], errors);
    }

    /// <summary>Null when the key names a setting this program reads; otherwise the problem and a suggestion.</summary>
    internal static string? KeyProblem(string key)
    {
        if (EnvironmentStyle().IsMatch(key))
        {
            return null; // OTEL_*, DOTNET_*: standard variables read as they are
        }

        var parts = key.Split(':');
        var section = parts[0];
        if (section.Equals("Logging", StringComparison.OrdinalIgnoreCase))
        {
            return null;
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

    private static string Unknown(string key, IEnumerable<string> candidates)
    {
        var suggestion = Suggestions.Closest(key, candidates);
        return suggestion is null
            ? $"unknown configuration key '{key}'; the README's configuration table lists the keys."
            : $"unknown configuration key '{key}'; did you mean {suggestion}?";
    }

    [GeneratedRegex("^[A-Z][A-Z0-9]*(_[A-Z0-9]+)+$")]
    private static partial Regex EnvironmentStyle();
}
