namespace RegimenMonitor.Rules;

/// <summary>The alert families a care team subscribes to.</summary>
public enum Concern
{
    /// <summary>Any combination involving an MAO-inhibiting agent (wire: serotonergic-contraindicated).</summary>
    SerotonergicContraindicated,

    /// <summary>Serotonergic stacking without an MAO inhibitor (wire: serotonergic-stacking).</summary>
    SerotonergicStacking,

    /// <summary>Drug-induced nutrient depletion (wire: nutrient-depletion).</summary>
    NutrientDepletion,

    /// <summary>Chelation/absorption timing (wire: absorption-timing).</summary>
    AbsorptionTiming,

    /// <summary>Kratom interactions (wire: kratom-interaction).</summary>
    KratomInteraction,
}
