namespace RegimenMonitor.Rules.Model;

/// <summary>Partners of a set rule: the rule fires when at least <paramref name="Min"/> members are active.</summary>
internal sealed record SetGroup(bool[] Members, int Min);
