using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Database.Dialects;
using RegimenMonitor.Worker.Regimens;

namespace RegimenMonitor.Worker.Tests.Unit.Regimens;

/// <summary>
/// The worker's item cache (<see cref="LiveItemCache"/>) gives a patient's items back only for the patient id and version
/// they were stored with, as copies, without the compacted ones; it forgets a patient it cannot store exactly and stays
/// within its capacity. What a real PostgreSQL returns is held to it in LiveItemCacheDatabaseTests.
/// </summary>
public sealed class LiveItemCacheTests
{
    private static readonly DatabaseDialect Postgres = PostgreSqlDialect.Instance;

    [Fact]
    public void Items_come_back_for_the_version_and_patient_they_were_stored_with_only()
    {
        var cache = new LiveItemCache(1000);
        var key = Guid.NewGuid();
        cache.Put(key, patientId: 7, version: 3, At, [Item(1, 7, "D-1"), Item(2, 7, "D-2")], Postgres);

        var hit = Patient(key, id: 7, version: 3);
        Assert.True(cache.TryFill(hit));
        Assert.Equal(["D-1", "D-2"], hit.Items.Select(i => i.ItemKey));
        // another version (another writer moved it), another patient row under the same key: misses, nothing added
        foreach (var miss in new[] { Patient(key, 7, 4), Patient(key, 7, 2), Patient(key, 8, 3), Patient(Guid.NewGuid(), 7, 3) })
        {
            Assert.False(cache.TryFill(miss));
            Assert.Empty(miss.Items);
        }

        Assert.Equal((1, 4), (cache.Hits, cache.Misses));
    }

    [Fact]
    public void Compacted_items_are_left_out_and_what_comes_back_is_a_copy()
    {
        var cache = new LiveItemCache(1000);
        var key = Guid.NewGuid();
        var compacted = Item(3, 7, "D-old");
        compacted.Compacted = true;
        var stored = Item(1, 7, "D-1");
        cache.Put(key, 7, 1, At, [stored, compacted], Postgres);
        stored.Status = "changed after the put";

        var first = Patient(key, 7, 1);
        Assert.True(cache.TryFill(first));
        var item = Assert.Single(first.Items);
        Assert.Equal(("D-1", "completed"), (item.ItemKey, item.Status));
        item.Status = "changed by a reader";

        var second = Patient(key, 7, 1);
        Assert.True(cache.TryFill(second));
        Assert.Equal("completed", Assert.Single(second.Items).Status);
        Assert.NotSame(first.Items[0], second.Items[0]);
    }

    [Fact]
    public void A_patient_that_cannot_be_stored_exactly_is_forgotten()
    {
        var cache = new LiveItemCache(1000);
        var key = Guid.NewGuid();
        cache.Put(key, 7, 1, At, [Item(1, 7, "D-1")], Postgres);
        // an item without its database id (not written), another patient's item, a dialect that does not say how its rows
        // read back, an instant written as infinity: the entry is dropped, not replaced by a partial one
        var cases = new (IReadOnlyList<RegimenItemRecord> Items, DatabaseDialect Dialect)[]
        {
            ([Item(1, 7, "D-1"), Item(0, 7, "D-2")], Postgres),
            ([Item(1, 7, "D-1"), Item(2, 8, "D-2")], Postgres),
            ([Item(1, 7, "D-1")], SqliteDialect.Instance),
            ([Endless()], Postgres),
        };
        var version = 1;
        foreach (var (items, dialect) in cases)
        {
            cache.Put(key, 7, version, At, [Item(1, 7, "D-1")], Postgres);
            Assert.True(cache.TryFill(Patient(key, 7, version)));
            cache.Put(key, 7, ++version, At, items, dialect);
            Assert.False(cache.TryFill(Patient(key, 7, version)));
            Assert.False(cache.TryFill(Patient(key, 7, version - 1)));
            Assert.Equal(0, cache.Items);
            version++;
        }
    }

    [Fact]
    public void The_last_entry_stored_is_used_and_only_for_the_row_it_was_written_with()
    {
        var cache = new LiveItemCache(1000);
        var key = Guid.NewGuid();
        cache.Put(key, 7, 5, At, [Item(1, 7, "D-5")], Postgres);
        // the database was restored to version 3 and written again: the new version 4 replaces the entry of version 5
        cache.Put(key, 7, 4, At.AddSeconds(9), [Item(1, 7, "D-4")], Postgres);
        Assert.False(cache.TryFill(Patient(key, 7, 5)));
        var patient = Patient(key, 7, 4, At.AddSeconds(9));
        Assert.True(cache.TryFill(patient));
        Assert.Equal("D-4", Assert.Single(patient.Items).ItemKey);

        // the same version written by another writer at another instant (another timeline): read, not taken from here
        Assert.False(cache.TryFill(Patient(key, 7, 4, At.AddSeconds(10))));
        // the instant as PostgreSQL keeps it (below the microsecond dropped) is the same row
        cache.Put(key, 7, 6, At.AddTicks(7), [Item(1, 7, "D-6")], Postgres);
        Assert.True(cache.TryFill(Patient(key, 7, 6, At)));
    }

    [Fact]
    public void An_item_a_new_version_did_not_change_stays_as_held_and_a_changed_one_is_replaced()
    {
        var cache = new LiveItemCache(1000);
        var key = Guid.NewGuid();
        cache.Put(key, 7, 1, At, [Item(1, 7, "D-1"), Item(2, 7, "D-2"), Item(3, 7, "D-3")], Postgres);
        var before = cache.HeldItems(key)!;

        // version 2: item 1 read again (another instance, the same values; its instants differ below the microsecond,
        // which PostgreSQL does not keep), item 2 withdrawn, item 3 one microsecond later, item 4 new
        var same = Item(1, 7, "D-1");
        same.UpdatedAt = same.UpdatedAt.AddTicks(3);
        var withdrawn = Item(2, 7, "D-2");
        (withdrawn.Status, withdrawn.Withdrawn) = ("entered-in-error", true);
        var later = Item(3, 7, "D-3");
        later.UpdatedAt = later.UpdatedAt.AddTicks(TimeSpan.TicksPerMicrosecond);
        cache.Put(key, 7, 2, At, [same, withdrawn, later, Item(4, 7, "D-4")], Postgres);

        var after = cache.HeldItems(key)!;
        Assert.Equal([1L, 2, 3, 4], after.Select(i => i.Id));
        Assert.Same(before[0], after[0]);
        Assert.NotSame(before[1], after[1]);
        Assert.NotSame(before[2], after[2]);
        Assert.Equal(4, cache.Items);

        // what comes back is version 2's values, as copies
        var patient = Patient(key, 7, 2);
        Assert.True(cache.TryFill(patient));
        Assert.Equal(
            [("D-1", "completed", false), ("D-2", "entered-in-error", true), ("D-3", "completed", false), ("D-4", "completed", false)],
            patient.Items.Select(i => (i.ItemKey, i.Status, i.Withdrawn)));
        Assert.Equal(later.UpdatedAt, patient.Items[2].UpdatedAt);
        Assert.DoesNotContain(patient.Items, i => after.Contains(i));
    }

    [Fact]
    public void A_patient_with_many_live_items_keeps_its_unchanged_ones_too()
    {
        var cache = new LiveItemCache(1000);
        var key = Guid.NewGuid();
        cache.Put(key, 7, 1, At, [.. Enumerable.Range(1, 40).Select(i => Item(i, 7, $"D-{i}"))], Postgres);
        var before = cache.HeldItems(key)!;

        // the same items in another order, one of them changed
        var next = Enumerable.Range(1, 40).Reverse().Select(i => Item(i, 7, $"D-{i}")).ToList();
        next.Single(i => i.Id == 17).DaysSupply = 90;
        cache.Put(key, 7, 2, At, next, Postgres);

        var after = cache.HeldItems(key)!.ToDictionary(i => i.Id);
        Assert.All(before.Where(i => i.Id != 17), i => Assert.Same(i, after[i.Id]));
        Assert.Equal(90, after[17].DaysSupply);
        Assert.NotSame(before.Single(i => i.Id == 17), after[17]);
    }

    [Fact]
    public void The_cache_stays_within_its_capacity_and_keeps_most_recent_patients_usable()
    {
        const int capacity = 400;
        var cache = new LiveItemCache(capacity);
        var keys = new List<Guid>();
        for (var patient = 0; patient < 1000; patient++)
        {
            var key = Guid.NewGuid();
            keys.Add(key);
            cache.Put(key, patient + 1, 1, At, [.. Enumerable.Range(0, 4).Select(i => Item(i + 1, patient + 1, $"D-{i}"))], Postgres);
            Assert.InRange(cache.Items, 4, capacity);
        }

        // every entry still held is whole, and some of them are there
        var held = keys.Select((key, i) => Patient(key, i + 1, 1)).Where(cache.TryFill).ToList();
        Assert.InRange(held.Count, capacity / 4 / 4, capacity / 4);
        Assert.All(held, p => Assert.Equal(4, p.Items.Count));
        Assert.Equal(held.Count * 4, cache.Items);

        // one patient with more than an eighth of the capacity is not kept
        var big = Guid.NewGuid();
        cache.Put(big, 5000, 1, At, [.. Enumerable.Range(0, capacity / 8 + 1).Select(i => Item(i + 1, 5000, $"D-{i}"))], Postgres);
        Assert.False(cache.TryFill(Patient(big, 5000, 1)));
    }

    [Fact]
    public void Eviction_drops_the_least_recently_used_patients_and_keeps_a_working_set_that_fits()
    {
        // 60 patients seen once, then 80 patients (320 items, within the 350 left after an eviction) whose events come
        // round in turn, as in a replay of long histories: each event reads the patient's entry and stores its next version
        const int capacity = 400;
        var cache = new LiveItemCache(capacity);
        var stale = Enumerable.Range(0, 60).Select(_ => Guid.NewGuid()).ToList();
        for (var p = 0; p < stale.Count; p++)
        {
            cache.Put(stale[p], 1000 + p, 1, At, Items(1000 + p), Postgres);
        }

        var working = Enumerable.Range(0, 80).Select(_ => Guid.NewGuid()).ToList();
        var versions = new int[working.Count];
        var missesInLastRound = 0;
        for (var round = 0; round < 5; round++)
        {
            for (var p = 0; p < working.Count; p++)
            {
                if (round > 0 && !cache.TryFill(Patient(working[p], p + 1, versions[p])))
                {
                    missesInLastRound += round == 4 ? 1 : 0;
                }

                cache.Put(working[p], p + 1, ++versions[p], At, Items(p + 1), Postgres);
                Assert.InRange(cache.Items, 4, capacity);
            }
        }

        // the stale patients made room; the working set, used at every turn, was never dropped
        Assert.Equal(0, missesInLastRound);
        Assert.All(working.Select((key, p) => Patient(key, p + 1, versions[p])), p => Assert.True(cache.TryFill(p)));
        Assert.True(stale.Count(key => cache.HeldItems(key) is not null) <= (capacity - 320) / 4);

        // a patient filled from lately counts as used: of two stored long ago, the one read since stays
        var a = stale.First(key => cache.HeldItems(key) is not null);
        var b = stale.Last(key => cache.HeldItems(key) is not null && key != a);
        Assert.True(cache.TryFill(Patient(a, 1000 + stale.IndexOf(a), 1)));
        for (var p = 0; p < 20; p++)
        {
            cache.Put(Guid.NewGuid(), 5000 + p, 1, At, Items(5000 + p), Postgres);
        }

        Assert.NotNull(cache.HeldItems(a));
        Assert.Null(cache.HeldItems(b));

        static RegimenItemRecord[] Items(long patientId) => [.. Enumerable.Range(0, 4).Select(i => Item(i + 1, patientId, $"D-{i}"))];
    }

    [Fact]
    public void Repeated_texts_are_shared_between_entries_and_keep_their_values()
    {
        var cache = new LiveItemCache(1000);
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());
        var long1 = Item(1, 7, "D-1");
        long1.DetailsJson = new string('x', 300);
        cache.Put(first, 7, 1, At, [long1], Postgres);
        // the same texts, as other instances (each database read makes its own)
        var other = Item(2, 8, "D-2");
        other.ProductText = new string("Zoloft 50 mg tablet".AsSpan());
        other.DetailsJson = new string('x', 300);
        cache.Put(second, 8, 1, At, [other], Postgres);

        var (a, b) = (Patient(first, 7, 1), Patient(second, 8, 1));
        Assert.True(cache.TryFill(a) && cache.TryFill(b));
        Assert.Same(a.Items[0].ProductText, b.Items[0].ProductText);
        Assert.Same(a.Items[0].Kind, b.Items[0].Kind);
        Assert.Equal("Zoloft 50 mg tablet", b.Items[0].ProductText);
        // a long text (item details) is not pooled
        Assert.NotSame(a.Items[0].DetailsJson, b.Items[0].DetailsJson);
        Assert.Equal(a.Items[0].DetailsJson, b.Items[0].DetailsJson);
    }

    [Fact]
    public void A_cache_of_capacity_zero_is_off()
    {
        var cache = new LiveItemCache(0);
        var key = Guid.NewGuid();
        cache.Put(key, 7, 1, At, [Item(1, 7, "D-1")], Postgres);
        Assert.False(cache.Enabled);
        Assert.False(cache.TryFill(Patient(key, 7, 1)));
        Assert.Equal(0, cache.Items);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LiveItemCache(-1));
    }

    [Fact]
    public void Postgresql_items_are_stored_in_utc_microseconds_truncated_toward_its_epoch()
    {
        var item = Item(1, 7, "D-1");
        item.StartedAt = new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.FromHours(2)).AddTicks(1_234_567);
        item.StoppedAt = new DateTimeOffset(1999, 12, 31, 23, 59, 59, TimeSpan.Zero).AddTicks(9_999_999);
        item.EffectiveAt = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(-1);
        item.UpdatedAt = new DateTimeOffset(2026, 12, 1, 21, 0, 0, TimeSpan.FromHours(-5)).AddTicks(5);

        var stored = Postgres.AsStored(item)!;
        Assert.Equal("2024-05-06T05:08:09.1234560+00:00", stored.StartedAt.ToString("O"));
        // before 2000-01-01 the truncation goes toward the epoch, i.e. up
        Assert.Equal("2000-01-01T00:00:00.0000000+00:00", stored.StoppedAt!.Value.ToString("O"));
        Assert.Equal("2000-01-01T00:00:00.0000000+00:00", stored.EffectiveAt.ToString("O"));
        Assert.Equal("2026-12-02T02:00:00.0000000+00:00", stored.UpdatedAt.ToString("O"));
        Assert.NotSame(item, stored);
        Assert.Null(SqliteDialect.Instance.AsStored(item));
        Assert.Null(SqlServerDialect.Instance.AsStored(item));
    }

    private static RegimenItemRecord Endless()
    {
        var item = Item(1, 7, "D-1");
        item.StoppedAt = DateTimeOffset.MaxValue;
        return item;
    }

    private static readonly DateTimeOffset At = new(2026, 11, 20, 9, 30, 0, TimeSpan.Zero);

    private static PatientRecord Patient(Guid key, long id, int version, DateTimeOffset? updatedAt = null) =>
        new() { Id = id, PatientRef = "PT-1", SurrogateKey = key, Version = version, UpdatedAt = updatedAt ?? At };

    private static RegimenItemRecord Item(long id, long patientId, string key) => new()
    {
        Id = id, PatientId = patientId, Kind = "medication", ItemKey = key, Status = "completed", ProductText = "Zoloft 50 mg tablet",
        StartedAt = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), DaysSupply = 30,
        EffectiveAt = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero), UpdatedAt = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero),
    };
}
