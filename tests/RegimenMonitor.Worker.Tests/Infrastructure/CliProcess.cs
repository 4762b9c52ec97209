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

    /// <summary>The folder the executable is run from: the build next to the tests, or a copy (<see cref="WithAppSettings"/>).</summary>
    public string ProgramDirectory { get; private init; } = AppContext.BaseDirectory;

    private string? _copy;

    /// <summary>
    /// Runs a copy of the executable (the files of its folder and its runtimes/) whose <c>appsettings.json</c>, the one read
    /// beside the executable, holds <paramref name="appSettings"/> as given, byte for byte.
    /// </summary>
    public static CliProcess WithAppSettings(byte[] appSettings)
    {
        var copy = Path.Combine(Path.GetTempPath(), "rm-program-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(copy);
        // the assemblies beside it and those the runtime picks for this platform (SQLite's native library, SqlClient)
        var files = Directory.EnumerateFiles(AppContext.BaseDirectory).Where(f => Path.GetFileName(f) != "appsettings.json")
            .Concat(Directory.EnumerateFiles(Path.Combine(AppContext.BaseDirectory, "runtimes"), "*", SearchOption.AllDirectories));
        foreach (var file in files)
        {
            var target = Path.Combine(copy, Path.GetRelativePath(AppContext.BaseDirectory, file));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }

        File.WriteAllBytes(Path.Combine(copy, "appsettings.json"), appSettings);
        return new CliProcess { ProgramDirectory = copy, _copy = copy };
    }

    /// <summary>The process's working directory (where a default SQLite file under data/ would appear).</summary>
    public string WorkingDirectory { get; } = Path.Combine(Path.GetTempPath(), "rm-cli-" + Guid.NewGuid().ToString("N")[..12]);

    public async Task<CliResult> RunAsync(string[] args, IDictionary<string, string>? environment = null, TimeSpan? deadline = null, string? standardInput = null)
    {
        using var process = Start(args, environment, redirectInput: standardInput is not null);
        if (standardInput is not null)
        {
            // written whole, then closed: the verb reads to its end
            await process.StandardInput.WriteAsync(standardInput);
            process.StandardInput.Close();
        }

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
    public Process Start(string[] args, IDictionary<string, string>? environment = null, bool redirectInput = false)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = WorkingDirectory,
            RedirectStandardInput = redirectInput,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(ProgramDirectory, "regimen-monitor.dll"));
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
            if (_copy is not null)
            {
                Directory.Delete(_copy, recursive: true);
            }
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
