namespace RegimenMonitor.Rules.Evaluation;

/// <summary>One coverage period of one ingredient (<paramref name="Ing"/>) from regimen item <paramref name="Item"/>.</summary>
internal readonly record struct CoveragePeriod(int Ing, int Item, long Start, long End);
