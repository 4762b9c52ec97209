using System.Text.Json;
using System.Text.Json.Serialization;
using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// What stands for a patient's compacted items (<see cref="RegimenItemRecord.Compacted"/>): per kind and ingredient,
/// the continuous coverage runs those items formed (<see cref="RegimenMonitor.Rules.HistoryCompaction"/>), the cutoff
/// they ended by and the normalisation stamp their ingredients come from. Evaluating the live items plus these runs
/// gives exactly what evaluating every item gives, for any evaluation at or after <see cref="Cutoff"/> and any item
/// added later; <see cref="HistoryReads"/> reads every item instead when that does not hold (a correction of an item
/// started by the cutoff, another normalisation, an earlier instant). Stored as <c>patients.history_json</c>.
/// </summary>
internal sealed record RegimenHistory
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Every later evaluation of the summary must be at or after this instant.</summary>
    public required DateTimeOffset Cutoff { get; init; }

    /// <summary>The <c>normalised_with</c> stamp of the items the runs were made from.</summary>
    public required string NormalisedWith { get; init; }

    public required IReadOnlyList<HistoryRun> Runs { get; init; }

    private string? _json;

    /// <summary>The stored form (the text it was read from, when it was read).</summary>
    public string ToJson() => _json ??= JsonSerializer.Serialize(this, Json);

    /// <summary>The summary stored in <paramref name="json"/>; null for none.</summary>
    /// <exception cref="InvalidOperationException">The stored text is not a summary (a damaged row).</exception>
    public static RegimenHistory? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            var history = JsonSerializer.Deserialize<RegimenHistory>(json, Json) ?? throw new JsonException("null");
            history._json = json;
            return history;
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException("A patient's history_json is not a history summary.", e);
        }
    }

    /// <summary>The runs as items the evaluation takes like any other (medications without supply, stopped at the end).</summary>
    public IEnumerable<RegimenItemRecord> Items(long patientId) => Runs.Select(run => new RegimenItemRecord
    {
        Id = -1,
        PatientId = patientId,
        Kind = run.Kind,
        ItemKey = RegimenMonitor.Rules.HistoryCompaction.SyntheticIdPrefix + run.Ingredient + ":" + run.Start.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Status = "history",
        ProductText = string.Empty,
        Ingredients = run.Ingredient,
        NormalisedWith = NormalisedWith,
        StartedAt = run.Start,
        StoppedAt = run.End,
        EffectiveAt = run.Start,
    });

    /// <summary>Whether <paramref name="item"/> is one of <see cref="Items"/> (never stored).</summary>
    public static bool IsRun(RegimenItemRecord item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return item.Id < 0;
    }
}

/// <summary>One continuous run of an ingredient's coverage among a patient's compacted items of one kind.</summary>
internal sealed record HistoryRun(string Kind, string Ingredient, DateTimeOffset Start, DateTimeOffset End);
