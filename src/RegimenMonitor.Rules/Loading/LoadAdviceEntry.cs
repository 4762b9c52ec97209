namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// A pair rule's advice for the load finding as written (<c>loadAdvice</c>): the one ingredient it is about
/// (<paramref name="About"/>) and the sentence.
/// </summary>
internal sealed record LoadAdviceEntry(string About, string Text);
