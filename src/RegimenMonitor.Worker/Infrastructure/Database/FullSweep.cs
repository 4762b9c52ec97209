namespace RegimenMonitor.Worker.Infrastructure.Database;

/// <summary>
/// A sweep of every regimen that finished: the rule set and terminology it brought every patient up to (the stamp
/// normalised items carry), when, and how many regimens it re-evaluated. The sweep job sweeps every regimen while its
/// own stamp has no row (<see cref="Sweep.RegimenSweeper"/>).
/// </summary>
internal sealed class FullSweep
{
    /// <summary>The rule set version and terminology import, e.g. <c>2026.12.29+terminology.3</c>.</summary>
    public required string Stamp { get; set; }

    public DateTimeOffset CompletedAt { get; set; }

    public long Regimens { get; set; }
}
