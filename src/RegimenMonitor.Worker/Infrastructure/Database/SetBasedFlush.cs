using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace RegimenMonitor.Worker.Infrastructure.Database;

/// <summary>
/// The end of a group's unit of work: the database's dialect writes its <see cref="RegimenWrites"/> — the rows almost
/// every change writes: its inbox row, its regimen item (new or replaced) and its patient's version bump — and then EF
/// saves the findings and outbox rows it tracks, in the caller's transaction. How the writes are sent is the dialect's
/// (<see cref="Dialects.DatabaseDialect.WriteRegimenAsync"/>: set-based statements over arrays on PostgreSQL, over JSON
/// on SQL Server, EF changes on SQLite). Same checks on every database: a patient whose version moved since it was read
/// fails the group with <see cref="DbUpdateConcurrencyException"/>, a duplicate key fails it with the database's unique
/// violation.
/// </summary>
internal static class SetBasedFlush
{
    // regimen_items columns written by the dialects' statements, in their order; a test holds this list to the EF model
    internal static readonly string[] ItemColumns =
    [
        "patient_id", "kind", "item_key", "status", "withdrawn", "product_text", "atc", "rxnorm", "ndc", "ingredients",
        "normalised_with", "started_at", "days_supply", "days_supply_assumed", "stopped_at", "effective_at", "source_event_id",
        "details_json", "updated_at",
    ];

    internal static readonly string[] ProcessedEventColumns = ["event_id", "event_type", "outcome", "processed_at", "fingerprint"];

    // the patient columns a change moves
    internal static readonly string[] PatientColumns = ["version", "updated_at", "next_review_at", "history_json"];

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
            await db.Dialect.WriteRegimenAsync(db, transaction.GetDbTransaction(), writes, cancellationToken);

            // findings, outbox rows (and on SQLite the writes too): EF, same transaction; nothing pending: no round trip
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            // the dialect's own statements bypass EF's interceptors: a write refused read-only empties the pools here
            // too, or the retries would meet the same read-only sessions (ReadOnlySessionInterceptor)
            db.Dialect.ForgetStaleSessions(ex);
            throw;
        }
        finally
        {
            // the unit is over, written or failed: a next unit on this context reads its rows afresh, so nothing EF
            // tracked here may stay behind (it would clash with the fresh, untracked copies of the same rows)
            db.ChangeTracker.Clear();
        }
    }
}
