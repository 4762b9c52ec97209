using Microsoft.EntityFrameworkCore;

namespace RegimenMonitor.Worker.Infrastructure.Database;

/// <summary>
/// The reads of a group of changes: which events were already processed, the patients with their items, their active
/// findings. The query shapes are the database dialect's (<see cref="Dialects.DatabaseDialect"/>): the plain LINQ
/// queries by default, per-key index probes on PostgreSQL (<see cref="Dialects.PostgreSqlDialect"/> says why).
/// </summary>
internal static class GroupReads
{
    /// <summary>The ids among <paramref name="eventIds"/> already in the inbox.</summary>
    public static async Task<HashSet<Guid>> SeenEventIdsAsync(RegimenDbContext db, IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.Dialect.ProcessedEventsQuery(db, [.. eventIds]);
        return [.. await query.AsNoTracking().Select(e => e.EventId).ToListAsync(cancellationToken)];
    }

    /// <summary>
    /// The stored patients among <paramref name="patientRefs"/>, each with its live items (the ones not
    /// <see cref="RegimenItemRecord.Compacted"/>), untracked; <paramref name="fromCache"/> (when given, and the dialect
    /// keeps an item cache) fills a patient's items instead of the read, and says whether it did.
    /// </summary>
    public static Task<Dictionary<string, PatientRecord>> PatientsWithLiveItemsAsync(
        RegimenDbContext db, IReadOnlyCollection<string> patientRefs, Func<PatientRecord, bool>? fromCache, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Dialect.PatientsWithLiveItemsAsync(db, [.. patientRefs], fromCache, cancellationToken);
    }

    /// <summary>Every item of the given patients, or (<paramref name="liveOnly"/>) the ones not compacted; untracked.</summary>
    public static Task<List<RegimenItemRecord>> ItemsAsync(RegimenDbContext db, long[] patientIds, bool liveOnly, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Dialect.ItemsQuery(db, patientIds, liveOnly).AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The compacted items of the given patients and kinds that name one of the given ingredients (per triple), each
    /// once, untracked.
    /// </summary>
    public static async Task<List<RegimenItemRecord>> CompactedItemsAsync(
        RegimenDbContext db, IReadOnlyCollection<(long PatientId, string Kind, string Ingredient)> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return [];
        }

        var wanted = keys.ToHashSet();
        var rows = await db.Dialect.CompactedItemsQuery(db, [.. keys.Select(k => k.PatientId)], [.. keys.Select(k => k.Kind)], [.. keys.Select(k => k.Ingredient)])
            .AsNoTracking().ToListAsync(cancellationToken);
        var seen = new HashSet<long>();
        return [.. rows.Where(i => i.Compacted && i.Ingredients is not null && seen.Add(i.Id)
            && i.Ingredients.Split(',').Any(ingredient => wanted.Contains((i.PatientId, i.Kind, ingredient))))];
    }

    /// <summary>The stored items among the given (patient id, kind, item key) triples, untracked.</summary>
    public static async Task<List<RegimenItemRecord>> ItemsByKeyAsync(
        RegimenDbContext db, IReadOnlyCollection<(long PatientId, string Kind, string ItemKey)> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(keys);
        if (keys.Count == 0)
        {
            return [];
        }

        var wanted = keys.ToHashSet();
        var rows = await db.Dialect.ItemsByKeyQuery(db, [.. keys.Select(k => k.PatientId)], [.. keys.Select(k => k.Kind)], [.. keys.Select(k => k.ItemKey)])
            .AsNoTracking().ToListAsync(cancellationToken);
        return [.. rows.Where(i => wanted.Contains((i.PatientId, i.Kind, i.ItemKey)))];
    }

    /// <summary>
    /// The findings of the given patients in one of <paramref name="states"/> (the open ones), tracked: the reconciler
    /// updates them and EF saves them.
    /// </summary>
    public static Task<List<FindingRecord>> FindingsAsync(RegimenDbContext db, long[] patientIds, string[] states, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Dialect.FindingsQuery(db, patientIds, states).ToListAsync(cancellationToken);
    }
}
