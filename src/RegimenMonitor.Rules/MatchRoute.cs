namespace RegimenMonitor.Rules;

/// <summary>How a product text or code was mapped to one ingredient (shown per ingredient so a wrong mapping can be seen).</summary>
public enum MatchRoute
{
    /// <summary>A supplied ATC or RxNorm code the catalogue knows.</summary>
    Code,

    /// <summary>The ingredient's canonical (generic) name.</summary>
    Name,

    /// <summary>A brand name of a single-ingredient product.</summary>
    Brand,

    /// <summary>A synonym, salt form, abbreviation or supplement label name.</summary>
    Synonym,

    /// <summary>A combination product (brand or generic combination name) split into its ingredients.</summary>
    Combination,

    /// <summary>A misspelt or truncated word corrected to the nearest catalogue name.</summary>
    Correction,

    /// <summary>
    /// Not named: a symptom word in the text of a product line's product ("Mucinex … Cough") names the ingredient such
    /// products have (ingredients.json <c>productLines</c>); the text is the brand and the word.
    /// </summary>
    Inferred,
}
