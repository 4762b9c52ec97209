namespace RegimenMonitor.LoadDriver.EventMix;

/// <summary>What a generated event stands for in the feed; reported as the mix of a run.</summary>
internal enum EventCategory
{
    /// <summary>A first dispense of a product.</summary>
    Dispense,

    /// <summary>A later dispense of the same product (new dispense id, later date).</summary>
    Refill,

    /// <summary>A dispense withdrawn by the pharmacy: same dispense id, status <c>entered-in-error</c>.</summary>
    Reversal,

    /// <summary>A supplement, herbal or OTC product reported as taken.</summary>
    Supplement,

    /// <summary>A later statement about the same supplement: restated or stopped.</summary>
    SupplementUpdate,
}
