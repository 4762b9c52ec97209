namespace RegimenMonitor.Rules.Model;

/// <summary>
/// A washout window: after an <see cref="Ended"/> member stops, it stays present for <see cref="Days"/> days for
/// pair rules with a <see cref="Before"/> member. Produces no finding itself; compiled into the washout table.
/// </summary>
internal sealed record Washout(string Id, int Days, bool[] Ended, bool[] Before);
