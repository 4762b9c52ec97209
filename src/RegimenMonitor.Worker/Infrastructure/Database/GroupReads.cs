using Microsoft.EntityFrameworkCore;

namespace RegimenMonitor.Worker.Infrastructure.Database;

/// <summary>
/// The reads of a group of changes: which events were already processed, the patients, their items, their active
/// findings. The query shapes are the database dialect's (<see cref="Dialects.DatabaseDialect"/>): the plain LINQ
/// queries by default, per-key index probes on PostgreSQL (<see cref="Dialects.PostgreSqlDialect"/> says why).
/// </summary>
internal static class GroupReads
{
    /// <summary>The ids among <paramref name="eventIds"/> already in the inbox, each with its fingerprint (null on rows older than it).</summary>
    public static async Task<Dictionary<Guid, long?>> SeenEventIdsAsync(RegimenDbContext db, IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.Dialect.ProcessedEventsQuery(db, [.. eventIds]);
        return await query.AsNoTracking().Select(e => new { e.EventId, e.Fingerprint }).ToDictionaryAsync(e => e.EventId, e => e.Fingerprint, cancellationToken);
    }

    /// <summary>The stored patients among <paramref name="patientRefs"/>, without their items, untracked.</summary>
    public static async Task<Dictionary<string, PatientRecord>> PatientsAsync(
        RegimenDbContext db, IReadOnlyCollection<string> patientRefs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return await db.Dialect.PatientsQuery(db, [.. patientRefs]).AsNoTracking()
            .ToDictionaryAsync(p => p.PatientRef, StringComparer.Ordinal, cancellationToken);
    }

    /// <summary>Every item of the given patients, untracked.</summary>
    public static Task<List<RegimenItemRecord>> ItemsAsync(RegimenDbContext db, long[] patientIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Dialect.ItemsQuery(db, patientIds).AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>The live items of the given patients, each by its <see cref="LiveBound"/>, untracked.</summary>
    public static async Task<List<RegimenItemRecord>> LiveItemsAsync(
        RegimenDbContext db, IReadOnlyDictionary<long, LiveBound> bounds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(bounds);
        if (bounds.Count == 0)
        {
            return [];
        }

        var rows = await db.Dialect.LiveItemsQuery(db, [.. bounds.Keys], [.. bounds.Values.Select(b => b.After)], [.. bounds.Values.SelectMany(b => b.Kept)])
            .AsNoTracking().ToListAsync(cancellationToken);
        var seen = new HashSet<long>();
        return [.. rows.Where(i => bounds.TryGetValue(i.PatientId, out var bound) && bound.IsLive(i.Id) && seen.Add(i.Id))];
    }

    /// <summary>
    /// The compacted items (<paramref name="compacted"/>) of the given patients and kinds that name one of the given
    /// ingredients (per triple), each once, untracked.
    /// </summary>
    public static async Task<List<RegimenItemRecord>> CompactedItemsAsync(
        RegimenDbContext db, IReadOnlyCollection<(long PatientId, string Kind, string Ingredient)> keys, Func<RegimenItemRecord, bool> compacted,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(compacted);
        if (keys.Count == 0)
        {
            return [];
        }

        var wanted = keys.ToHashSet();
        var rows = await db.Dialect.IngredientItemsQuery(db, [.. keys.Select(k => k.PatientId)], [.. keys.Select(k => k.Kind)], [.. keys.Select(k => k.Ingredient)])
            .AsNoTracking().ToListAsync(cancellationToken);
        var seen = new HashSet<long>();
        return [.. rows.Where(i => i.Ingredients is not null && compacted(i) && seen.Add(i.Id)
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
