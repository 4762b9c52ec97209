using System.Text.Json;

namespace RegimenMonitor.Worker.Infrastructure.Database;

/// <summary>One dispense or supplement statement as last set by its newest event.</summary>
internal sealed class RegimenItemRecord
{
    public long Id { get; set; }

    public long PatientId { get; set; }

    /// <summary><c>medication</c> or <c>supplement</c>.</summary>
    public required string Kind { get; set; }

    /// <summary>dispenseId or statementId.</summary>
    public required string ItemKey { get; set; }

    /// <summary>The wire status of the newest event (completed, entered-in-error, active, stopped, …).</summary>
    public required string Status { get; set; }

    /// <summary>True when the newest event withdrew the item; it no longer counts.</summary>
    public bool Withdrawn { get; set; }

    /// <summary>Product text exactly as sent.</summary>
    public required string ProductText { get; set; }

    public string? Atc { get; set; }

    public string? Rxnorm { get; set; }

    public string? Ndc { get; set; }

    /// <summary>Canonical ingredients, comma-separated; empty when unrecognised; null until normalised.</summary>
    public string? Ingredients { get; set; }

    /// <summary>Rule-set version the ingredients were normalised with.</summary>
    public string? NormalisedWith { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public int? DaysSupply { get; set; }

    public bool DaysSupplyAssumed { get; set; }

    public DateTimeOffset? StoppedAt { get; set; }

    /// <summary>The newest applied event's own timestamp; an older correction never replaces a newer one.</summary>
    public DateTimeOffset EffectiveAt { get; set; }

    public Guid SourceEventId { get; set; }

    /// <summary>The event's details as JSON: quantity, dosageText, pharmacyId, prescriptionId (dispenses), source (reports).</summary>
    public string? DetailsJson { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// True when the item ended before the patient's history cutoff and its coverage is summarised in
    /// <see cref="PatientRecord.HistoryJson"/>, as read: derived from that summary (its <c>through</c> id and kept ids,
    /// Regimens/RegimenHistory), never stored. The per-event reads skip such items; the sweep, <c>inspect</c> and
    /// corrections of old dispenses read them.
    /// </summary>
    public bool Compacted { get; set; }

    /// <summary>
    /// A stop a care team or pharmacist reported for the same product that falls inside a dispense's supply, or ends an
    /// earlier statement (Regimens/ReportedStops): derived for each decision from the patient's statements, never stored.
    /// </summary>
    public DateTimeOffset? ReportedStop { get; set; }

    /// <summary>
    /// What ends the item before its days supply does: its own stop or, for a dispense, a reported one
    /// (<see cref="ReportedStop"/>), whichever is first; null for none.
    /// </summary>
    public DateTimeOffset? CoverageStop => ReportedStop is { } reported && (StoppedAt is not { } stopped || reported < stopped) ? reported : StoppedAt;

    /// <summary>A string property of parsed <see cref="DetailsJson"/>; null when absent or not a string.</summary>
    public static string? DetailText(JsonElement details, string name) =>
        details.ValueKind == JsonValueKind.Object && details.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    // the engine's view of Ingredients and SourceEventId (RegimenEvaluator.RuleItem), for the values it was made from:
    // one immutable object, so a reader on another thread sees all of it or none; copies share it, and so does the item
    // cache's entry of an unchanged item (AdoptEngineView)
    private EngineView? _engineView;

    // a history run's item has no source event
    private static readonly string EmptyId = Guid.Empty.ToString();

    /// <summary>
    /// <see cref="Ingredients"/> split and <see cref="SourceEventId"/> as text, made once per value: a patient's items are
    /// evaluated at every event, and these texts are most of what each evaluation allocated per item.
    /// </summary>
    internal (string[] Ingredients, string SourceEventId) EngineTexts()
    {
        var ingredients = Ingredients ?? string.Empty;
        var view = _engineView;
        var sameIngredients = view is not null && string.Equals(view.IngredientsText, ingredients, StringComparison.Ordinal);
        var sameSource = view is not null && view.SourceEventId == SourceEventId;
        if (view is null || !sameIngredients || !sameSource)
        {
            // the part still valid is kept
            view = new EngineView(
                ingredients,
                sameIngredients ? view!.Ingredients : ingredients.Split(','),
                SourceEventId,
                sameSource ? view!.SourceEventIdText : SourceEventId == Guid.Empty ? EmptyId : SourceEventId.ToString());
            _engineView = view;
        }

        return (view.Ingredients, view.SourceEventIdText);
    }

    // the details' source (ReportedSource), for the DetailsJson it was read from; one immutable object, as the engine view
    private SourceView? _sourceView;

    /// <summary>Who reported the item (the details' <c>source</c>: patient, care-team, pharmacist); read once per value.</summary>
    internal string? ReportedSource()
    {
        var json = DetailsJson;
        var view = _sourceView;
        if (view is null || !ReferenceEquals(view.Json, json))
        {
            _sourceView = view = new SourceView(json, SourceOf(json));
        }

        return view.Source;
    }

    /// <summary>The <c>source</c> of details as JSON (<see cref="DetailsJson"/>); null when absent or unreadable.</summary>
    internal static string? SourceOf(string? detailsJson)
    {
        if (string.IsNullOrEmpty(detailsJson) || !detailsJson.Contains("\"source\"", StringComparison.Ordinal))
        {
            return null;
        }

        try
        {
            using var details = JsonDocument.Parse(detailsJson);
            return DetailText(details.RootElement, "source");
        }
        catch (JsonException)
        {
            return null; // not written by this worker: no source is known
        }
    }

    /// <summary>Takes <paramref name="other"/>'s engine view when this record has none (it is checked against the values on use).</summary>
    internal void AdoptEngineView(RegimenItemRecord other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (_engineView is null && other._engineView is { } view)
        {
            _engineView = view;
        }
    }

    /// <summary>A copy with the same values (a decision changes copies, never the records it was given).</summary>
    public RegimenItemRecord Copy() => (RegimenItemRecord)MemberwiseClone();

    /// <summary>
    /// True when every stored value equals <paramref name="other"/>'s (instants compared as instants); <see cref="Compacted"/>
    /// and <see cref="ReportedStop"/> are not stored.
    /// </summary>
    public bool SameValues(RegimenItemRecord other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Id == other.Id && PatientId == other.PatientId && Kind == other.Kind && ItemKey == other.ItemKey && Status == other.Status
            && Withdrawn == other.Withdrawn && ProductText == other.ProductText && Atc == other.Atc && Rxnorm == other.Rxnorm
            && Ndc == other.Ndc && Ingredients == other.Ingredients && NormalisedWith == other.NormalisedWith && StartedAt == other.StartedAt
            && DaysSupply == other.DaysSupply && DaysSupplyAssumed == other.DaysSupplyAssumed && StoppedAt == other.StoppedAt
            && EffectiveAt == other.EffectiveAt && SourceEventId == other.SourceEventId && DetailsJson == other.DetailsJson
            && UpdatedAt == other.UpdatedAt;
    }

    private sealed record SourceView(string? Json, string? Source);

    private sealed record EngineView(string IngredientsText, string[] Ingredients, Guid SourceEventId, string SourceEventIdText);
}
