using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Diagnostics;
using RegimenMonitor.Worker.Persistence;

namespace RegimenMonitor.Worker.Evaluation;

/// <summary>
/// The bridge from stored items to the pure engine: normalises product texts once per rule-set version (the result
/// is stored on the item), maps items to <see cref="RegimenItem"/>s and evaluates. One instance per process.
/// </summary>
internal sealed class RegimenEvaluator
{
    private readonly ProductNormaliser _normaliser;
    private readonly RuleEngine _engine;

    public RegimenEvaluator(KnowledgeBase knowledgeBase)
    {
        KnowledgeBase = knowledgeBase;
        _normaliser = new ProductNormaliser(knowledgeBase);
        _engine = new RuleEngine(knowledgeBase);
    }

    public KnowledgeBase KnowledgeBase { get; }

    public string RuleSetVersion => KnowledgeBase.Version;

    /// <summary>Normalises the item unless it already was with this rule-set version. Returns false when unrecognised.</summary>
    public bool Normalise(RegimenItemRecord item)
    {
        if (item.Ingredients is null || item.NormalisedWith != KnowledgeBase.Version)
        {
            var product = _normaliser.Normalise(item.ProductText, item.Atc, item.Rxnorm);
            item.Ingredients = string.Join(',', product.Ingredients);
            item.NormalisedWith = KnowledgeBase.Version;
            Telemetry.ProductsNormalised.Add(1, new KeyValuePair<string, object?>("outcome", product.IsRecognised ? "recognised" : "unrecognised"));
        }

        return item.Ingredients.Length > 0;
    }

    public RegimenEvaluation Evaluate(IEnumerable<RegimenItemRecord> items, DateTimeOffset asOf)
    {
        var ruleItems = new List<RegimenItem>();
        var unrecognised = new List<RegimenItemRecord>();
        foreach (var item in items)
        {
            if (item.Withdrawn)
            {
                continue;
            }

            if (!Normalise(item))
            {
                unrecognised.Add(item);
                continue;
            }

            ruleItems.Add(new RegimenItem
            {
                ItemId = item.ItemKey,
                Kind = item.Kind == "medication" ? RegimenItemKind.Medication : RegimenItemKind.Supplement,
                ProductText = item.ProductText,
                Ingredients = item.Ingredients!.Split(','),
                StartedAt = item.StartedAt,
                DaysSupply = item.Kind == "medication" ? item.DaysSupply : null,
                DaysSupplyAssumed = item.DaysSupplyAssumed,
                StoppedAt = item.StoppedAt,
                SourceEventId = item.SourceEventId.ToString(),
            });
        }

        return new RegimenEvaluation(_engine.Evaluate(ruleItems, asOf), unrecognised);
    }
}

/// <summary>The engine's result plus the items it could not recognise (kept, reported, never dropped).</summary>
internal sealed record RegimenEvaluation(EvaluationResult Result, IReadOnlyList<RegimenItemRecord> Unrecognised);
