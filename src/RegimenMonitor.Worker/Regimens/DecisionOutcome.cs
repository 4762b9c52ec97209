namespace RegimenMonitor.Worker.Regimens;

/// <summary>What a decision did with the regimen.</summary>
internal enum DecisionOutcome
{
    /// <summary>A change set an item; the regimen was re-evaluated.</summary>
    Applied,

    /// <summary>A newer event already set the item: only the inbox row is written.</summary>
    Stale,

    /// <summary>No change (the sweep): the regimen was re-evaluated as of a later instant.</summary>
    Reviewed,
}
