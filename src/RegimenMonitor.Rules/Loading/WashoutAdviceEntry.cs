namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// A pair rule's washout advice as written (<c>washoutAdvice</c>): a management sentence about the interval after
/// stopping the <paramref name="Ended"/> members (ingredients or classes), the sentence itself, and whether it replaces
/// the rule's <c>management</c> in a finding that holds only through the washout after one of them
/// (<c>replacesManagement</c>).
/// </summary>
internal sealed record WashoutAdviceEntry(IReadOnlyList<string> Ended, string Text, bool ReplacesManagement = false);
