using System.Diagnostics;
using System.Text.Json;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Observability;
using RegimenMonitor.Worker.Terminology;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// The bridge from stored items to the pure engine: normalises product texts once per rule-set version and terminology import (into copies:
/// the regimen decision stores them), maps items to <see cref="RegimenItem"/>s and evaluates. One instance per process.
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

    /// <summary>The <c>normalised_with</c> stamp items get now: this rule-set version and the current terminology import.</summary>
    public string Stamp => _terminology.Current.Stamp(KnowledgeBase.Version);

    /// <summary>True when the item's stored ingredients come from this rule-set version and terminology import.</summary>
    public bool IsNormalised(RegimenItemRecord item) => IsNormalised(item, _terminology.Current);

    private bool IsNormalised(RegimenItemRecord item, TerminologyMap terminology)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Ingredients is not null && item.NormalisedWith == terminology.Stamp(KnowledgeBase.Version);
    }

    /// <summary>
    /// The item with its ingredients from this rule-set version: <paramref name="item"/> itself when it already has
    /// them, else a normalised copy (<paramref name="recognised"/>: whether the product mapped to any ingredient; null
    /// when nothing was normalised). Never changes <paramref name="item"/>.
    /// </summary>
    public RegimenItemRecord Normalised(RegimenItemRecord item, out bool? recognised)
    {
        ArgumentNullException.ThrowIfNull(item);
        recognised = null;
        var terminology = _terminology.Current; // one map for the stamp and the mapping, even if a reload swaps it now
        if (IsNormalised(item, terminology))
        {
            return item;
        }

        var product = Explain(item.ProductText, item.Atc, item.Rxnorm, item.Ndc, Directions(item), terminology);
        var copy = item.Copy();
        copy.Ingredients = string.Join(',', product.Ingredients);
        copy.NormalisedWith = terminology.Stamp(KnowledgeBase.Version);
        recognised = product.IsRecognised;
        return copy;
    }

    /// <summary>How a product maps to ingredients, with the route per ingredient (for the verbs; not stored).</summary>
    /// <remarks>
    /// When the text and codes map to nothing, an imported RxNorm or NDC code's product text is tried.
    /// <paramref name="directions"/>: the dispense's dosage text, read for the route when the product text names none.
    /// </remarks>
    public NormalisedProduct Explain(string productText, string? atc, string? rxnorm, string? ndc = null, string? directions = null) =>
        Explain(productText, atc, rxnorm, ndc, directions, _terminology.Current);

    /// <summary>A dispense's directions (its <c>dosageText</c>, kept in the item's details), or null.</summary>
    public static string? Directions(RegimenItemRecord item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Kind == "medication" ? Directions(item.DetailsJson) : null;
    }

    /// <summary>The <c>dosageText</c> in an item's details (JSON), or null.</summary>
    public static string? Directions(string? detailsJson)
    {
        if (string.IsNullOrEmpty(detailsJson) || !detailsJson.Contains("\"dosageText\"", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(detailsJson);
            return RegimenItemRecord.DetailText(json.RootElement, "dosageText");
        }
        catch (JsonException)
        {
            return null; // details the worker did not write: no directions
        }
    }

    private NormalisedProduct Explain(string productText, string? atc, string? rxnorm, string? ndc, string? directions, TerminologyMap terminology)
    {
        // an item stored before zero-padded codes were read without their zeros is read so too (a review)
        rxnorm = Terminology.TerminologyFiles.CanonicalRxNorm(rxnorm);
        var product = _normaliser.Normalise(productText, atc, rxnorm, directions);
        if (product.IsRecognised)
        {
            return product;
        }

        // the imported RxNorm or NDC product text, read as a text; matchedBy names the code that led to it
        var (code, mapped) = terminology.TextFor(rxnorm, null) is { } byRxNorm ? ("rxnorm", byRxNorm)
            : terminology.TextFor(null, ndc) is { } byNdc ? ("ndc", byNdc)
            : (null, null);
        return mapped is null ? product
            : _normaliser.Normalise(mapped, directions: directions) is { IsRecognised: true } viaCode ? viaCode with { MatchedBy = code! }
            : product;
    }

    /// <summary>
    /// Evaluates the regimen (withdrawn items skipped, items not normalised with this rule-set version normalised on
    /// the way without being changed) with its telemetry: the <c>evaluate regimen</c> span, the evaluation duration and
    /// the normalisation counts. For the verbs; the regimen decision uses <see cref="EvaluateNormalised"/>.
    /// </summary>
    public RegimenEvaluation Evaluate(IEnumerable<RegimenItemRecord> items, DateTimeOffset asOf)
    {
        ArgumentNullException.ThrowIfNull(items);
        using var activity = Telemetry.Source.StartActivity("evaluate regimen");
        var started = Stopwatch.GetTimestamp();
        var evaluation = Run(items, asOf, out var recognised, out var unrecognised);
        Telemetry.RecordProductsNormalised(recognised, unrecognised);
        Telemetry.EvaluationDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        if (activity is not null)
        {
            Describe(activity, evaluation);
        }

        return evaluation;
    }

    /// <summary>
    /// Evaluates the regimen as <see cref="Evaluate"/> does, purely: no telemetry, no clock, nothing changed. The
    /// regimen decision passes items it normalised already (<see cref="Normalised"/>).
    /// </summary>
    public RegimenEvaluation EvaluateNormalised(IEnumerable<RegimenItemRecord> items, DateTimeOffset asOf) => Run(items, asOf, out _, out _);

    private RegimenEvaluation Run(IEnumerable<RegimenItemRecord> items, DateTimeOffset asOf, out int normalisedRecognised, out int normalisedUnrecognised)
    {
        normalisedRecognised = 0;
        normalisedUnrecognised = 0;
        var ruleItems = new List<RegimenItem>();
        var unrecognised = new List<RegimenItemRecord>();
        var normalisedItems = new List<RegimenItemRecord>();
        var given = new List<RegimenItemRecord>();
        foreach (var item in items)
        {
            if (item.Withdrawn)
            {
                continue;
            }

            var normalised = Normalised(item, out var recognised);
            if (recognised == true)
            {
                normalisedRecognised++;
            }
            else if (recognised == false)
            {
                normalisedUnrecognised++;
            }

            normalisedItems.Add(normalised);
            given.Add(item);
        }

        // a stop a care team reported ends a dispense of the same product (copies: the items given are not changed)
        ReportedStops.Apply(normalisedItems, owned: null);
        for (var i = 0; i < normalisedItems.Count; i++)
        {
            if (RuleItem(normalisedItems[i]) is { } ruleItem)
            {
                ruleItems.Add(ruleItem);
            }
            else
            {
                unrecognised.Add(given[i]);
            }
        }

        // a fingerprint longer than its column is stored (and so compared) as a shortened key
        return new RegimenEvaluation(StoredFingerprint.Apply(_engine.Evaluate(ruleItems, asOf)), unrecognised, ruleItems.Count);
    }

    /// <summary>True when the engine sees a normalised record: not withdrawn, and at least one ingredient recognised.</summary>
    public static bool Sees(RegimenItemRecord normalised) =>
        !normalised.Withdrawn && normalised.Ingredients is { Length: > 0 };

    /// <summary>
    /// The engine's item for a normalised record; null when the engine does not see it (withdrawn, or no ingredient
    /// recognised).
    /// </summary>
    public static RegimenItem? RuleItem(RegimenItemRecord normalised)
    {
        ArgumentNullException.ThrowIfNull(normalised);
        if (!Sees(normalised))
        {
            return null;
        }

        var (ingredients, sourceEventId) = normalised.EngineTexts();
        return new RegimenItem
        {
            ItemId = normalised.ItemKey,
            Kind = normalised.Kind == "medication" ? RegimenItemKind.Medication : RegimenItemKind.Supplement,
            ProductText = normalised.ProductText,
            Ingredients = ingredients,
            StartedAt = normalised.StartedAt,
            DaysSupply = normalised.Kind == "medication" ? normalised.DaysSupply : null,
            DaysSupplyAssumed = normalised.DaysSupplyAssumed,
            StoppedAt = normalised.CoverageStop,
            SourceEventId = sourceEventId,
        };
    }

    /// <summary>What ops need to read an evaluation: counts, rule ids, concerns and severities — no product or patient.</summary>
    internal static void Describe(Activity activity, RegimenEvaluation evaluation)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(evaluation);
        var result = evaluation.Result;
        activity.SetTag("regimen_monitor.rule_set.version", result.RuleSetVersion);
        activity.SetTag("regimen_monitor.regimen.items", evaluation.Evaluated);
        activity.SetTag("regimen_monitor.regimen.unrecognised", evaluation.Unrecognised.Count);
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

/// <summary>
/// The engine's result plus the items it could not recognise (kept, reported, never dropped) and how many items it
/// evaluated.
/// </summary>
internal sealed record RegimenEvaluation(EvaluationResult Result, IReadOnlyList<RegimenItemRecord> Unrecognised, int Evaluated);
