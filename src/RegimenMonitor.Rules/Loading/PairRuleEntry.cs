namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// A <c>pair</c> rule as written: sides <c>a</c> and <c>b</c> (ingredients or classes), <c>washout</c>, and the
/// optional <c>washoutAdvice</c> sentences, <c>loadAdvice</c> and <c>endedAdvice</c> sentences.
/// </summary>
internal sealed record PairRuleEntry(
    RuleHeader Header,
    bool Washout,
    IReadOnlyList<string> A,
    IReadOnlyList<string> B,
    IReadOnlyList<WashoutAdviceEntry> WashoutAdvice,
    LoadAdviceEntry? LoadAdvice = null,
    IReadOnlyList<EndedAdviceEntry>? EndedAdvice = null) : RuleEntry(Header);
