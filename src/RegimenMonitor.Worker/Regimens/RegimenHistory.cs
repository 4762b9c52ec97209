using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// What stands for a patient's compacted items, and which items those are: every stored item with an id up to
/// <see cref="Through"/> except the ones it <see cref="Kept"/> (<see cref="Live"/>; derived, never stored per item, so
/// compacting writes no item row). For them it holds, per kind and ingredient, the continuous coverage runs they formed
/// (<see cref="RegimenMonitor.Rules.HistoryCompaction"/>), the cutoff they ended by and the normalisation stamp their
/// ingredients come from. Evaluating the live items plus these runs
/// gives exactly what evaluating every item gives, for any evaluation at or after <see cref="Cutoff"/> and any item
/// added later; <see cref="HistoryReads"/> reads every item instead when that does not hold (a correction of an item
/// started by the cutoff, another normalisation, an earlier instant). Stored as <c>patients.history_json</c>.
/// </summary>
internal sealed record RegimenHistory
{
    private const string VersionPrefix = "{\"version\":";

    // the runs' meaning: 2 since a care team's reported stop ends a dispense, 3 since it ends an earlier statement too
    // (ReportedStops; such statements are never compacted). A summary of another format is not read: the decision reads
    // every item and writes a new one
    private const int Format = 3;

    private string? _json;

    // ToJson's text after the version number, carried over from the previous version's (ForVersion)
    private string? _afterVersion;

    public RegimenHistory()
    {
    }

    // a copy made with `with` may change the runs: it writes its own text, not the one it was read from or carried
    [System.Diagnostics.CodeAnalysis.SetsRequiredMembers]
    private RegimenHistory(RegimenHistory original)
    {
        Version = original.Version;
        Cutoff = original.Cutoff;
        NormalisedWith = original.NormalisedWith;
        Through = original.Through;
        Kept = original.Kept;
        Runs = original.Runs;
    }

    /// <summary>
    /// The patient version the summary was written with. A patient row whose version differs was written by something
    /// that did not keep the summary (an older release during a rolling upgrade, a hand edit): it is not used.
    /// </summary>
    public int Version { get; init; }

    /// <summary>Every later evaluation of the summary must be at or after this instant.</summary>
    public required DateTimeOffset Cutoff { get; init; }

    /// <summary>The <c>normalised_with</c> stamp of the items the runs were made from.</summary>
    public required string NormalisedWith { get; init; }

    /// <summary>
    /// The highest item id the summary accounts for: the patient's stored items up to it are compacted, except
    /// <see cref="Kept"/>; every item stored after it is live (ids only grow).
    /// </summary>
    public required long Through { get; init; }

    /// <summary>The ids up to <see cref="Through"/> whose items stay live, in ascending order.</summary>
    public required long[] Kept { get; init; }

    public required IReadOnlyList<HistoryRun> Runs { get; init; }

    /// <summary>Which of the patient's stored items are live.</summary>
    public LiveBound Live => new(Through, Kept);

    /// <summary>True when the stored item with this id is compacted (the summary stands for it).</summary>
    public bool Compacts(long id) => id > 0 && !Live.IsLive(id);

    /// <summary>The same summary, keeping <paramref name="ids"/> live as well (compacted items read back, not compacted again).</summary>
    public RegimenHistory Keeping(IEnumerable<long> ids) => this with { Kept = Sorted(Kept.Concat(ids)) };

    /// <summary>Ascending distinct ids.</summary>
    public static long[] Sorted(IEnumerable<long> ids)
    {
        var sorted = ids.Distinct().ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>
    /// The same summary without the runs of the given kinds and ingredients, whose compacted items a decision reads back
    /// instead (<see cref="HistoryReads"/>).
    /// </summary>
    public RegimenHistory Without(IReadOnlySet<(string Kind, string Ingredient)> reopened)
    {
        ArgumentNullException.ThrowIfNull(reopened);
        return this with { Runs = [.. Runs.Where(r => !reopened.Contains((r.Kind, r.Ingredient)))] };
    }

    /// <summary>The same summary for the patient's next version.</summary>
    public RegimenHistory ForVersion(int version) => new()
    {
        Version = version, Cutoff = Cutoff, NormalisedWith = NormalisedWith, Through = Through, Kept = Kept, Runs = Runs,
        // the text after the version is the same for every version of these values: cut out once, then carried
        _afterVersion = _afterVersion ?? AfterVersion(),
    };

    /// <summary>
    /// The stored form (the text it was read from, when it was read), compact because it is read with the patient on
    /// every event: <c>{"version":7,"format":2,"cutoff":ticks,"normalisedWith":"…","through":id,"kept":[id,…],"coverage":{"medication":{"sertraline":[start,end,…]}}}</c>,
    /// instants as UTC ticks, each ingredient's runs as start/end pairs in order. (Summaries written before the liveness
    /// was derived had <c>"runs"</c> and no <c>"through"</c>: they are not read, so a release that still sets
    /// <c>regimen_items.compacted</c> refuses this form as well; nor are summaries without <c>"format":2</c>, written
    /// before a care team's reported stop ended a dispense.) A summary carried to the next version
    /// (<see cref="ForVersion"/>) reuses the text after the version number: it is written with every decision.
    /// </summary>
    public string ToJson()
    {
        if (_json is not null)
        {
            return _json;
        }

        if (_afterVersion is not null)
        {
            return _json = string.Concat(VersionPrefix, Version.ToString(CultureInfo.InvariantCulture), _afterVersion);
        }

        // kinds, then ingredients, in ordinal order; each ingredient's runs by start
        var runs = Runs.ToArray();
        Array.Sort(runs, static (a, b) =>
        {
            var order = string.CompareOrdinal(a.Kind, b.Kind);
            order = order != 0 ? order : string.CompareOrdinal(a.Ingredient, b.Ingredient);
            order = order != 0 ? order : a.Start.UtcTicks.CompareTo(b.Start.UtcTicks);
            return order != 0 ? order : a.End.UtcTicks.CompareTo(b.End.UtcTicks);
        });
        var buffer = new ArrayBufferWriter<byte>(256 + (runs.Length * 48));
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("version", Version);
            json.WriteNumber("format", Format);
            json.WriteNumber("cutoff", Cutoff.UtcTicks);
            json.WriteString("normalisedWith", NormalisedWith);
            json.WriteNumber("through", Through);
            json.WriteStartArray("kept");
            foreach (var id in Kept)
            {
                json.WriteNumberValue(id);
            }

            json.WriteEndArray();
            json.WriteStartObject("coverage");
            for (var i = 0; i < runs.Length;)
            {
                var kind = runs[i].Kind;
                json.WriteStartObject(kind);
                while (i < runs.Length && string.Equals(runs[i].Kind, kind, StringComparison.Ordinal))
                {
                    var ingredient = runs[i].Ingredient;
                    json.WriteStartArray(ingredient);
                    for (; i < runs.Length && string.Equals(runs[i].Kind, kind, StringComparison.Ordinal)
                        && string.Equals(runs[i].Ingredient, ingredient, StringComparison.Ordinal); i++)
                    {
                        json.WriteNumberValue(runs[i].Start.UtcTicks);
                        json.WriteNumberValue(runs[i].End.UtcTicks);
                    }

                    json.WriteEndArray();
                }

                json.WriteEndObject();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return _json = Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    // the stored form after the version number (from ",\"cutoff\"" on), when the stored form starts as ToJson writes it
    private string? AfterVersion()
    {
        var json = ToJson();
        if (!json.StartsWith(VersionPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var end = VersionPrefix.Length;
        while (end < json.Length && char.IsAsciiDigit(json[end]))
        {
            end++;
        }

        return end > VersionPrefix.Length && end < json.Length && json[end] == ',' ? json[end..] : null;
    }

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
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var runs = new List<HistoryRun>();
            foreach (var kind in root.GetProperty("coverage").EnumerateObject())
            {
                foreach (var ingredient in kind.Value.EnumerateObject())
                {
                    using var bounds = ingredient.Value.EnumerateArray();
                    while (bounds.MoveNext())
                    {
                        var start = bounds.Current.GetInt64();
                        var end = bounds.MoveNext() ? bounds.Current.GetInt64() : throw new FormatException("a run without its end");
                        runs.Add(new HistoryRun(kind.Name, ingredient.Name, new DateTimeOffset(start, TimeSpan.Zero), new DateTimeOffset(end, TimeSpan.Zero)));
                    }
                }
            }

            if (root.GetProperty("format").GetInt32() != Format)
            {
                throw new FormatException("another format of summary");
            }

            return new RegimenHistory
            {
                Version = root.GetProperty("version").GetInt32(),
                Cutoff = new DateTimeOffset(root.GetProperty("cutoff").GetInt64(), TimeSpan.Zero),
                NormalisedWith = root.GetProperty("normalisedWith").GetString() ?? throw new FormatException("no normalisedWith"),
                Through = root.GetProperty("through").GetInt64(),
                Kept = KeptIds(root.GetProperty("kept")),
                Runs = runs,
                _json = json,
            };
        }
        catch (Exception e) when (e is JsonException or FormatException or KeyNotFoundException or InvalidOperationException or ArgumentOutOfRangeException)
        {
            throw new InvalidOperationException("A patient's history_json is not a history summary.", e);
        }
    }

    // the kept ids as stored: ascending, distinct
    private static long[] KeptIds(JsonElement kept)
    {
        var ids = new long[kept.GetArrayLength()];
        var i = 0;
        foreach (var id in kept.EnumerateArray())
        {
            ids[i] = id.GetInt64();
            if (i > 0 && ids[i] <= ids[i - 1])
            {
                throw new FormatException("kept ids out of order");
            }

            i++;
        }

        return ids;
    }

    /// <summary>The runs as items the evaluation takes like any other (medications without supply, stopped at the end).</summary>
    public IEnumerable<RegimenItemRecord> Items(long patientId) => Runs.Select(run => Item(run, NormalisedWith, patientId));

    /// <summary>One run as an item; its id (-1) is never a stored row's.</summary>
    public static RegimenItemRecord Item(HistoryRun run, string normalisedWith, long patientId) => new()
    {
        Id = -1,
        PatientId = patientId,
        Kind = run.Kind,
        ItemKey = RegimenMonitor.Rules.HistoryCompaction.SyntheticIdPrefix + run.Ingredient + ":" + run.Start.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Status = "history",
        ProductText = string.Empty,
        Ingredients = run.Ingredient,
        NormalisedWith = normalisedWith,
        StartedAt = run.Start,
        StoppedAt = run.End,
        EffectiveAt = run.Start,
    };
}

/// <summary>One continuous run of an ingredient's coverage among a patient's compacted items of one kind.</summary>
internal sealed record HistoryRun(string Kind, string Ingredient, DateTimeOffset Start, DateTimeOffset End);
