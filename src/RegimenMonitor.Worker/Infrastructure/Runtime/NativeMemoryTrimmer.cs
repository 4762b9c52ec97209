using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Infrastructure.Runtime;

/// <summary>
/// Hands the native memory that glibc's allocator keeps free back to the operating system, every
/// <see cref="RuntimeOptions.NativeMemoryTrimInterval"/> (<c>malloc_trim(0)</c>). The JIT, the runtime and the TLS
/// library allocate and free native memory on many threads; glibc keeps what they free in per-thread arenas, where it
/// stays resident (10–15 MB of the worker under load, docs/performance.md). Only on Linux with glibc (not musl, as on
/// Alpine): anywhere else it does nothing. A trim walks the arenas, each under its lock; the load runs measured no
/// cost in CPU per event.
/// </summary>
internal sealed class NativeMemoryTrimmer(IOptions<RuntimeOptions> options, ILogger<NativeMemoryTrimmer> logger) : BackgroundService
{
    /// <summary>True where <c>malloc_trim</c> exists: Linux with glibc.</summary>
    public static bool Supported { get; } = OperatingSystem.IsLinux() && HasGlibc();

    /// <summary>One trim now; true when memory was handed back. False where it is not <see cref="Supported"/>.</summary>
    public static bool TrimNow() => Supported && MallocTrim(0) == 1;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.NativeMemoryTrimInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        if (!Supported)
        {
            Log.NativeMemoryTrimUnsupported(logger);
            return;
        }

        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            TrimNow();
        }
    }

    private static bool HasGlibc()
    {
        try
        {
            return GnuGetLibcVersion() != IntPtr.Zero;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return false;
        }
    }

    // plain (blittable) signatures: no marshalling code, so no LibraryImport and no unsafe code
    [DllImport("libc", EntryPoint = "gnu_get_libc_version", ExactSpelling = true)]
    private static extern IntPtr GnuGetLibcVersion();

    [DllImport("libc", EntryPoint = "malloc_trim", ExactSpelling = true)]
    private static extern int MallocTrim(nuint pad);
}
