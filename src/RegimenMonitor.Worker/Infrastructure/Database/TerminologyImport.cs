namespace RegimenMonitor.Worker.Infrastructure.Database;

/// <summary>
/// One <c>terminology import</c>: when, from which files, and how many codes the terminology held after it. The
/// newest id identifies the terminology in force; the worker polls it and stamps normalised items with it.
/// </summary>
internal sealed class TerminologyImport
{
    public long Id { get; set; }

    public DateTimeOffset ImportedAt { get; set; }

    /// <summary>The files read, each with its size and last-write time (e.g. <c>RXNCONSO.RRF (12345 bytes, 2026-11-02)</c>).</summary>
    public required string Sources { get; set; }

    public int RxnormCount { get; set; }

    public int NdcCount { get; set; }
}
