using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Data.SqlClient;
using Npgsql;

namespace RegimenMonitor.Worker.Persistence;

/// <summary>
/// The end of a group's unit of work: writes its <see cref="RegimenWrites"/> — the rows almost every change writes: its
/// inbox row, its regimen item (new or replaced) and its patient's version bump — and then lets EF save the findings and
/// outbox rows it tracks, in the caller's transaction. On PostgreSQL the writes are three set-based statements over
/// arrays (<c>unnest</c>) in one round trip instead of one statement per row; on SQL Server the same three writes are
/// set-based statements over JSON arrays (<c>OPENJSON</c>) in one command; on SQLite (the embedded default) they are
/// handed to EF. Same checks either way: a patient whose version moved since it was read fails the
/// group with <see cref="DbUpdateConcurrencyException"/>, a duplicate key fails it with the database's unique violation.
/// </summary>
internal static class SetBasedFlush
{
    // regimen_items columns written by the statements below, in their order; a test holds this list to the EF model
    internal static readonly string[] ItemColumns =
    [
        "patient_id", "kind", "item_key", "status", "withdrawn", "product_text", "atc", "rxnorm", "ndc", "ingredients",
        "normalised_with", "started_at", "days_supply", "days_supply_assumed", "stopped_at", "effective_at", "source_event_id",
        "details_json", "updated_at",
    ];

    internal static readonly string[] ProcessedEventColumns = ["event_id", "event_type", "outcome", "processed_at"];

    // the patient columns a change moves
    internal static readonly string[] PatientColumns = ["version", "updated_at", "next_review_at"];

    // The UPDATEs find their rows through the primary key whatever the table's size and statistics: besides the join
    // they restrict the table by `id = ANY(ARRAY(SELECT unnest($1)))`, a key list whose length the planner cannot see
    // (it assumes 10 keys), so an index probe is cheaper than a scan of any table past a few pages. With the join alone,
    // or with `id = ANY($1)` (whose 256 keys the planner does see), PostgreSQL's default cost model (random_page_cost = 4)
    // preferred a sequential scan of the whole table under a hash join up to tens of thousands of rows
    // (FreshDatabasePlanTests; docs/performance.md).
    private const string InsertEvents = """
        INSERT INTO processed_events (event_id, event_type, outcome, processed_at)
        SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[])
        """;

    private const string UpdatePatients = """
        UPDATE patients AS p
        SET version = u.version, updated_at = u.updated_at, next_review_at = u.next_review_at
        FROM unnest($1::bigint[], $2::integer[], $3::integer[], $4::timestamptz[], $5::timestamptz[])
            AS u(id, expected, version, updated_at, next_review_at)
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

    // SQL Server (2016+): the same three writes as set-based statements over JSON arrays (OPENJSON; one nvarchar(max)
    // parameter each, rows as objects whose property names are the column names), in one command. The version-checked
    // patient UPDATE's row count is returned by the last SELECT; the new items' ids by the INSERT's OUTPUT.
    internal static readonly IReadOnlyDictionary<string, string> SqlServerTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["id"] = "bigint", ["expected"] = "int", ["version"] = "int", ["next_review_at"] = "datetimeoffset",
        ["event_id"] = "uniqueidentifier", ["event_type"] = "nvarchar(64)", ["outcome"] = "nvarchar(16)", ["processed_at"] = "datetimeoffset",
        ["patient_id"] = "bigint", ["kind"] = "nvarchar(16)", ["item_key"] = "nvarchar(128)", ["status"] = "nvarchar(32)", ["withdrawn"] = "bit",
        ["product_text"] = "nvarchar(500)", ["atc"] = "nvarchar(max)", ["rxnorm"] = "nvarchar(max)", ["ndc"] = "nvarchar(max)",
        ["ingredients"] = "nvarchar(max)", ["normalised_with"] = "nvarchar(max)", ["started_at"] = "datetimeoffset", ["days_supply"] = "int",
        ["days_supply_assumed"] = "bit", ["stopped_at"] = "datetimeoffset", ["effective_at"] = "datetimeoffset",
        ["source_event_id"] = "uniqueidentifier", ["details_json"] = "nvarchar(max)", ["updated_at"] = "datetimeoffset",
    };

    internal static readonly string[] SqlServerPatientKeys = ["id", "expected", "version", "updated_at", "next_review_at"];

    private static readonly string[] ItemValueColumns = ItemColumns[3..];

    internal static string SqlServerUpdatePatients => $"""
        UPDATE p SET p.version = u.version, p.updated_at = u.updated_at, p.next_review_at = u.next_review_at
        FROM patients AS p JOIN OPENJSON(@patients) WITH ({With(SqlServerPatientKeys)}) AS u ON p.id = u.id AND p.version = u.expected;
        SET @bumped = @@ROWCOUNT;
        """;

    internal static string SqlServerInsertEvents => $"""
        INSERT INTO processed_events ({string.Join(", ", ProcessedEventColumns)})
        SELECT {string.Join(", ", ProcessedEventColumns)} FROM OPENJSON(@events) WITH ({With(ProcessedEventColumns)});
        """;

    internal static string SqlServerUpdateItems => $"""
        UPDATE r SET {string.Join(", ", ItemValueColumns.Select(c => $"r.{c} = u.{c}"))}
        FROM regimen_items AS r JOIN OPENJSON(@changed) WITH ({With(["id", .. ItemValueColumns])}) AS u ON r.id = u.id;
        """;

    internal static string SqlServerInsertItems => $"""
        INSERT INTO regimen_items ({string.Join(", ", ItemColumns)})
        OUTPUT inserted.id, inserted.patient_id, inserted.kind, inserted.item_key
        SELECT {string.Join(", ", ItemColumns)} FROM OPENJSON(@items) WITH ({With(ItemColumns)});
        """;

    private static string With(IEnumerable<string> columns) => string.Join(", ", columns.Select(c => $"{c} {SqlServerTypes[c]}"));

    /// <summary>Writes <paramref name="writes"/>, then EF's pending changes, inside the current transaction.</summary>
    public static async Task WriteAsync(RegimenDbContext db, RegimenWrites writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(writes);
        if (db.Database.CurrentTransaction is not { } transaction)
        {
            throw new InvalidOperationException("The regimen writes need the group's transaction.");
        }

        try
        {
            if (db.Database.IsNpgsql())
            {
                if (!writes.IsEmpty)
                {
                    await WriteSetBasedAsync(db, (NpgsqlTransaction)transaction.GetDbTransaction(), writes, cancellationToken);
                }
            }
            else if (db.Database.IsSqlServer())
            {
                if (!writes.IsEmpty)
                {
                    await WriteSqlServerAsync(db, (SqlTransaction)transaction.GetDbTransaction(), writes, cancellationToken);
                }
            }
            else
            {
                await WriteThroughEfAsync(db, writes, cancellationToken);
            }

            // findings, outbox rows (and on SQLite everything): EF, same transaction; nothing pending: no round trip
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            // the unit is over, written or failed: a next unit on this context reads its rows afresh, so nothing EF
            // tracked here may stay behind (it would clash with the fresh, untracked copies of the same rows)
            db.ChangeTracker.Clear();
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

    /// <summary>
    /// SQLite: the patients' version bumps as version-checked UPDATEs (the patients stay untracked, so EF never walks
    /// their item lists), the items and inbox rows as EF changes saved with the findings.
    /// </summary>
    private static async Task WriteThroughEfAsync(RegimenDbContext db, RegimenWrites writes, CancellationToken cancellationToken)
    {
        foreach (var (patient, readVersion) in writes.Patients)
        {
            var updated = await db.Patients.Where(p => p.Id == patient.Id && p.Version == readVersion)
                .ExecuteUpdateAsync(u => u.SetProperty(p => p.Version, patient.Version)
                    .SetProperty(p => p.UpdatedAt, patient.UpdatedAt)
                    .SetProperty(p => p.NextReviewAt, patient.NextReviewAt), cancellationToken);
            if (updated != 1)
            {
                throw new DbUpdateConcurrencyException("1 of 1 patient(s) changed since it was read");
            }
        }

        db.ProcessedEvents.AddRange(writes.Events);
        foreach (var item in writes.NewItems)
        {
            db.Entry(item).State = EntityState.Added;
        }

        foreach (var item in writes.ChangedItems)
        {
            db.Entry(item).State = EntityState.Modified;
        }
    }

    private static async Task WriteSqlServerAsync(RegimenDbContext db, SqlTransaction transaction, RegimenWrites writes, CancellationToken cancellationToken)
    {
        var newItems = writes.NewItems.ToList();
        await using var command = ((SqlConnection)db.Database.GetDbConnection()).CreateCommand();
        command.Transaction = transaction;
        var sql = new System.Text.StringBuilder("SET NOCOUNT ON;\nDECLARE @bumped int = 0;\n");
        void Statement(string statement, string parameter, string json)
        {
            sql.Append(statement).Append('\n');
            command.Parameters.Add(new SqlParameter(parameter, System.Data.SqlDbType.NVarChar, -1) { Value = json });
        }

        if (writes.PatientCount > 0)
        {
            Statement(SqlServerUpdatePatients, "@patients", SqlServerPatientsJson(writes));
        }

        if (writes.Events.Count > 0)
        {
            Statement(SqlServerInsertEvents, "@events", SqlServerEventsJson(writes.Events));
        }

        if (writes.ChangedItems.Count > 0)
        {
            Statement(SqlServerUpdateItems, "@changed", SqlServerItemsJson(writes.ChangedItems, withId: true));
        }

        if (newItems.Count > 0)
        {
            Statement(SqlServerInsertItems, "@items", SqlServerItemsJson(newItems, withId: false));
        }

        sql.Append("SELECT @bumped;");
        command.CommandText = sql.ToString();

        var ids = new Dictionary<(long, string, string), long>(newItems.Count);
        var bumped = -1;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            do
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    if (reader.FieldCount == 4)
                    {
                        ids[(reader.GetInt64(1), reader.GetString(2), reader.GetString(3))] = reader.GetInt64(0);
                    }
                    else
                    {
                        bumped = reader.GetInt32(0);
                    }
                }
            }
            while (await reader.NextResultAsync(cancellationToken));
        }

        if (writes.PatientCount > 0 && bumped != writes.PatientCount)
        {
            throw new DbUpdateConcurrencyException(
                $"{writes.PatientCount - bumped} of {writes.PatientCount} patient(s) changed since they were read in this group");
        }

        foreach (var item in newItems)
        {
            item.Id = ids[(item.PatientId, item.Kind, item.ItemKey)];
        }
    }

    /// <summary>The rows of <see cref="SqlServerUpdatePatients"/>: keys <see cref="SqlServerPatientKeys"/>, timestamps in UTC.</summary>
    internal static string SqlServerPatientsJson(RegimenWrites writes) => Json(writes.Patients.Select(p => new object?[]
    {
        p.Patient.Id, p.ReadVersion, p.Patient.Version, Utc(p.Patient.UpdatedAt), Utc(p.Patient.NextReviewAt),
    }), SqlServerPatientKeys);

    internal static string SqlServerEventsJson(IEnumerable<ProcessedEvent> events) =>
        Json(events.Select(e => new object?[] { e.EventId, e.EventType, e.Outcome, Utc(e.ProcessedAt) }), ProcessedEventColumns);

    /// <summary>Item rows in <see cref="ItemColumns"/> order; with their id first (changed items) or not (new items).</summary>
    internal static string SqlServerItemsJson(IEnumerable<RegimenItemRecord> items, bool withId) => Json(items.Select(i =>
    {
        object?[] values =
        [
            i.PatientId, i.Kind, i.ItemKey, i.Status, i.Withdrawn, i.ProductText, i.Atc, i.Rxnorm, i.Ndc, i.Ingredients, i.NormalisedWith,
            Utc(i.StartedAt), i.DaysSupply, i.DaysSupplyAssumed, Utc(i.StoppedAt), Utc(i.EffectiveAt), i.SourceEventId, i.DetailsJson,
            Utc(i.UpdatedAt),
        ];
        // a changed item keeps its patient, kind and key: its statement sets the other columns by id
        return withId ? [i.Id, .. values[3..]] : values;
    }), withId ? ["id", .. ItemValueColumns] : ItemColumns);

    private static string Json(IEnumerable<object?[]> rows, string[] keys)
    {
        using var buffer = new MemoryStream();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var row in rows)
            {
                json.WriteStartObject();
                for (var k = 0; k < keys.Length; k++)
                {
                    json.WritePropertyName(keys[k]);
                    System.Text.Json.JsonSerializer.Serialize(json, row[k], row[k]?.GetType() ?? typeof(object));
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
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

    private static DateTimeOffset Utc(DateTimeOffset value) => value.ToUniversalTime();

    private static DateTimeOffset? Utc(DateTimeOffset? value) => value?.ToUniversalTime();

    private static object[] EventArrays(List<ProcessedEvent> rows) =>
    [
        rows.Select(e => e.EventId).ToArray(),
        rows.Select(e => e.EventType).ToArray(),
        rows.Select(e => e.Outcome).ToArray(),
        rows.Select(e => Utc(e.ProcessedAt)).ToArray(),
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
