using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>
/// The README's JSON as a reader copies it: its <c>```json</c> blocks, and the payloads its <c>curl</c> examples publish
/// (JSON in a JSON string, with the shell's variables filled in as the README sets them). "The README" is the front
/// page and the reference pages its sections moved to (<see cref="Files"/>), read as one text.
/// </summary>
internal static partial class ReadmeJson
{
    /// <summary>README.md and the pages of docs/ that hold what it used to: configuration, contract, operations, …</summary>
    public static IReadOnlyList<string> Files { get; } =
        ["README.md", "docs/contract.md", "docs/configuration.md", "docs/operations.md", "docs/troubleshooting.md", "docs/coverage.md"];

    public static string Readme { get; } =
        string.Join("\n", Files.Select(f => File.ReadAllText(RepositoryFiles.Path(f.Split('/')))));

    /// <summary>The text of every <c>```json</c> block.</summary>
    public static List<string> Blocks() => [.. JsonBlock().Matches(Readme).Select(m => m.Groups[1].Value)];

    /// <summary>
    /// Every <c>"payload"</c> a <c>curl</c> example publishes, unescaped (inside the single-quoted shell argument an
    /// apostrophe is written <c>'"'"'</c>, and a shell variable <c>'$NAME'</c>).
    /// </summary>
    public static List<string> Payloads() =>
    [
        .. Payload().Matches(Readme)
            .Select(m => ShellVariable().Replace(m.Groups[1].Value, v => ShellValue(v.Groups[1].Value)))
            .Select(p => JsonSerializer.Deserialize<string>("\"" + p.Replace("'\"'\"'", "'", StringComparison.Ordinal) + "\"")!),
    ];

    /// <summary>What the README's shell sets a variable it splices into a payload to.</summary>
    private static string ShellValue(string name) => name switch
    {
        "EVENT_ID" or "ALERT_ID" => Guid.NewGuid().ToString(),
        "ACKNOWLEDGED_AT" or "NOW" => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        _ => throw new Xunit.Sdk.XunitException($"the README splices an unknown shell variable into a payload: ${name}"),
    };

    [GeneratedRegex("```json\\n(.*?)\\n```", RegexOptions.Singleline)]
    private static partial Regex JsonBlock();

    [GeneratedRegex("\"payload\": \"((?:'\"'\"'|[^\"\\\\]|\\\\.)*)\"")]
    private static partial Regex Payload();

    [GeneratedRegex(@"'\$([A-Z_]+)'")]
    private static partial Regex ShellVariable();
}
