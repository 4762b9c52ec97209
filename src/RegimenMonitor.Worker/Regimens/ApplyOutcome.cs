namespace RegimenMonitor.Worker.Regimens;

internal enum ApplyOutcome
{
    /// <summary>The event changed the regimen.</summary>
    Applied,

    /// <summary>The event id was processed before; nothing changed.</summary>
    Duplicate,

    /// <summary>A newer event already set this item; the older correction was recorded and ignored.</summary>
    Stale,

    /// <summary>
    /// The event id was processed before for an event that said something else (<see cref="EventFingerprint"/>):
    /// nothing changed, and the consumer refuses the event (<see cref="EventConflict"/>).
    /// </summary>
    Conflict,
}
