namespace RegimenMonitor.Rules;

/// <summary>Alert severity, ordered: info &lt; moderate &lt; major &lt; contraindicated.</summary>
public enum Severity
{
    /// <summary>Worth knowing: awareness and monitoring; the drugs can usually continue.</summary>
    Info = 0,

    /// <summary>Monitor or adjust.</summary>
    Moderate = 1,

    /// <summary>Avoid unless the benefit outweighs the risk.</summary>
    Major = 2,

    /// <summary>Do not combine.</summary>
    Contraindicated = 3,
}
