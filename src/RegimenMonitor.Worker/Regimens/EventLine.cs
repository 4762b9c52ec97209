namespace RegimenMonitor.Worker.Regimens;

/// <summary>One parsed and validated line of an NDJSON event file.</summary>
/// <param name="LineNumber">1-based line number in the file.</param>
/// <param name="Message">The contract message (MedicationDispensed or SupplementReported).</param>
/// <param name="Change">The validated change it makes, exactly as the consumer would map it.</param>
internal sealed record EventLine(int LineNumber, object Message, RegimenChange Change);
