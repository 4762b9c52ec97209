using System.CommandLine.Parsing;

namespace RegimenMonitor.Worker.Cli;

/// <summary>
/// The files and folders the verbs read, checked before any work in the words of the README: an empty name, a
/// directory where a file belongs, a file that is missing or that this user may not read — each a usage error (exit 2)
/// with a fix, never the parser's type names or advice about the database.
/// </summary>
internal static class InputFiles
{
    /// <summary>The parser of a file argument or option: an empty name is refused in our words.</summary>
    public static FileInfo? ParseFile(ArgumentResult result) =>
        Name(result, "file") is { } name ? new FileInfo(name) : null;

    /// <summary>The parser of a folder option: an empty name is refused in our words.</summary>
    public static DirectoryInfo? ParseDirectory(ArgumentResult result) =>
        Name(result, "folder") is { } name ? new DirectoryInfo(name) : null;

    /// <summary>The path of <paramref name="file"/> as the user gave it (<c>/dev/null</c>, <c>feeds/today.ndjson</c>), not only its name.</summary>
    public static string Given(FileInfo file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.ToString(); // FileInfo.ToString is the path it was created with
    }

    /// <summary>Why <paramref name="file"/> cannot be read, as a cause and a fix, or null. <paramref name="option"/> names the option that gave it.</summary>
    public static CliException? Problem(FileInfo file, string? option = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var given = option is null ? file.FullName : $"{option} {file.FullName}";
        if (Directory.Exists(file.FullName))
        {
            return new CliException($"{given} is a directory, not a file.", "give the path of the file itself.", ExitCodes.Usage);
        }

        if (!file.Exists)
        {
            return new CliException($"file not found: {given}", $"check the path (a relative path is taken from {Environment.CurrentDirectory}).", ExitCodes.Usage);
        }

        return Readable(file.FullName) ? null : Unreadable(given);
    }

    /// <summary>Why the folder cannot be listed, or null.</summary>
    public static CliException? Problem(DirectoryInfo folder, string option)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (File.Exists(folder.FullName))
        {
            return new CliException($"{option} {folder.FullName} is a file, not a folder.", $"give {option} the folder that holds the *.ndjson files.", ExitCodes.Usage);
        }

        if (!folder.Exists)
        {
            return new CliException($"{option} {folder.FullName}: no such folder.", $"check the path (a relative path is taken from {Environment.CurrentDirectory}).", ExitCodes.Usage);
        }

        try
        {
            _ = folder.EnumerateFileSystemInfos().Any();
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return Unreadable($"{option} {folder.FullName}");
        }
    }

    private static CliException Unreadable(string given) =>
        new($"cannot read {given}: permission denied.", "give this user read permission (e.g. chmod o+r on a file, o+rx on a folder), or run as a user who may read it.", ExitCodes.Usage);

    private static bool Readable(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return true;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string? Name(ArgumentResult result, string noun)
    {
        var name = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
        if (name is null || name.Trim().Length > 0)
        {
            return name;
        }

        var what = result.Parent is OptionResult option ? $"given to {option.Option.Name} " : "";
        result.AddError($"The {noun} name {what}is empty (an unset shell variable?); give the path of the {noun}.");
        return null;
    }
}
