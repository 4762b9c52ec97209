using Microsoft.EntityFrameworkCore;

namespace RegimenMonitor.Worker.Persistence;

/// <summary>
/// The reads of a group of changes: which events were already processed, the patients with their items, their active
/// findings. On PostgreSQL each is one statement of per-key index probes whose plan does not depend on planner
/// statistics: <c>unnest(@keys) CROSS JOIN LATERAL (SELECT … WHERE key = k OFFSET 0)</c>. The <c>OFFSET 0</c> keeps the
/// subquery from being flattened into a join, so the planner can only run it once per key, and for one key on an indexed
/// column an index probe is cheaper than a scan of the table at any size past a few pages, with or without statistics.
/// The join shape it replaces (<c>patients … LEFT JOIN regimen_items ON patient_id</c>, <c>patient_id = ANY(@ids)</c>)
/// was planned as a sequential scan on a fresh database: without statistics PostgreSQL assumes 200 distinct values per
/// column, so a patient "has" 0.5 % of all items and 256 patients "have" all of them (docs/performance.md). On SQLite
/// (the embedded default) the same reads are the plain LINQ queries.
/// </summary>
internal static class GroupReads
{
    /// <summary>The ids among <paramref name="eventIds"/> already in the inbox.</summary>
    public static async Task<HashSet<Guid>> SeenEventIdsAsync(RegimenDbContext db, IReadOnlyCollection<Guid> eventIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var ids = eventIds.ToArray();
        var query = db.Database.IsNpgsql()
            ? db.ProcessedEvents.FromSql($"""
                SELECT e.* FROM unnest({ids}) AS k(id)
                CROSS JOIN LATERAL (SELECT * FROM processed_events WHERE event_id = k.id OFFSET 0) AS e
                """)
            : db.ProcessedEvents.Where(e => ids.Contains(e.EventId));
        return [.. await query.AsNoTracking().Select(e => e.EventId).ToListAsync(cancellationToken)];
    }

    /// <summary>The stored patients among <paramref name="patientRefs"/>, each with all its items, untracked.</summary>
    public static async Task<Dictionary<string, PatientRecord>> PatientsWithItemsAsync(
        RegimenDbContext db, IReadOnlyCollection<string> patientRefs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var refs = patientRefs.ToArray();
        if (!db.Database.IsNpgsql())
        {
            return await db.Patients.AsNoTracking().Include(p => p.Items).AsSingleQuery()
                .Where(p => refs.Contains(p.PatientRef)).ToDictionaryAsync(p => p.PatientRef, StringComparer.Ordinal, cancellationToken);
        }

        var patients = await db.Patients.FromSql($"""
            SELECT p.* FROM unnest({refs}) AS k(ref)
            CROSS JOIN LATERAL (SELECT * FROM patients WHERE patient_ref = k.ref OFFSET 0) AS p
            """).AsNoTracking().ToDictionaryAsync(p => p.Id, cancellationToken);
        if (patients.Count > 0)
        {
            foreach (var item in await ItemsAsync(db, [.. patients.Keys], cancellationToken))
            {
                patients[item.PatientId].Items.Add(item);
            }
        }

        return patients.Values.ToDictionary(p => p.PatientRef, StringComparer.Ordinal);
    }

    /// <summary>Every item of the given patients, untracked (PostgreSQL: one index probe per patient).</summary>
    public static Task<List<RegimenItemRecord>> ItemsAsync(RegimenDbContext db, long[] patientIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.Database.IsNpgsql()
            ? db.RegimenItems.FromSql($"""
                SELECT i.* FROM unnest({patientIds}) AS k(id)
                CROSS JOIN LATERAL (SELECT * FROM regimen_items WHERE patient_id = k.id OFFSET 0) AS i
                """)
            : db.RegimenItems.Where(i => patientIds.Contains(i.PatientId));
        return query.AsNoTracking().ToListAsync(cancellationToken);
    }

    /// <summary>
    /// The findings of the given patients in one of <paramref name="states"/> (the open ones), tracked: the reconciler
    /// updates them and EF saves them.
    /// </summary>
    public static Task<List<FindingRecord>> FindingsAsync(RegimenDbContext db, long[] patientIds, string[] states, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var query = db.Database.IsNpgsql()
            ? db.Findings.FromSql($"""
                SELECT f.* FROM unnest({patientIds}) AS k(id)
                CROSS JOIN LATERAL (SELECT * FROM findings WHERE patient_id = k.id AND state = ANY({states}) OFFSET 0) AS f
                """)
            : db.Findings.Where(f => patientIds.Contains(f.PatientId) && states.Contains(f.State));
        return query.ToListAsync(cancellationToken);
    }
}
