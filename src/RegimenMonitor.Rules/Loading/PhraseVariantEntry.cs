namespace RegimenMonitor.Rules.Loading;

/// <summary>
/// A variant of a combination or phrase entry: when one of <paramref name="Words"/> is anywhere in the text, the
/// entry's phrases name <paramref name="Ingredients"/> instead of the entry's own (the caplets of a line whose liquid
/// gels have another formula).
/// </summary>
internal sealed record PhraseVariantEntry(IReadOnlyList<string> Words, IReadOnlyList<string> Ingredients);
