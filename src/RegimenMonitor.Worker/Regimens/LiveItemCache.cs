using System.Buffers;
using System.Collections.Concurrent;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Database.Dialects;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// The live items (not <see cref="RegimenItemRecord.Compacted"/>) of recently decided patients, as the database holds
/// them after the group that decided them committed, so that a patient's next group does not read them again
/// (<see cref="RegimenStore"/>). An entry is keyed by the patient's random surrogate key and is used for exactly the
/// patient row it was written with — its version and the instant of the decision that wrote it (<c>updated_at</c>):
/// every write of a patient's items also moves its version (a decision's bump, checked on write), so when the row read
/// in a group is the entry's, the entry is what the database holds. Any other row — another replica's or the sweep's
/// decision, a failed commit, a database restored to an earlier point and written again since — is a miss, and the
/// items are read. A patient's groups run one after the other (its writer lane), so the last entry stored is the newest.
/// <para>
/// Bounded by <c>Regimen:CachedItems</c> (0: off): above it the least recently used entries (stored or filled from longest
/// ago) are dropped until an eighth of it is free. Items go in and come out as copies, so nothing outside can change an
/// entry; an item a new version did not change stays the same object from entry to entry, so that the entries
/// (long-lived) are not allocated again in full at every event of their patient. The texts that repeat across
/// items (kind, status, product, codes, ingredients, normalisation stamp) are shared through a bounded pool: about
/// 500 bytes per item instead of 850. Only a dialect that says how its
/// rows read back (<see cref="DatabaseDialect.AsStored"/>: PostgreSQL) keeps entries; with the others every lookup misses
/// and nothing is stored.
/// </para>
/// </summary>
internal sealed class LiveItemCache
{
    private static readonly KeyValuePair<string, object?> Hit = new("result", "hit");
    private static readonly KeyValuePair<string, object?> Miss = new("result", "miss");

    // at most this many distinct shared texts, each at most 200 characters
    private const int PoolLimit = 8_192;
    private const int PooledLength = 200;

    private readonly ConcurrentDictionary<Guid, Entry> _entries = new();
    private readonly ConcurrentDictionary<string, string> _pool = new(StringComparer.Ordinal);
    private readonly Lock _eviction = new();
    private readonly int _capacity;
    private long _items;
    private long _clock;
    private int _pooled;
    private long _hits;
    private long _misses;

    public LiveItemCache(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        _capacity = capacity;
    }

    public bool Enabled => _capacity > 0;

    /// <summary>Items held now (at most about the capacity).</summary>
    public long Items => Interlocked.Read(ref _items);

    /// <summary>Lookups that filled a patient's items, since start.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Lookups that did not, since start.</summary>
    public long Misses => Interlocked.Read(ref _misses);

    /// <summary>
    /// Adds the entry's items (copies) to <paramref name="patient"/>'s when the entry is for the patient's id, version
    /// and <c>updated_at</c> (to the microsecond the database keeps); false (nothing added) otherwise.
    /// </summary>
    public bool TryFill(PatientRecord patient)
    {
        ArgumentNullException.ThrowIfNull(patient);
        if (_entries.TryGetValue(patient.SurrogateKey, out var entry) && entry.IsFor(patient))
        {
            Volatile.Write(ref entry.LastUsed, Interlocked.Increment(ref _clock));
            foreach (var item in entry.Items)
            {
                patient.Items.Add(item.Copy());
            }

            Interlocked.Increment(ref _hits);
            Telemetry.ItemCacheLookups.Add(1, Hit);
            return true;
        }

        Interlocked.Increment(ref _misses);
        Telemetry.ItemCacheLookups.Add(1, Miss);
        return false;
    }

    /// <summary>
    /// Remembers the live items among <paramref name="items"/> as the patient's at <paramref name="version"/> written at
    /// <paramref name="updatedAt"/>, after that version committed; it replaces the patient's entry. Forgets the patient instead when an item cannot be told as stored (not written yet, another
    /// patient's, or a value <paramref name="dialect"/> cannot say how it reads back), or when one patient would take
    /// more than an eighth of the capacity.
    /// </summary>
    public void Put(
        Guid surrogateKey, long patientId, int version, DateTimeOffset updatedAt, IEnumerable<RegimenItemRecord> items, DatabaseDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(dialect);
        if (!Enabled)
        {
            return;
        }

        if (!dialect.TellsHowRowsReadBack)
        {
            Forget(surrogateKey);
            return;
        }

        // the patient's previous entry: its items whose stored values did not change are kept as they are (the same
        // objects), so that a new version costs new memory only for what changed and the entries, long-lived, are not
        // rewritten in full at every event
        var previous = new Previous(_entries.TryGetValue(surrogateKey, out var before) && before.PatientId == patientId ? before.Items : []);
        var stored = new List<RegimenItemRecord>();
        foreach (var item in items)
        {
            if (item.Compacted)
            {
                continue;
            }

            if (item.Id == 0 || item.PatientId != patientId || stored.Count >= _capacity / 8)
            {
                Forget(surrogateKey);
                return;
            }

            // an item with the values of the previous entry's is as stored already (that one was): no copy to compare;
            // any other is compared as the database reads it back
            var kept = previous.Unchanged(item);
            RegimenItemRecord? copy = null;
            if (kept is null)
            {
                copy = dialect.AsStored(item);
                if (copy is null)
                {
                    Forget(surrogateKey);
                    return;
                }

                kept = previous.Unchanged(copy);
            }

            if (kept is not null)
            {
                kept.AdoptEngineView(item);
                stored.Add(kept);
                continue;
            }

            copy!.Kind = Shared(copy.Kind);
            copy.Status = Shared(copy.Status);
            copy.ProductText = Shared(copy.ProductText);
            copy.Atc = SharedOrNull(copy.Atc);
            copy.Rxnorm = SharedOrNull(copy.Rxnorm);
            copy.Ndc = SharedOrNull(copy.Ndc);
            copy.Ingredients = SharedOrNull(copy.Ingredients);
            copy.NormalisedWith = SharedOrNull(copy.NormalisedWith);
            stored.Add(copy);
        }

        var entry = new Entry(patientId, version, updatedAt, [.. stored]) { LastUsed = Interlocked.Increment(ref _clock) };
        while (true)
        {
            if (_entries.TryGetValue(surrogateKey, out var old))
            {
                if (_entries.TryUpdate(surrogateKey, entry, old))
                {
                    Interlocked.Add(ref _items, entry.Items.Length - old.Items.Length);
                    break;
                }
            }
            else if (_entries.TryAdd(surrogateKey, entry))
            {
                Interlocked.Add(ref _items, entry.Items.Length);
                break;
            }
        }

        if (Items > _capacity)
        {
            Evict();
        }
    }

    /// <summary>The items of the patient's entry as held (not copies: for tests only; never change them); null without one.</summary>
    internal IReadOnlyList<RegimenItemRecord>? HeldItems(Guid surrogateKey) =>
        _entries.TryGetValue(surrogateKey, out var entry) ? entry.Items : null;

    /// <summary>Drops the patient's entry, if any.</summary>
    public void Forget(Guid surrogateKey)
    {
        if (_entries.TryRemove(surrogateKey, out var old))
        {
            Interlocked.Add(ref _items, -old.Items.Length);
        }
    }

    private string? SharedOrNull(string? text) => text is null ? null : Shared(text);

    // the pooled instance of an equal text; the text itself when it is long or the pool is full
    private string Shared(string text)
    {
        if (_pool.TryGetValue(text, out var pooled))
        {
            return pooled;
        }

        if (text.Length > PooledLength || Volatile.Read(ref _pooled) >= PoolLimit)
        {
            return text;
        }

        if (_pool.TryAdd(text, text))
        {
            Interlocked.Increment(ref _pooled);
            return text;
        }

        return _pool.TryGetValue(text, out pooled) ? pooled : text;
    }

    // the least recently used entries (stored or filled from longest ago) until an eighth of the capacity is free: a
    // working set that fits stays whole (a random quarter, as before, dropped live patients whenever the working set was
    // between three quarters of the capacity and all of it: with 250 patients of long history, two items stored in three
    // had lost their patient's previous entry);
    // one thread evicts, the others go on
    private void Evict()
    {
        if (!_eviction.TryEnter())
        {
            return;
        }

        try
        {
            // pooled arrays: thousands of entries would otherwise be a large-object allocation at every eviction
            var target = _capacity - (_capacity / 8);
            var length = _entries.Count + 64;
            var entries = ArrayPool<KeyValuePair<Guid, Entry>>.Shared.Rent(length);
            var used = ArrayPool<long>.Shared.Rent(length);
            var count = 0;
            try
            {
                foreach (var pair in _entries)
                {
                    if (count == entries.Length)
                    {
                        break;
                    }

                    entries[count] = pair;
                    used[count++] = Volatile.Read(ref pair.Value.LastUsed);
                }

                Array.Sort(used, entries, 0, count);
                for (var i = 0; i < count && Items > target; i++)
                {
                    // only the entry seen: one stored for the patient since is newer
                    if (_entries.TryRemove(entries[i]))
                    {
                        Interlocked.Add(ref _items, -entries[i].Value.Items.Length);
                    }
                }
            }
            finally
            {
                ArrayPool<KeyValuePair<Guid, Entry>>.Shared.Return(entries, clearArray: true);
                ArrayPool<long>.Shared.Return(used);
            }
        }
        finally
        {
            _eviction.Exit();
        }
    }

    // compared by reference: an entry is replaced or evicted only if it is still the one read
    private sealed class Entry(long PatientId, int Version, DateTimeOffset UpdatedAt, RegimenItemRecord[] Items)
    {
        public long PatientId { get; } = PatientId;

        public int Version { get; } = Version;

        public DateTimeOffset UpdatedAt { get; } = UpdatedAt;

        public RegimenItemRecord[] Items { get; } = Items;

        // when it was last stored or filled from, on the cache's clock (Evict)
        public long LastUsed;

        // true when the entry was written with this patient row (its id, version and updated_at as the database keeps it)
        public bool IsFor(PatientRecord patient) =>
            PatientId == patient.Id && Version == patient.Version && Math.Abs(UpdatedAt.UtcTicks - patient.UpdatedAt.UtcTicks) < TimeSpan.TicksPerMicrosecond;
    }

    // a patient's previous items by id: scanned when few, indexed when many
    private readonly struct Previous(RegimenItemRecord[] items)
    {
        private const int Scanned = 48;

        private readonly Dictionary<long, RegimenItemRecord>? _byId = items.Length > Scanned ? items.ToDictionary(i => i.Id) : null;

        // the previous item with the copy's id when its stored values are the copy's; null otherwise
        public RegimenItemRecord? Unchanged(RegimenItemRecord copy)
        {
            RegimenItemRecord? match = null;
            if (_byId is not null)
            {
                _byId.TryGetValue(copy.Id, out match);
            }
            else
            {
                foreach (var item in items)
                {
                    if (item.Id == copy.Id)
                    {
                        match = item;
                        break;
                    }
                }
            }

            return match is not null && match.SameValues(copy) ? match : null;
        }
    }
}
