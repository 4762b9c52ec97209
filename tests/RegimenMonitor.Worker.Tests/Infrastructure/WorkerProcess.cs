using System.Collections.Concurrent;
using System.Diagnostics;

namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>
/// The real worker executable (<c>regimen-monitor run</c>, built next to the tests' source) as a child process of the
/// test, configured through environment variables as a deployment would. <see cref="Kill"/> sends SIGKILL to this
/// process only: no shutdown hook runs, nothing is drained or flushed.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private WorkerProcess(Process process) => _process = process;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the process wrote, stack frames left out so the messages before them show (for a failure message).</summary>
    public string Tail => string.Join('\n', _output.Where(l => !l.TrimStart().StartsWith("at ", StringComparison.Ordinal)).TakeLast(120));

    public static WorkerProcess Start(string amqpUri, string postgres, IDictionary<string, string>? extra = null)
    {
        var dll = FindWorker();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "run" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__RabbitMq"] = amqpUri,
            ["ConnectionStrings__Database"] = postgres,
            ["Database__Provider"] = "PostgreSql",
            ["Messaging__RetryLimit"] = "20",
            ["Health__Urls"] = "http://127.0.0.1:0",
            ["Logging__LogLevel__Default"] = "Warning",
            ["OTEL_SDK_DISABLED"] = "true",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            environment[key] = value;
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var worker = new WorkerProcess(process);
        process.OutputDataReceived += (_, e) => worker.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => worker.Keep(e.Data);
        Assert.True(process.Start(), "the worker process did not start");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return worker;
    }

    /// <summary>
    /// Waits until the worker has bound its dispense queue (not merely declared it: a dispense published before the
    /// binding exists is dropped by the exchange).
    /// </summary>
    public async Task WaitUntilBoundAsync(RabbitMqTestBroker broker, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (await broker.GetQueueAsync("regimen-monitor.medication-dispensed", ct) is null || !await broker.RoutesAsync(Contracts.MedicationDispensed.ExchangeName, ct))
        {
            Assert.False(HasExited, "the worker exited during start-up:\n" + Tail);
            Assert.True(DateTime.UtcNow < deadline, "the worker never bound its queue:\n" + Tail);
            await Task.Delay(100, ct);
        }
    }

    /// <summary>SIGKILL, then wait until the process is gone.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    /// <summary>SIGTERM (as `docker stop` or systemd sends it); true when the process exited within <paramref name="timeout"/>.</summary>
    public bool Terminate(TimeSpan timeout, out int exitCode)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!)
        {
            kill.WaitForExit();
        }

        var exited = _process.WaitForExit(timeout);
        exitCode = exited ? _process.ExitCode : -1;
        return exited;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > 200 && _output.TryDequeue(out _))
        {
        }
    }

    private static string FindWorker()
    {
        // The test project references the worker, so its build output exists for this configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name; // bin/<Configuration>/<tfm>/
        var framework = new DirectoryInfo(AppContext.BaseDirectory).Name;
        var dll = RepositoryFiles.Path("src", "RegimenMonitor.Worker", "bin", configuration, framework, "regimen-monitor.dll");
        Assert.True(File.Exists(dll), $"the worker is not built at {dll}");
        return dll;
    }
}
