namespace RegimenMonitor.Rules.Model;

/// <summary>From <paramref name="MinDays"/> of continuous therapy, a depletion finding has this severity.</summary>
internal readonly record struct DepletionStep(int MinDays, Severity Severity);
