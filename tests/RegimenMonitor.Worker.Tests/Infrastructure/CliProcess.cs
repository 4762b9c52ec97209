using System.Diagnostics;

namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>
/// Runs the real <c>regimen-monitor</c> executable (the build next to the tests) in a fresh working directory, with
/// the given environment, and returns its exit code, stdout and stderr. A process still running at the deadline is
/// killed and fails the test: a verb that hangs is a defect.
/// </summary>
internal sealed class CliProcess : IDisposable
{
    public CliProcess() => Directory.CreateDirectory(WorkingDirectory);

    /// <summary>The process's working directory (where a default SQLite file under data/ would appear).</summary>
    public string WorkingDirectory { get; } = Path.Combine(Path.GetTempPath(), "rm-cli-" + Guid.NewGuid().ToString("N")[..12]);

    public async Task<CliResult> RunAsync(string[] args, IDictionary<string, string>? environment = null, TimeSpan? deadline = null)
    {
        using var process = Start(args, environment);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(deadline ?? TimeSpan.FromSeconds(60));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"regimen-monitor {string.Join(' ', args)} did not end within the deadline; stderr so far: {await error}");
        }

        return new CliResult(process.ExitCode, await output, await error);
    }

    /// <summary>Starts the executable and leaves it running (stdout and stderr redirected): the caller ends it.</summary>
    public Process Start(string[] args, IDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "regimen-monitor.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var key in start.Environment.Keys.Where(k => k.Contains("__", StringComparison.Ordinal) || k.StartsWith("OTEL_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        if (environment is not null)
        {
            foreach (var (key, value) in environment)
            {
                start.Environment[key] = value;
            }
        }

        return Process.Start(start)!;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(WorkingDirectory, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a temp folder
        }
    }
}

internal sealed record CliResult(int Exit, string Output, string Error)
{
    /// <summary>No .NET stack trace ("   at Namespace.Type.Method(") and no host start-up trace anywhere.</summary>
    public void AssertNoStackTrace()
    {
        foreach (var text in new[] { Output, Error })
        {
            Assert.DoesNotMatch(@"(?m)^\s+at \S+\(", text);
            Assert.DoesNotContain("Hosting failed to start", text, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", text, StringComparison.Ordinal);
        }
    }

    public override string ToString() => $"exit {Exit}\nstdout:\n{Output}\nstderr:\n{Error}";
}
