namespace RegimenMonitor.Worker.Infrastructure.Configuration;

/// <summary>How the worker process manages its memory. Section <c>Runtime</c>.</summary>
internal sealed class RuntimeOptions
{
    public const string SectionName = "Runtime";

    /// <summary>
    /// How often the worker (<c>run</c>) hands the native memory the C library keeps free back to the operating system
    /// (<c>malloc_trim</c>; Linux with glibc only, Infrastructure/Runtime/NativeMemoryTrimmer). 0 turns it off.
    /// </summary>
    public TimeSpan NativeMemoryTrimInterval { get; set; } = TimeSpan.FromSeconds(5);
}
