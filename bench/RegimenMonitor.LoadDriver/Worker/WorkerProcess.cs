using System.Diagnostics;
using RegimenMonitor.LoadDriver.Services;

namespace RegimenMonitor.LoadDriver.Worker;

/// <summary>
/// The built <c>regimen-monitor</c> running <c>run</c> as a separate process, configured only through environment
/// variables (inherited RegimenMonitor settings are removed first, so a run is reproducible). Its output goes to a log
/// file; <c>exec</c> keeps the process id, so /proc/&lt;pid&gt; is the worker itself.
/// </summary>
internal sealed class WorkerProcess : IAsyncDisposable
{
    private static readonly string[] InheritedPrefixes = ["ConnectionStrings__", "Messaging__", "Database__", "Regimen__", "OTEL_", "DOTNET_ENVIRONMENT", "ASPNETCORE_"];

    private readonly Process _process;

    private WorkerProcess(Process process, string logPath)
    {
        _process = process;
        LogPath = logPath;
    }

    public int Pid => _process.Id;

    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    public static WorkerProcess Start(string executable, IReadOnlyDictionary<string, string> environment, string logPath)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!File.Exists(executable))
        {
            throw new ServiceUnavailableException(
                $"the worker executable {executable} does not exist: build it first (`dotnet build RegimenMonitor.sln -c Release`) or pass --worker PATH.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(logPath))!);
        var isDll = executable.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(executable))!,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(isDll ? "exec dotnet \"$0\" run >\"$1\" 2>&1" : "exec \"$0\" run >\"$1\" 2>&1");
        start.ArgumentList.Add(Path.GetFullPath(executable));
        start.ArgumentList.Add(Path.GetFullPath(logPath));
        foreach (var key in start.Environment.Keys.Where(k => InheritedPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("the worker process did not start");
        return new WorkerProcess(process, logPath);
    }

    /// <summary>The last lines of the worker's log, for error messages.</summary>
    public string LogTail(int lines = 30)
    {
        try
        {
            using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n');
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    /// <summary>Asks the worker to stop (SIGTERM: the host drains in-flight messages), then kills it after the timeout.</summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        if (_process.HasExited)
        {
            return;
        }

        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            if (kill is not null)
            {
                await kill.WaitForExitAsync();
            }
        }

        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(30));
        _process.Dispose();
    }
}
