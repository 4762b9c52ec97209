using System.Data.Common;
using Microsoft.Data.SqlClient;
using Microsoft.EntityFrameworkCore;

namespace RegimenMonitor.Worker.Infrastructure.Database.Dialects;

internal sealed partial class SqlServerDialect
{
    // SQL Server (2016+): the same three writes as set-based statements over JSON arrays (OPENJSON; one nvarchar(max)
    // parameter each, rows as objects whose property names are the column names), in one command. The version-checked
    // patient UPDATE's row count is returned by the last SELECT; the new items' ids by the INSERT's OUTPUT.
    internal static readonly IReadOnlyDictionary<string, string> JsonTypes = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["id"] = "bigint", ["expected"] = "int", ["version"] = "int", ["next_review_at"] = "datetimeoffset",
        ["event_id"] = "uniqueidentifier", ["event_type"] = "nvarchar(64)", ["outcome"] = "nvarchar(16)", ["processed_at"] = "datetimeoffset", ["fingerprint"] = "bigint",
        ["patient_id"] = "bigint", ["kind"] = "nvarchar(16)", ["item_key"] = "nvarchar(128)", ["status"] = "nvarchar(32)", ["withdrawn"] = "bit",
        ["product_text"] = "nvarchar(500)", ["atc"] = "nvarchar(max)", ["rxnorm"] = "nvarchar(max)", ["ndc"] = "nvarchar(max)",
        ["ingredients"] = "nvarchar(max)", ["normalised_with"] = "nvarchar(max)", ["started_at"] = "datetimeoffset", ["days_supply"] = "int",
        ["days_supply_assumed"] = "bit", ["stopped_at"] = "datetimeoffset", ["effective_at"] = "datetimeoffset",
        ["source_event_id"] = "uniqueidentifier", ["details_json"] = "nvarchar(max)", ["updated_at"] = "datetimeoffset",
        ["history_json"] = "nvarchar(max)",
    };

    internal static readonly string[] PatientKeys = ["id", "expected", "version", "updated_at", "next_review_at", "history_json"];

    private static readonly string[] ItemValueColumns = SetBasedFlush.ItemColumns[3..];

    /// <summary>
    /// As PostgreSQL's <c>ON CONFLICT DO NOTHING</c>: the key-range lock (UPDLOCK, HOLDLOCK) makes a second worker's insert
    /// of the same stamp wait for the first and then find its row, instead of failing on the key.
    /// </summary>
    public override async Task<bool> RecordFullSweepAsync(RegimenDbContext db, FullSweep sweep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(sweep);
        return await db.Database.ExecuteSqlAsync(
            $"""
            INSERT INTO full_sweeps (stamp, completed_at, regimens)
            SELECT {sweep.Stamp}, {sweep.CompletedAt}, {sweep.Regimens}
            WHERE NOT EXISTS (SELECT 1 FROM full_sweeps WITH (UPDLOCK, HOLDLOCK) WHERE stamp = {sweep.Stamp})
            """,
            cancellationToken) == 1;
    }

    internal static string UpdatePatientsSql => $"""
        UPDATE p SET p.version = u.version, p.updated_at = u.updated_at, p.next_review_at = u.next_review_at, p.history_json = u.history_json
        FROM patients AS p JOIN OPENJSON(@patients) WITH ({With(PatientKeys)}) AS u ON p.id = u.id AND p.version = u.expected;
        SET @bumped = @@ROWCOUNT;
        """;

    internal static string InsertEventsSql => $"""
        INSERT INTO processed_events ({string.Join(", ", SetBasedFlush.ProcessedEventColumns)})
        SELECT {string.Join(", ", SetBasedFlush.ProcessedEventColumns)} FROM OPENJSON(@events) WITH ({With(SetBasedFlush.ProcessedEventColumns)});
        """;

    internal static string UpdateItemsSql => $"""
        UPDATE r SET {string.Join(", ", ItemValueColumns.Select(c => $"r.{c} = u.{c}"))}
        FROM regimen_items AS r JOIN OPENJSON(@changed) WITH ({With(["id", .. ItemValueColumns])}) AS u ON r.id = u.id;
        """;

    internal static string InsertItemsSql => $"""
        INSERT INTO regimen_items ({string.Join(", ", SetBasedFlush.ItemColumns)})
        OUTPUT inserted.id, inserted.patient_id, inserted.kind, inserted.item_key
        SELECT {string.Join(", ", SetBasedFlush.ItemColumns)} FROM OPENJSON(@items) WITH ({With(SetBasedFlush.ItemColumns)});
        """;

    private static string With(IEnumerable<string> columns) => string.Join(", ", columns.Select(c => $"{c} {JsonTypes[c]}"));

    public override async Task WriteRegimenAsync(RegimenDbContext db, DbTransaction transaction, RegimenWrites writes, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(writes);
        if (!writes.IsEmpty)
        {
            await WriteSqlServerAsync(db, (SqlTransaction)transaction, writes, cancellationToken);
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
            Statement(UpdatePatientsSql, "@patients", PatientsJson(writes));
        }

        if (writes.Events.Count > 0)
        {
            Statement(InsertEventsSql, "@events", EventsJson(writes.Events));
        }

        if (writes.ChangedItems.Count > 0)
        {
            Statement(UpdateItemsSql, "@changed", ItemsJson(writes.ChangedItems, withId: true));
        }

        if (newItems.Count > 0)
        {
            Statement(InsertItemsSql, "@items", ItemsJson(newItems, withId: false));
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

    /// <summary>The rows of <see cref="UpdatePatientsSql"/>: keys <see cref="PatientKeys"/>, timestamps in UTC.</summary>
    internal static string PatientsJson(RegimenWrites writes) => Json(writes.Patients.Select(p => new object?[]
    {
        p.Patient.Id, p.ReadVersion, p.Patient.Version, Utc(p.Patient.UpdatedAt), Utc(p.Patient.NextReviewAt), p.Patient.HistoryJson,
    }), PatientKeys);

    internal static string EventsJson(IEnumerable<ProcessedEvent> events) =>
        Json(events.Select(e => new object?[] { e.EventId, e.EventType, e.Outcome, Utc(e.ProcessedAt), e.Fingerprint }), SetBasedFlush.ProcessedEventColumns);

    /// <summary>Item rows in <see cref="SetBasedFlush.ItemColumns"/> order; with their id first (changed items) or not (new items).</summary>
    internal static string ItemsJson(IEnumerable<RegimenItemRecord> items, bool withId) => Json(items.Select(i =>
    {
        object?[] values =
        [
            i.PatientId, i.Kind, i.ItemKey, i.Status, i.Withdrawn, i.ProductText, i.Atc, i.Rxnorm, i.Ndc, i.Ingredients, i.NormalisedWith,
            Utc(i.StartedAt), i.DaysSupply, i.DaysSupplyAssumed, Utc(i.StoppedAt), Utc(i.EffectiveAt), i.SourceEventId, i.DetailsJson,
            Utc(i.UpdatedAt),
        ];
        // a changed item keeps its patient, kind and key: its statement sets the other columns by id
        return withId ? [i.Id, .. values[3..]] : values;
    }), withId ? ["id", .. ItemValueColumns] : SetBasedFlush.ItemColumns);

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
}
