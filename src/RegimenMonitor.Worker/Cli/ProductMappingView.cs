using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Regimens;

namespace RegimenMonitor.Worker.Cli;

/// <summary>
/// What <c>evaluate</c> and <c>inspect</c> print per product: the ingredients it mapped to and by which route
/// (<c>code</c>, <c>name</c>, <c>brand</c>, <c>synonym</c>, <c>combination</c>, <c>correction</c>), so a wrong mapping
/// can be seen. <c>textRepaired</c> is true when mis-encoded characters were repaired. Each entry names its item: the
/// <c>dispenseId</c> of a dispense or the <c>statementId</c> of a statement, so repeated dispenses can be told apart.
/// </summary>
internal sealed record ProductMappingView(string? DispenseId, string? StatementId, string ProductText, string MatchedBy, bool TextRepaired, IReadOnlyList<ProductMappingView.Ingredient> Ingredients)
{
    /// <summary>The view of one item's product, mapped as the evaluation maps it: its text and codes, through the loaded terminology.</summary>
    public static ProductMappingView From(RegimenEvaluator evaluator, string kind, string itemKey, string productText, string? atc, string? rxnorm, string? ndc = null, string? directions = null)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        var product = evaluator.Explain(productText, atc, rxnorm, ndc, directions);
        var dispense = kind == "medication";
        return new ProductMappingView(dispense ? itemKey : null, dispense ? null : itemKey, productText, product.MatchedBy, product.TextRepaired,
            [.. product.Matches.Select(m => new Ingredient(m.Ingredient, WireNames.Of(m.Route), m.MatchedText))]);
    }

    /// <summary>One mapped ingredient.</summary>
    internal sealed record Ingredient(string Name, string Route, string Matched);
}
