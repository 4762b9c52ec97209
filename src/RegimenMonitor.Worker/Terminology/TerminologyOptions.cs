namespace RegimenMonitor.Worker.Terminology;

/// <summary>The product-code terminology. Section <c>Terminology</c>.</summary>
internal sealed class TerminologyOptions
{
    public const string SectionName = "Terminology";

    /// <summary>
    /// Optional JSON map written by <c>terminology import --out</c>: what <c>evaluate</c> (which has no database) maps
    /// codes with, and the worker's map until the database holds an import. Unset: none.
    /// </summary>
    public string? Path { get; set; }

    /// <summary>How often the worker looks for a newer import in the database (one indexed MAX(id) query) and reloads.</summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(60);
}
