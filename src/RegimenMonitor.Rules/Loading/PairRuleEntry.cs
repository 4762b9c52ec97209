namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// A <c>pair</c> rule as written: sides <c>a</c> and <c>b</c> (ingredients or classes), <c>washout</c>, and the
/// optional <c>washoutAdvice</c> sentences and <c>loadAdvice</c>.
/// </summary>
internal sealed record PairRuleEntry(
    RuleHeader Header,
    bool Washout,
    IReadOnlyList<string> A,
    IReadOnlyList<string> B,
    IReadOnlyList<WashoutAdviceEntry> WashoutAdvice,
    LoadAdviceEntry? LoadAdvice = null) : RuleEntry(Header);
