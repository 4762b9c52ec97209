using System.Globalization;

namespace RegimenMonitor.LoadDriver.Measurement;

/// <summary>Reads Linux /proc: a process's memory (VmRSS, VmHWM) and CPU time, the machine's CPU time and memory.</summary>
internal static class ProcFs
{
    /// <summary>Clock ticks per second of /proc/*/stat (USER_HZ; 100 on every Linux build we run on).</summary>
    private const double TicksPerSecond = 100;

    /// <summary>Resident set and its high-water mark, in KiB; null when the process is gone.</summary>
    public static (long RssKb, long HwmKb)? Memory(int pid)
    {
        try
        {
            long rss = 0, hwm = 0;
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kilobytes(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = Kilobytes(line);
                }
            }

            return (rss, hwm);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>User + system CPU seconds of a process; null when it is gone.</summary>
    public static double? CpuSeconds(int pid)
    {
        try
        {
            return CpuSecondsOf(File.ReadAllText($"/proc/{pid}/stat"));
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>CPU seconds of each thread (by thread id) of a process whose name starts with <paramref name="threadNamePrefix"/>.</summary>
    public static Dictionary<int, double> ThreadCpuSeconds(int pid, string threadNamePrefix)
    {
        var threads = new Dictionary<int, double>();
        try
        {
            foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
            {
                try
                {
                    if (int.TryParse(Path.GetFileName(task), NumberStyles.None, CultureInfo.InvariantCulture, out var tid)
                        && File.ReadAllText(Path.Combine(task, "comm")).StartsWith(threadNamePrefix, StringComparison.Ordinal)
                        && CpuSecondsOf(File.ReadAllText(Path.Combine(task, "stat"))) is { } seconds)
                    {
                        threads[tid] = seconds;
                    }
                }
                catch (IOException)
                {
                    // the thread ended meanwhile
                }
            }
        }
        catch (IOException)
        {
            // the process is gone
        }
        catch (UnauthorizedAccessException)
        {
            // not ours to read
        }

        return threads;
    }

    /// <summary>Process ids whose command name (/proc/pid/comm) is <paramref name="name"/>.</summary>
    public static IReadOnlyList<int> PidsNamed(string name)
    {
        var pids = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (File.ReadAllText(Path.Combine(directory, "comm")).Trim() == name)
                {
                    pids.Add(pid);
                }
            }
            catch (IOException)
            {
                // gone meanwhile
            }
            catch (UnauthorizedAccessException)
            {
                // not ours to read
            }
        }

        return pids;
    }

    private static double? CpuSecondsOf(string stat)
    {
        // the command name is in parentheses and may contain spaces: fields start after the last ')'
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // fields[0] is field 3 (state); utime and stime are fields 14 and 15
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / TicksPerSecond;
    }

    /// <summary>Machine CPU time from /proc/stat: (busy, total) in seconds, summed over all cores.</summary>
    public static (double Busy, double Total) MachineCpu()
    {
        var first = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var values = first.Skip(1).Take(8).Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        var total = values.Sum();
        var idle = values[3] + values[4]; // idle + iowait
        return ((total - idle) / TicksPerSecond, total / TicksPerSecond);
    }

    public static long MemTotalKb() =>
        File.ReadLines("/proc/meminfo").Where(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)).Select(Kilobytes).FirstOrDefault();

    public static string LoadAverage() => File.ReadAllText("/proc/loadavg").Trim();

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
}
