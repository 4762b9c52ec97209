namespace RegimenMonitor.Rules;

/// <summary>Where a regimen item comes from.</summary>
public enum RegimenItemKind
{
    /// <summary>Dispensed by a pharmacy.</summary>
    Medication,

    /// <summary>Reported supplement, herbal or OTC product.</summary>
    Supplement,
}
