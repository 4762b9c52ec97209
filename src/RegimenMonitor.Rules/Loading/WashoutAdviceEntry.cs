namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// A pair rule's washout advice as written (<c>washoutAdvice</c>): a management sentence about the interval after
/// stopping the <paramref name="Ended"/> members (ingredients or classes), and the sentence itself.
/// </summary>
internal sealed record WashoutAdviceEntry(IReadOnlyList<string> Ended, string Text);
