namespace RegimenMonitor.Worker.Configuration;

/// <summary>Regimen defaults. Section <c>Regimen</c>.</summary>
internal sealed class RegimenOptions
{
    public const string SectionName = "Regimen";

    /// <summary>Days of supply assumed when a dispense carries none (the item is marked as assumed).</summary>
    public int DefaultDaysSupply { get; set; } = 30;
}
