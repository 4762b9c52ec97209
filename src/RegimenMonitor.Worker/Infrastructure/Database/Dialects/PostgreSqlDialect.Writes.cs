using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace RegimenMonitor.Worker.Infrastructure.Database.Dialects;

// PostgreSQL's group commit: the three writes of a group (version bumps, inbox rows, items) as set-based statements
// over arrays (unnest), sent in one round trip instead of one statement per row.
internal sealed partial class PostgreSqlDialect
{
    // The UPDATEs find their rows through the primary key whatever the table's size and statistics: besides the join
    // they restrict the table by `id = ANY(ARRAY(SELECT unnest($1)))`, a key list whose length the planner cannot see
    // (it assumes 10 keys), so an index probe is cheaper than a scan of any table past a few pages. With the join alone,
    // or with `id = ANY($1)` (whose 256 keys the planner does see), PostgreSQL's default cost model (random_page_cost = 4)
    // preferred a sequential scan of the whole table under a hash join up to tens of thousands of rows
    // (FreshDatabasePlanTests; docs/performance.md).
    private const string InsertEvents = """
        INSERT INTO processed_events (event_id, event_type, outcome, processed_at, fingerprint)
        SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::bigint[])
        """;

    private const string UpdatePatients = """
        UPDATE patients AS p
        SET version = u.version, updated_at = u.updated_at, next_review_at = u.next_review_at, history_json = u.history_json
        FROM unnest($1::bigint[], $2::integer[], $3::integer[], $4::timestamptz[], $5::timestamptz[], $6::text[])
            AS u(id, expected, version, updated_at, next_review_at, history_json)
        WHERE p.id = ANY(ARRAY(SELECT unnest($1::bigint[]))) AND p.id = u.id AND p.version = u.expected
        """;

    private const string InsertItems = """
        INSERT INTO regimen_items (patient_id, kind, item_key, status, withdrawn, product_text, atc, rxnorm, ndc, ingredients,
            normalised_with, started_at, days_supply, days_supply_assumed, stopped_at, effective_at, source_event_id, details_json, updated_at)
        SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[], $7::text[], $8::text[],
            $9::text[], $10::text[], $11::text[], $12::timestamptz[], $13::integer[], $14::boolean[], $15::timestamptz[],
            $16::timestamptz[], $17::uuid[], $18::text[], $19::timestamptz[])
        RETURNING id, patient_id, kind, item_key
        """;

    private const string UpdateItems = """
        UPDATE regimen_items AS r
        SET status = u.status, withdrawn = u.withdrawn, product_text = u.product_text, atc = u.atc, rxnorm = u.rxnorm, ndc = u.ndc,
            ingredients = u.ingredients, normalised_with = u.normalised_with, started_at = u.started_at, days_supply = u.days_supply,
            days_supply_assumed = u.days_supply_assumed, stopped_at = u.stopped_at, effective_at = u.effective_at,
            source_event_id = u.source_event_id, details_json = u.details_json, updated_at = u.updated_at
        FROM unnest($1::bigint[], $2::text[], $3::boolean[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[],
            $10::timestamptz[], $11::integer[], $12::boolean[], $13::timestamptz[], $14::timestamptz[], $15::uuid[], $16::text[],
            $17::timestamptz[])
            AS u(id, status, withdrawn, product_text, atc, rxnorm, ndc, ingredients, normalised_with, started_at, days_supply,
                 days_supply_assumed, stopped_at, effective_at, source_event_id, details_json, updated_at)
        WHERE r.id = ANY(ARRAY(SELECT unnest($1::bigint[]))) AND r.id = u.id
        """;


    private const string InsertPatients = """
        INSERT INTO patients (patient_ref, surrogate_key, version, created_at, updated_at)
        SELECT * FROM unnest($1::text[], $2::uuid[], $3::integer[], $4::timestamptz[], $5::timestamptz[])
        ON CONFLICT (patient_ref) DO NOTHING
        RETURNING id, patient_ref
        """;

    /// <summary>
    /// Inserts the patients not there yet and reads all of them back: a patient another worker created at the same moment
    /// is taken as it stored it (the insert waits for that worker's transaction), with no unique violation. Before, the
    /// violation made the group fail and be retried, and PostgreSQL's own log recorded the conflicting key, the patient
    /// id (found by an independent fault probe with two replicas).
    /// </summary>
    public override async Task<IReadOnlyList<PatientRecord>> CreatePatientsAsync(RegimenDbContext db, List<PatientRecord> created, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(created);
        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(),
            (NpgsqlTransaction?)db.Database.CurrentTransaction?.GetDbTransaction());
        Add(batch, InsertPatients,
        [
            created.Select(p => p.PatientRef).ToArray(), created.Select(p => p.SurrogateKey).ToArray(), created.Select(p => p.Version).ToArray(),
            created.Select(p => Utc(p.CreatedAt)).ToArray(), created.Select(p => Utc(p.UpdatedAt)).ToArray(),
        ]);
        var ids = new Dictionary<string, long>(created.Count, StringComparer.Ordinal);
        try
        {
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids[reader.GetString(1)] = reader.GetInt64(0);
            }
        }
        catch (PostgresException ex)
        {
            throw new DbUpdateException("An error occurred while saving the group's new patients.", ex); // as EF Core reports a write
        }

        // those inserted come back with their ids; one another worker stored meanwhile (rare) is read as it stored it
        var result = new List<PatientRecord>(created.Count);
        var taken = new List<string>();
        foreach (var patient in created)
        {
            if (ids.TryGetValue(patient.PatientRef, out var id))
            {
                patient.Id = id;
                result.Add(patient);
            }
            else
            {
                taken.Add(patient.PatientRef);
            }
        }

        if (taken.Count > 0)
        {
            result.AddRange((await GroupReads.PatientsAsync(db, taken, cancellationToken)).Values);
        }

        return result;
    }

    /// <summary>
    /// Two workers starting together on a new database both record its first stamp: the second insert waits for the first
    /// transaction and then writes nothing, where EF Core's insert failed on the key and logged an Error with its stack
    /// (an independent fault probe).
    /// </summary>
    public override async Task<bool> RecordFullSweepAsync(RegimenDbContext db, FullSweep sweep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(sweep);
        var completedAt = sweep.CompletedAt.ToUniversalTime();
        return await db.Database.ExecuteSqlAsync(
            $"INSERT INTO full_sweeps (stamp, completed_at, regimens) VALUES ({sweep.Stamp}, {completedAt}, {sweep.Regimens}) ON CONFLICT (stamp) DO NOTHING",
            cancellationToken) == 1;
    }

    public override async Task WriteRegimenAsync(RegimenDbContext db, DbTransaction transaction, RegimenWrites writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(writes);
        if (!writes.IsEmpty)
        {
            await WriteSetBasedAsync(db, (NpgsqlTransaction)transaction, writes, cancellationToken);
        }
    }

    /// <summary>
    /// The statements that write <paramref name="writes"/> on PostgreSQL, in execution order: the version-checked patient
    /// update first (when a patient moved), the inserted items last (their <c>RETURNING</c> rows are the reader's rows).
    /// </summary>
    internal static List<(string Sql, object[] Arrays)> Statements(RegimenWrites writes)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var statements = new List<(string, object[])>(4);
        if (writes.PatientCount > 0)
        {
            statements.Add((UpdatePatients, PatientArrays(writes)));
        }

        if (writes.Events.Count > 0)
        {
            statements.Add((InsertEvents, EventArrays(writes.Events)));
        }

        if (writes.ChangedItems.Count > 0)
        {
            statements.Add((UpdateItems, ChangedItemArrays(writes.ChangedItems)));
        }

        if (writes.NewItems.Count > 0)
        {
            statements.Add((InsertItems, NewItemArrays([.. writes.NewItems])));
        }

        return statements;
    }

    private static async Task WriteSetBasedAsync(RegimenDbContext db, NpgsqlTransaction transaction, RegimenWrites writes, CancellationToken cancellationToken)
    {
        var newItems = writes.NewItems;
        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), transaction);
        foreach (var (sql, arrays) in Statements(writes))
        {
            Add(batch, sql, arrays);
        }

        var patientCommand = writes.PatientCount > 0 ? batch.BatchCommands[0] : null;
        var ids = new Dictionary<(long, string, string), long>(newItems.Count);
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            do
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    ids[(reader.GetInt64(1), reader.GetString(2), reader.GetString(3))] = reader.GetInt64(0);
                }
            }
            while (await reader.NextResultAsync(cancellationToken));
        }

        if (patientCommand is not null && patientCommand.RecordsAffected != writes.PatientCount)
        {
            throw new DbUpdateConcurrencyException(
                $"{writes.PatientCount - patientCommand.RecordsAffected} of {writes.PatientCount} patient(s) changed since they were read in this group");
        }

        foreach (var item in newItems)
        {
            item.Id = ids[(item.PatientId, item.Kind, item.ItemKey)];
        }
    }

    private static void Add(NpgsqlBatch batch, string sql, object[] arrays)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var array in arrays)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = array });
        }

        batch.BatchCommands.Add(command);
    }

    private static object[] EventArrays(List<ProcessedEvent> rows) =>
    [
        rows.Select(e => e.EventId).ToArray(),
        rows.Select(e => e.EventType).ToArray(),
        rows.Select(e => e.Outcome).ToArray(),
        rows.Select(e => Utc(e.ProcessedAt)).ToArray(),
        rows.Select(e => e.Fingerprint).ToArray(),
    ];

    private static object[] PatientArrays(RegimenWrites writes)
    {
        var rows = writes.Patients.ToList();
        return
        [
            rows.Select(p => p.Patient.Id).ToArray(),
            rows.Select(p => p.ReadVersion).ToArray(),
            rows.Select(p => p.Patient.Version).ToArray(),
            rows.Select(p => Utc(p.Patient.UpdatedAt)).ToArray(),
            rows.Select(p => Utc(p.Patient.NextReviewAt)).ToArray(),
            rows.Select(p => p.Patient.HistoryJson).ToArray(),
        ];
    }

    private static object[] NewItemArrays(IReadOnlyCollection<RegimenItemRecord> items) =>
    [
        items.Select(i => i.PatientId).ToArray(),
        items.Select(i => i.Kind).ToArray(),
        items.Select(i => i.ItemKey).ToArray(),
        .. ItemValues(items),
    ];

    private static object[] ChangedItemArrays(IReadOnlyCollection<RegimenItemRecord> items) =>
        [items.Select(i => i.Id).ToArray(), .. ItemValues(items)];

    // the columns after the item's identity (patient, kind, key), in ItemColumns order
    private static object[] ItemValues(IReadOnlyCollection<RegimenItemRecord> items) =>
    [
        items.Select(i => i.Status).ToArray(),
        items.Select(i => i.Withdrawn).ToArray(),
        items.Select(i => i.ProductText).ToArray(),
        items.Select(i => i.Atc).ToArray(),
        items.Select(i => i.Rxnorm).ToArray(),
        items.Select(i => i.Ndc).ToArray(),
        items.Select(i => i.Ingredients).ToArray(),
        items.Select(i => i.NormalisedWith).ToArray(),
        items.Select(i => Utc(i.StartedAt)).ToArray(),
        items.Select(i => i.DaysSupply).ToArray(),
        items.Select(i => i.DaysSupplyAssumed).ToArray(),
        items.Select(i => Utc(i.StoppedAt)).ToArray(),
        items.Select(i => Utc(i.EffectiveAt)).ToArray(),
        items.Select(i => i.SourceEventId).ToArray(),
        items.Select(i => i.DetailsJson).ToArray(),
        items.Select(i => Utc(i.UpdatedAt)).ToArray(),
    ];
}
