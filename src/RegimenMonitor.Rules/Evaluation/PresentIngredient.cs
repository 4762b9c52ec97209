namespace RegimenMonitor.Rules.Evaluation;

/// <summary>
/// An ingredient present in the regimen: active now, or ended but inside a washout window. Its run is the merged
/// coverage containing (or last before) as-of; <paramref name="Item"/> is the newest dispense of that run, the
/// product shown in findings.
/// </summary>
internal readonly record struct PresentIngredient(int Ing, ulong Tags, bool Active, long RunStart, long RunEnd, int Item);
