namespace RegimenMonitor.Rules.Evaluation;

/// <summary>
/// Pair findings only: the member (present index <paramref name="EndedMember"/>) ended but is kept present by a
/// <paramref name="Days"/>-day washout window that runs until <paramref name="Until"/>.
/// </summary>
internal readonly record struct WashoutWindow(int EndedMember, long Until, int Days);
