using System.CommandLine.Parsing;
using System.Runtime.InteropServices;
using RegimenMonitor.Worker.Infrastructure.Runtime;

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

    /// <summary>
    /// The parser of a file that may be standard input: <c>-</c> is <c>/dev/stdin</c>, as for most tools (evaluate,
    /// which reads its file once; replay reads it twice, and the terminology files are far too large for a pipe).
    /// </summary>
    public static FileInfo? ParseFileOrStandardInput(ArgumentResult result) =>
        result.Tokens is [{ Value: StandardInputName }] && !OperatingSystem.IsWindows() ? new FileInfo(StandardInput) : ParseFile(result);

    /// <summary>The name that stands for standard input (<see cref="ParseFileOrStandardInput"/>).</summary>
    public const string StandardInputName = "-";

    internal const string StandardInput = "/dev/stdin";

    /// <summary>The parser of a folder option: an empty name is refused in our words.</summary>
    public static DirectoryInfo? ParseDirectory(ArgumentResult result) =>
        Name(result, "folder") is { } name ? new DirectoryInfo(name) : null;

    /// <summary>The path of <paramref name="file"/> as the user gave it (<c>/dev/null</c>, <c>feeds/today.ndjson</c>), not only its name, <see cref="Shown"/>.</summary>
    public static string Given(FileInfo file)
    {
        ArgumentNullException.ThrowIfNull(file);
        // FileInfo.ToString is the path it was created with; '-' (or /dev/stdin given as such) is named as what it is
        // (a newcomer probe: "/dev/stdin holds no events" for a '-' the user typed)
        var path = file.ToString();
        return path == StandardInput ? "standard input" : Shown(path);
    }

    /// <summary>
    /// A file or folder name as a message shows it: each control character (C0, DEL, C1), line or paragraph separator
    /// and bidirectional control written as <c>\uXXXX</c> (a backslash is left as it is), so a
    /// crafted name cannot carry a terminal escape sequence or reorder the line it is printed on (found by an
    /// independent edge probe: <c>file not found: x\x01y</c> was printed raw). Every message that names a path the
    /// user gave, or the current folder, takes it from here.
    /// </summary>
    public static string Shown(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!name.Any(Escaped))
        {
            return name;
        }

        var shown = new System.Text.StringBuilder(name.Length + 16);
        foreach (var c in name)
        {
            if (Escaped(c))
            {
                shown.Append(System.Globalization.CultureInfo.InvariantCulture, $"\\u{(int)c:X4}");
            }
            else
            {
                shown.Append(c);
            }
        }

        return shown.ToString();
    }

    /// <summary>
    /// A message of one or more lines as the command line prints it: each line as <see cref="Shown"/> writes a name, so
    /// a value the user gave that a message repeats (a misspelt verb, a --format value, a configuration key or value)
    /// cannot carry a terminal escape sequence or hide a character: <c>'3\x1b'</c> read as <c>'3'</c> (found by an
    /// independent edge probe: only file names and unknown options were escaped).
    /// </summary>
    public static string ShownLines(string message)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message.Contains('\n', StringComparison.Ordinal) ? string.Join('\n', message.Split('\n').Select(Shown)) : Shown(message);
    }

    private static bool Escaped(char c) =>
        char.IsControl(c) || c is '\u2028' or '\u2029' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069') or '\u200E' or '\u200F' or '\u061C';

    /// <summary>Why <paramref name="file"/> cannot be read, as a cause and a fix, or null. <paramref name="option"/> names the option that gave it.</summary>
    public static CliException? Problem(FileInfo file, string? option = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        var given = option is null ? Shown(file.FullName) : $"{option} {Shown(file.FullName)}";
        if (Directory.Exists(file.FullName))
        {
            return new CliException($"{given} is a directory, not a file.", "give the path of the file itself.", ExitCodes.Usage);
        }

        if (!file.Exists)
        {
            // a folder on the way that this user may not search hides the file: that is permission, not absence
            return HiddenByFolder(file) ? Unreadable(given) : NotFound(given);
        }

        if (file.LinkTarget is { } link)
        {
            try
            {
                // /dev/stdin and /dev/fd/N lead to "pipe:[…]", a name the kernel resolves although it is no path
                if (file.ResolveLinkTarget(returnFinalTarget: true) is not { Exists: true } && !Exists(file.FullName))
                {
                    return new CliException($"file not found: {given} (a symbolic link to {Shown(link)}, which does not exist)",
                        "point the link at the file, or give the file's own path.", ExitCodes.Usage);
                }
            }
            catch (IOException)
            {
                return new CliException($"cannot read {given}: its symbolic links lead in a circle.", "give the file's own path.", ExitCodes.Usage);
            }
        }

        return !Readable(file.FullName) ? Unreadable(given)
            : Utf16(file) is { } how ? new CliException($"{given} is UTF-16 ({how}); input files are read as UTF-8 only.", "save it as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8), then run again.", ExitCodes.Usage)
            : null;
    }

    /// <summary>
    /// How the start of <paramref name="file"/> shows it is UTF-16 (a UTF-16 byte order mark, or a NUL in every other
    /// byte: ASCII text saved as UTF-16 without one), or null. Read as UTF-8, such a file is one error for its first line
    /// and another for each line after (found by an edge probe). Only a file with a size is read: a pipe, a FIFO or a
    /// device has none, and opening one here would consume or wait for what the verb is to read.
    /// </summary>
    internal static string? Utf16(FileInfo file)
    {
        if (ContentLength(file) < 2)
        {
            return null;
        }

        Span<byte> start = stackalloc byte[64];
        int read;
        try
        {
            using var stream = new FileStream(file.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            read = stream.ReadAtLeast(start, start.Length, throwOnEndOfStream: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // the verb's own read says what is wrong
        }

        start = start[..(read & ~1)];
        if (start.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || start.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return $"it starts with the UTF-16 byte order mark {start[0]:X2} {start[1]:X2}";
        }

        return start.Length >= 4 && (EveryOtherIsNul(start, 1) || EveryOtherIsNul(start, 0))
            ? "every other byte of its start is NUL, as in UTF-16 text"
            : null;
    }

    // every byte at an odd (first = 1) or even (first = 0) offset is NUL, and no other one is
    private static bool EveryOtherIsNul(ReadOnlySpan<byte> bytes, int first)
    {
        for (var i = 0; i < bytes.Length; i++)
        {
            if ((bytes[i] == 0) != (i % 2 == first))
            {
                return false;
            }
        }

        return true;
    }

    private static CliException NotFound(string given) =>
        new($"file not found: {given}",
            Path.GetFileName(given) == StandardInputName
                ? "give the path of a file ('-' alone stands for standard input for evaluate only, which reads its input once; replay reads a pipe as /dev/stdin: … | regimen-monitor replay /dev/stdin)."
                : $"check the path (a relative path is taken from {Shown(Environment.CurrentDirectory)}).",
            ExitCodes.Usage);

    // the nearest existing folder above the file cannot be listed, or lists the name it cannot reach
    private static bool HiddenByFolder(FileInfo file)
    {
        var folder = file.Directory;
        var name = file.Name;
        while (folder is not null && !folder.Exists)
        {
            name = folder.Name;
            folder = folder.Parent;
        }

        if (folder is null)
        {
            return false;
        }

        try
        {
            return folder.EnumerateFileSystemInfos(name).Any();
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    /// <summary>Why the folder cannot be listed, or null.</summary>
    public static CliException? Problem(DirectoryInfo folder, string option)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (File.Exists(folder.FullName))
        {
            return new CliException($"{option} {Shown(folder.FullName)} is a file, not a folder.", $"give {option} the folder that holds the *.ndjson files.", ExitCodes.Usage);
        }

        if (!folder.Exists)
        {
            return new CliException($"{option} {Shown(folder.FullName)}: no such folder.", $"check the path (a relative path is taken from {Shown(Environment.CurrentDirectory)}).", ExitCodes.Usage);
        }

        try
        {
            _ = folder.EnumerateFileSystemInfos().Any();
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return Unreadable($"{option} {Shown(folder.FullName)}");
        }
    }

    private static CliException Unreadable(string given) =>
        new($"cannot read {given}: permission denied.", "give this user read permission (e.g. chmod o+r on a file, o+rx on a folder), or run as a user who may read it.", ExitCodes.Usage);

    /// <summary>
    /// The size of what <paramref name="file"/> holds, following symbolic links: 0 for a pipe, a FIFO or a device (their
    /// size is not their content), so nothing is read twice (a line count before the read would consume a pipe).
    /// </summary>
    public static long ContentLength(FileInfo file)
    {
        ArgumentNullException.ThrowIfNull(file);
        try
        {
            var target = file.LinkTarget is null ? file : file.ResolveLinkTarget(returnFinalTarget: true) as FileInfo;
            return target is { Exists: true } ? target.Length : 0;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    /// <summary>Whether <paramref name="file"/> is a regular file (<see cref="FileFacts.IsRegularFile"/>).</summary>
    public static bool? IsRegularFile(FileInfo file) => FileFacts.IsRegularFile(file);

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> are one file (<see cref="FileFacts.SameFile"/>).</summary>
    public static bool SameFile(string a, string b) => FileFacts.SameFile(a, b);

    // Asked of the system, not by opening the file: opening a FIFO waits for its writer, and the verb's own open would
    // then find the writer gone (the pipe read twice, or never).
    private static bool Readable(string path)
    {
        if (!OperatingSystem.IsWindows())
        {
            return Access(path, ReadOk);
        }

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

    private static bool Exists(string path) => !OperatingSystem.IsWindows() && Access(path, ExistsOk);

    private const int ExistsOk = 0; // F_OK

    private const int ReadOk = 4; // R_OK

    private static bool Access(string path, int mode)
    {
        var name = Marshal.StringToCoTaskMemUTF8(path);
        try
        {
            return PosixAccess(name, mode) == 0;
        }
        finally
        {
            Marshal.FreeCoTaskMem(name);
        }
    }

    // a plain (blittable) signature, as NativeMemoryTrimmer's: no marshalling code, no unsafe code
    [DllImport("libc", EntryPoint = "access", ExactSpelling = true)]
    private static extern int PosixAccess(IntPtr path, int mode);

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
