using System.Diagnostics;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Diagnostics;
using RegimenMonitor.Worker.Persistence;
using RegimenMonitor.Worker.Terminology;

namespace RegimenMonitor.Worker.Evaluation;

/// <summary>
/// The bridge from stored items to the pure engine: normalises product texts once per rule-set version (the result
/// is stored on the item), maps items to <see cref="RegimenItem"/>s and evaluates. One instance per process.
/// </summary>
internal sealed class RegimenEvaluator
{
    private readonly ProductNormaliser _normaliser;
    private readonly RuleEngine _engine;

    private readonly TerminologyCatalog _terminology;

    public RegimenEvaluator(KnowledgeBase knowledgeBase, TerminologyMap? terminology = null)
        : this(knowledgeBase, new TerminologyCatalog(terminology ?? TerminologyMap.Empty))
    {
    }

    /// <summary>Maps codes with <paramref name="terminology"/>'s current map, which may be replaced while running.</summary>
    public RegimenEvaluator(KnowledgeBase knowledgeBase, TerminologyCatalog terminology)
    {
        KnowledgeBase = knowledgeBase;
        _terminology = terminology;
        _normaliser = new ProductNormaliser(knowledgeBase);
        _engine = new RuleEngine(knowledgeBase);
    }

    public KnowledgeBase KnowledgeBase { get; }

    public string RuleSetVersion => KnowledgeBase.Version;

    /// <summary>True when the item's stored ingredients come from this rule-set version and terminology import.</summary>
    public bool IsNormalised(RegimenItemRecord item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Ingredients is not null && item.NormalisedWith == _terminology.Current.Stamp(KnowledgeBase.Version);
    }

    /// <summary>Normalises the item unless it already was with this rule-set version and terminology import. Returns false when unrecognised.</summary>
    public bool Normalise(RegimenItemRecord item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var terminology = _terminology.Current; // one map for the stamp and the mapping, even if a reload swaps it now
        if (item.Ingredients is null || item.NormalisedWith != terminology.Stamp(KnowledgeBase.Version))
        {
            var product = Explain(item.ProductText, item.Atc, item.Rxnorm, item.Ndc, terminology);
            item.Ingredients = string.Join(',', product.Ingredients);
            item.NormalisedWith = terminology.Stamp(KnowledgeBase.Version);
            Telemetry.ProductsNormalised.Add(1, new KeyValuePair<string, object?>("outcome", product.IsRecognised ? "recognised" : "unrecognised"));
        }

        return item.Ingredients!.Length > 0; // set above, or already by this rule-set version
    }

    /// <summary>How a product maps to ingredients, with the route per ingredient (for the verbs; not stored).</summary>
    /// <remarks>When the text and codes map to nothing, an imported RxNorm or NDC code's product text is tried.</remarks>
    public NormalisedProduct Explain(string productText, string? atc, string? rxnorm, string? ndc = null) =>
        Explain(productText, atc, rxnorm, ndc, _terminology.Current);

    private NormalisedProduct Explain(string productText, string? atc, string? rxnorm, string? ndc, TerminologyMap terminology)
    {
        var product = _normaliser.Normalise(productText, atc, rxnorm);
        return !product.IsRecognised && terminology.TextFor(rxnorm, ndc) is { } mapped ? _normaliser.Normalise(mapped) : product;
    }

    public RegimenEvaluation Evaluate(IEnumerable<RegimenItemRecord> items, DateTimeOffset asOf)
    {
        using var activity = Telemetry.Source.StartActivity("evaluate regimen");
        var started = Stopwatch.GetTimestamp();
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

        var result = _engine.Evaluate(ruleItems, asOf);
        Telemetry.EvaluationDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (activity is not null)
        {
            Describe(activity, result, ruleItems.Count, unrecognised.Count);
        }

        return new RegimenEvaluation(result, unrecognised);
    }

    /// <summary>What ops need to read an evaluation: counts, rule ids, concerns and severities — no product or patient.</summary>
    private static void Describe(Activity activity, EvaluationResult result, int evaluated, int unrecognised)
    {
        activity.SetTag("regimen_monitor.rule_set.version", result.RuleSetVersion);
        activity.SetTag("regimen_monitor.regimen.items", evaluated);
        activity.SetTag("regimen_monitor.regimen.unrecognised", unrecognised);
        activity.SetTag("regimen_monitor.findings.count", result.Findings.Count);
        activity.SetTag("regimen_monitor.findings.rule_ids", result.Findings.Select(f => f.RuleId).Distinct().Order(StringComparer.Ordinal).ToArray());
        foreach (var group in result.Findings.GroupBy(f => f.Concern).OrderBy(g => g.Key))
        {
            activity.SetTag("regimen_monitor.findings.concern." + WireNames.Of(group.Key), group.Count());
        }

        foreach (var group in result.Findings.GroupBy(f => f.Severity).OrderBy(g => g.Key))
        {
            activity.SetTag("regimen_monitor.findings.severity." + WireNames.Of(group.Key), group.Count());
        }
    }
}

/// <summary>The engine's result plus the items it could not recognise (kept, reported, never dropped).</summary>
internal sealed record RegimenEvaluation(EvaluationResult Result, IReadOnlyList<RegimenItemRecord> Unrecognised);
