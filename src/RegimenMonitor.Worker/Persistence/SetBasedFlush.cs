using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace RegimenMonitor.Worker.Persistence;

/// <summary>
/// The end of a group's unit of work on PostgreSQL: the rows almost every change writes — its inbox row, its regimen
/// item (new or replaced) and its patient's version bump — go to the database as three set-based statements over
/// arrays (<c>unnest</c>), in one round trip, instead of one statement per row; everything else the group touched
/// (findings, outbox rows, anything of another shape) is then saved by EF as usual. Same transaction, same checks: a
/// patient whose version moved since it was read fails the group with <see cref="DbUpdateConcurrencyException"/>, a
/// duplicate key fails it with the database's unique violation, exactly as <c>SaveChanges</c> would.
/// On another provider this is plain <c>SaveChanges</c>.
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

    // the patient columns a change moves; an entry with any other property modified is left to EF
    internal static readonly string[] PatientColumns = ["version", "updated_at", "next_review_at"];

    private const string InsertEvents = """
        INSERT INTO processed_events (event_id, event_type, outcome, processed_at)
        SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[])
        """;

    private const string UpdatePatients = """
        UPDATE patients AS p
        SET version = u.version, updated_at = u.updated_at, next_review_at = u.next_review_at
        FROM unnest($1::bigint[], $2::integer[], $3::integer[], $4::timestamptz[], $5::timestamptz[])
            AS u(id, expected, version, updated_at, next_review_at)
        WHERE p.id = u.id AND p.version = u.expected
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
        WHERE r.id = u.id
        """;

    /// <summary>Writes every pending change of <paramref name="db"/> inside its current transaction.</summary>
    public static async Task SaveChangesAsync(RegimenDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!db.Database.IsNpgsql() || db.Database.CurrentTransaction is not { } transaction)
        {
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var events = new List<EntityEntry>();
        var patients = new List<EntityEntry>();
        var newItems = new List<EntityEntry>();
        var changedItems = new List<EntityEntry>();
        // Entries() detects changes first (new items reached through patient.Items get their patient id here)
        foreach (var entry in db.ChangeTracker.Entries())
        {
            switch (entry.Entity)
            {
                case ProcessedEvent when entry.State == EntityState.Added:
                    events.Add(entry);
                    break;
                case PatientRecord when entry.State == EntityState.Modified && OnlyModified(entry, PatientColumns):
                    patients.Add(entry);
                    break;
                case RegimenItemRecord when entry.State == EntityState.Added:
                    newItems.Add(entry);
                    break;
                case RegimenItemRecord when entry.State == EntityState.Modified && !KeyOrOwnerModified(entry):
                    changedItems.Add(entry);
                    break;
            }
        }

        if (events.Count + patients.Count + newItems.Count + changedItems.Count > 0)
        {
            await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection(), (NpgsqlTransaction)transaction.GetDbTransaction());
            var patientCommand = patients.Count > 0 ? Add(batch, UpdatePatients, PatientArrays(patients)) : null;
            if (events.Count > 0)
            {
                Add(batch, InsertEvents, EventArrays(events));
            }

            if (changedItems.Count > 0)
            {
                Add(batch, UpdateItems, ChangedItemArrays(changedItems));
            }

            var ids = new Dictionary<(long, string, string), long>(newItems.Count);
            if (newItems.Count > 0)
            {
                // last, so the reader's rows are the RETURNING of this statement
                Add(batch, InsertItems, NewItemArrays(newItems));
            }

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

            if (patientCommand is not null && patientCommand.RecordsAffected != patients.Count)
            {
                throw new DbUpdateConcurrencyException(
                    $"{patients.Count - patientCommand.RecordsAffected} of {patients.Count} patient(s) changed since they were read in this group");
            }

            // the rows are written: the tracker now holds them as saved
            foreach (var entry in newItems)
            {
                var item = (RegimenItemRecord)entry.Entity;
                var id = entry.Property(nameof(RegimenItemRecord.Id));
                id.CurrentValue = ids[(item.PatientId, item.Kind, item.ItemKey)];
                id.IsTemporary = false;
            }

            foreach (var entry in events.Concat(patients).Concat(newItems).Concat(changedItems))
            {
                entry.State = EntityState.Unchanged;
            }
        }

        // findings, outbox rows and anything else: EF, same transaction (nothing pending: no round trip)
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
    }

    private static bool OnlyModified(EntityEntry entry, string[] columns)
    {
        foreach (var property in entry.Properties)
        {
            if (property.IsModified && Array.IndexOf(columns, property.Metadata.GetColumnName()) < 0)
            {
                return false;
            }
        }

        return true;
    }

    private static bool KeyOrOwnerModified(EntityEntry entry) =>
        entry.Property(nameof(RegimenItemRecord.PatientId)).IsModified
        || entry.Property(nameof(RegimenItemRecord.Kind)).IsModified
        || entry.Property(nameof(RegimenItemRecord.ItemKey)).IsModified;

    private static NpgsqlBatchCommand Add(NpgsqlBatch batch, string sql, object[] arrays)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var array in arrays)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = array });
        }

        batch.BatchCommands.Add(command);
        return command;
    }

    private static DateTimeOffset Utc(DateTimeOffset value) => value.ToUniversalTime();

    private static DateTimeOffset? Utc(DateTimeOffset? value) => value?.ToUniversalTime();

    private static object[] EventArrays(List<EntityEntry> entries)
    {
        var rows = entries.Select(e => (ProcessedEvent)e.Entity).ToList();
        return
        [
            rows.Select(e => e.EventId).ToArray(),
            rows.Select(e => e.EventType).ToArray(),
            rows.Select(e => e.Outcome).ToArray(),
            rows.Select(e => Utc(e.ProcessedAt)).ToArray(),
        ];
    }

    private static object[] PatientArrays(List<EntityEntry> entries)
    {
        var rows = entries.Select(e => (PatientRecord)e.Entity).ToList();
        return
        [
            rows.Select(p => p.Id).ToArray(),
            entries.Select(e => (int)e.Property(nameof(PatientRecord.Version)).OriginalValue!).ToArray(),
            rows.Select(p => p.Version).ToArray(),
            rows.Select(p => Utc(p.UpdatedAt)).ToArray(),
            rows.Select(p => Utc(p.NextReviewAt)).ToArray(),
        ];
    }

    private static object[] NewItemArrays(List<EntityEntry> entries)
    {
        var items = entries.Select(e => (RegimenItemRecord)e.Entity).ToList();
        return
        [
            items.Select(i => i.PatientId).ToArray(),
            items.Select(i => i.Kind).ToArray(),
            items.Select(i => i.ItemKey).ToArray(),
            .. ItemValues(items),
        ];
    }

    private static object[] ChangedItemArrays(List<EntityEntry> entries)
    {
        var items = entries.Select(e => (RegimenItemRecord)e.Entity).ToList();
        return [items.Select(i => i.Id).ToArray(), .. ItemValues(items)];
    }

    // the columns after the item's identity (patient, kind, key), in ItemColumns order
    private static object[] ItemValues(List<RegimenItemRecord> items) =>
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
