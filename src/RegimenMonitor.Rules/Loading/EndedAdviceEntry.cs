namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// A pair rule's advice for the end of the combination as written (<c>endedAdvice</c>): what to do once one of the
/// <paramref name="Ended"/> members (ingredients or classes) is no longer taken, and the sentence itself.
/// </summary>
internal sealed record EndedAdviceEntry(IReadOnlyList<string> Ended, string Text);
