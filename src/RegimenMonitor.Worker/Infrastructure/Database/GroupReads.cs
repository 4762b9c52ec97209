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

    /// <summary>The stored patients among <paramref name="patientRefs"/>, each with all its items, untracked.</summary>
    public static Task<Dictionary<string, PatientRecord>> PatientsWithItemsAsync(
        RegimenDbContext db, IReadOnlyCollection<string> patientRefs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Dialect.PatientsWithItemsAsync(db, [.. patientRefs], cancellationToken);
    }

    /// <summary>Every item of the given patients, untracked.</summary>
    public static Task<List<RegimenItemRecord>> ItemsAsync(RegimenDbContext db, long[] patientIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Dialect.ItemsQuery(db, patientIds).AsNoTracking().ToListAsync(cancellationToken);
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
