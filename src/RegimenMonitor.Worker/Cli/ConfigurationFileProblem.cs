using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Cli;

/// <summary>
/// An <c>appsettings.json</c> (or <c>appsettings.{Environment}.json</c>) the configuration could not load, or that is
/// not UTF-8 (<c>ConfigurationCheck.ThrowIfUnreadableFile</c>): what is wrong with it in one line, naming the file and, for a
/// JSON syntax error or a byte that is not UTF-8, the line and byte. The configuration library's own exception only says
/// "Failed to load configuration from file", with the parser's message two levels down.
/// </summary>
internal static partial class ConfigurationFileProblem
{
    /// <summary>The file and what is wrong with it, or null when <paramref name="chain"/> is no configuration file's failure.</summary>
    public static CliException? Explain(IReadOnlyList<Exception> chain, Exception ex)
    {
        ArgumentNullException.ThrowIfNull(chain);
        if (chain.OfType<InvalidDataException>().Select(e => FailedToLoad().Match(e.Message)).FirstOrDefault(m => m.Success) is not { } match)
        {
            return null;
        }

        var path = match.Groups["path"].Value;
        return new CliException($"the configuration file {path} {Problem(path, chain)}.",
            Directory.Exists(path)
                ? $"remove the directory {path} and put the shipped file in its place (without a file, the built-in defaults apply)."
                : $"correct {path} (one JSON object, saved as UTF-8, as the shipped appsettings.json), or put the shipped file back.",
            ExitCodes.Usage, ex);
    }

    private static string Problem(string path, IReadOnlyList<Exception> chain)
    {
        if (Directory.Exists(path))
        {
            return "is a directory, not a file";
        }

        byte[]? bytes = null;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // named by the parser's message below
        }

        if (bytes is not null)
        {
            if (bytes.Length >= 2 && ((bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF)))
            {
                return $"is not UTF-8: it starts with a UTF-16 byte order mark ({bytes[0]:X2} {bytes[1]:X2})";
            }

            if (EventContract.InvalidUtf8Offset(bytes) is { } offset)
            {
                // by line and byte, as a JSON syntax error is named (a Latin-1 "é" inside a string is where it is typed)
                var lineStart = Array.LastIndexOf(bytes, (byte)'\n', Math.Max(offset - 1, 0)) + 1;
                var line = bytes.AsSpan(0, offset).Count((byte)'\n') + 1;
                return $"is not valid UTF-8: line {line}, byte {offset - lineStart + 1} (0x{bytes[offset]:X2})";
            }

            if (Encoding.UTF8.GetString(bytes).Trim('\uFEFF', ' ', '\t', '\r', '\n').Length == 0)
            {
                return "is empty (it must hold a JSON object, at least {})";
            }
        }

        if (chain.OfType<JsonException>().FirstOrDefault() is { } json)
        {
            var reason = Position().Replace(json.Message, "").Trim().TrimEnd('.');
            return json.LineNumber is { } line && json.BytePositionInLine is { } position
                ? $"is not valid JSON: line {line + 1}, byte {position + 1}: {reason}"
                : $"is not valid JSON: {reason}";
        }

        // the parser's own refusals (a top-level array, a key twice) carry no JSON exception
        var inner = chain.SkipWhile(e => e is not InvalidDataException).Skip(1).FirstOrDefault();
        return inner is null ? "could not be read" : $"is not a configuration file: {inner.Message.TrimEnd('.')}";
    }

    [GeneratedRegex(@"Failed to load configuration from file '(?<path>.+)'\.?\s*$")]
    private static partial Regex FailedToLoad();

    [GeneratedRegex(@"\s*(Path: \S+ \| )?LineNumber: \d+ \| BytePositionInLine: \d+\.?")]
    private static partial Regex Position();
}
