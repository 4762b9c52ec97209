using System.Runtime.InteropServices;

namespace RegimenMonitor.Worker.Infrastructure.Runtime;

/// <summary>
/// What the system says of a path without opening it (<c>statx</c>): whether it is a regular file, whether two paths are
/// one file. Here, not in the CLI, since a capability's settings are checked with it too (<c>Terminology:Path</c>).
/// </summary>
internal static class FileFacts
{
    /// <summary>What a message says of a path <see cref="IsRegularFile"/> found to be no regular file, after the path.</summary>
    public const string NotRegularFile = "is not a regular file (a device, a named pipe or a socket)";

    /// <summary>
    /// Whether <paramref name="file"/> (links followed) is a regular file, which can be read twice; a pipe, a FIFO, a
    /// device or standard input (<c>/dev/stdin</c>, <c>&lt;(…)</c>) cannot: a first read takes what the second would
    /// have read (found by a newcomer: <c>replay</c> of a pipe published nothing and exited 0). Asked of the system
    /// (<c>statx</c>), as opening a FIFO would wait for its writer. False for a path that is not there; null where the
    /// system cannot say (not Linux, a C library without <c>statx</c>, a sandbox that refuses the call): the callers
    /// then go by what they can see (a file with content is regular).
    /// </summary>
    public static bool? IsRegularFile(FileInfo file)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var name = Marshal.StringToCoTaskMemUTF8(file.FullName);
        var buffer = Marshal.AllocHGlobal(StatxSize);
        try
        {
            if (Statx(AtCurrentDirectory, name, 0, StatxType, buffer) == 0)
            {
                // the same layout on every Linux architecture: stx_mode is the 16-bit field at byte 28
                return (Marshal.ReadInt16(buffer, 28) & FileTypeMask) == RegularFileType;
            }

            // not there, or not a path to anything; any other failure (EPERM from a seccomp filter, ENOSYS) says nothing
            return Marshal.GetLastPInvokeError() is NoSuchFile or NotADirectory or TooManyLinks ? false : null;
        }
        catch (EntryPointNotFoundException)
        {
            return null; // a C library without statx (glibc before 2.28)
        }
        finally
        {
            Marshal.FreeHGlobal(buffer);
            Marshal.FreeCoTaskMem(name);
        }
    }

    /// <summary>
    /// Whether <paramref name="a"/> and <paramref name="b"/> (links followed) are one file: the same device and inode
    /// (<c>statx</c>), so a symbolic link, a hard link or another spelling of the path is found; where the system cannot
    /// say, the same full path with every symbolic link resolved. False when either is not there.
    /// </summary>
    public static bool SameFile(string a, string b)
    {
        if (Identity(a) is { } first && Identity(b) is { } second)
        {
            return first == second;
        }

        return File.Exists(a) && File.Exists(b) && string.Equals(RealPath(a), RealPath(b), StringComparison.Ordinal);
    }

    // (device major, device minor, inode) of a path, links followed; null when not there or the system cannot say
    private static (uint, uint, ulong)? Identity(string path)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var name = Marshal.StringToCoTaskMemUTF8(Path.GetFullPath(path));
        var buffer = Marshal.AllocHGlobal(StatxSize);
        try
        {
            // stx_ino is the 64-bit field at byte 32, stx_dev_major and stx_dev_minor the 32-bit fields at 136 and 140
            return Statx(AtCurrentDirectory, name, 0, StatxIno, buffer) == 0
                ? ((uint)Marshal.ReadInt32(buffer, 136), (uint)Marshal.ReadInt32(buffer, 140), (ulong)Marshal.ReadInt64(buffer, 32))
                : null;
        }
        catch (EntryPointNotFoundException)
        {
            return null;
        }
        finally
        {
            Marshal.FreeHGlobal(buffer);
            Marshal.FreeCoTaskMem(name);
        }
    }

    // the full path with each symbolic link along it resolved (realpath), at most 40 links deep as Linux allows
    private static string RealPath(string path, int depth = 0)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? string.Empty;
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            if (depth < 40 && new FileInfo(current).LinkTarget is not null
                && new FileInfo(current).ResolveLinkTarget(returnFinalTarget: true) is { } target)
            {
                current = RealPath(target.FullName, depth + 1);
            }
        }

        return current;
    }

    private const uint StatxIno = 0x100; // STATX_INO

    private const int NoSuchFile = 2; // ENOENT

    private const int NotADirectory = 20; // ENOTDIR

    private const int TooManyLinks = 40; // ELOOP

    private const int AtCurrentDirectory = -100; // AT_FDCWD

    private const uint StatxType = 0x1; // STATX_TYPE

    private const int StatxSize = 256; // sizeof(struct statx)

    private const int FileTypeMask = 0xF000; // S_IFMT

    private const int RegularFileType = 0x8000; // S_IFREG

    [DllImport("libc", EntryPoint = "statx", ExactSpelling = true, SetLastError = true)]
    private static extern int Statx(int directory, IntPtr path, int flags, uint mask, IntPtr buffer);
}
