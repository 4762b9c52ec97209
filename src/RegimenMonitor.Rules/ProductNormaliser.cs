namespace RegimenMonitor.Rules;

/// <summary>Maps product text as a feed sends it (plus optional codes) to canonical ingredients.</summary>
public sealed class ProductNormaliser
{
    /// <summary>Creates a normaliser over a loaded knowledge base.</summary>
    public ProductNormaliser(KnowledgeBase knowledgeBase) => ArgumentNullException.ThrowIfNull(knowledgeBase);

    /// <summary>Normalises one product; supplied codes win over text.</summary>
    public NormalisedProduct Normalise(string productText, string? atc = null, string? rxnorm = null) =>
        throw new NotImplementedException("rule engine: issue #3");
}
