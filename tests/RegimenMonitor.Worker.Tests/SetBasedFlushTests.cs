using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegimenMonitor.Worker.Persistence;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests;

/// <summary>The set-based end of a group's transaction on PostgreSQL (SetBasedFlush) against the real database.</summary>
public sealed class SetBasedFlushTests : PipelineTest
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 14, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_statements_write_every_column_the_model_has()
    {
        var model = await Worker.QueryAsync(db => Task.FromResult(db.Model));
        static IEnumerable<string> Columns(Microsoft.EntityFrameworkCore.Metadata.IModel model, Type type) =>
            model.FindEntityType(type)!.GetProperties().Select(p => p.GetColumnName());

        // a column added to the model but not to the statements would silently never be written
        Assert.Equal(Columns(model, typeof(RegimenItemRecord)).Where(c => c != "id").Order(), SetBasedFlush.ItemColumns.Order());
        Assert.Equal(Columns(model, typeof(ProcessedEvent)).Order(), SetBasedFlush.ProcessedEventColumns.Order());
        Assert.Subset(Columns(model, typeof(PatientRecord)).ToHashSet(), SetBasedFlush.PatientColumns.ToHashSet());
    }

    [Fact]
    public async Task New_and_changed_rows_read_back_exactly_and_the_tracker_holds_them_as_saved()
    {
        long patientId;
        RegimenItemRecord added;
        await using (var scope = Worker.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            var patient = new PatientRecord { PatientRef = "PT-flush", SurrogateKey = Guid.NewGuid(), CreatedAt = At, UpdatedAt = At };
            patient.Items.Add(Item("D-1", "Zoloft 50 mg tablet", daysSupply: 30));
            db.Patients.Add(patient);
            await db.SaveChangesAsync(Ct);
            patientId = patient.Id;

            // one changed item (nulls included), one new item, a version bump, an inbox row
            var changed = patient.Items[0];
            changed.Status = "entered-in-error";
            changed.Withdrawn = true;
            changed.Atc = null;
            changed.DaysSupply = null;
            changed.StoppedAt = At.AddDays(3);
            changed.DetailsJson = null;
            added = Item("D-2", "Ultram 50 mg tablet", daysSupply: null);
            added.Atc = "N02AX02";
            added.DaysSupplyAssumed = true;
            patient.Items.Add(added);
            patient.Version = 1;
            patient.UpdatedAt = At.AddHours(1);
            patient.NextReviewAt = At.AddDays(30);
            var eventId = Guid.NewGuid();
            db.ProcessedEvents.Add(new ProcessedEvent { EventId = eventId, EventType = "medication-dispensed", Outcome = "applied", ProcessedAt = At });

            await SetBasedFlush.SaveChangesAsync(db, Ct);
            await transaction.CommitAsync(Ct);

            Assert.All(db.ChangeTracker.Entries(), e => Assert.Equal(EntityState.Unchanged, e.State));
            Assert.True(added.Id > 0);
            Assert.Equal(patientId, added.PatientId);
            Assert.True(await Worker.QueryAsync(d => d.ProcessedEvents.AnyAsync(e => e.EventId == eventId && e.Outcome == "applied" && e.ProcessedAt == At)));
        }

        var stored = await Worker.PatientAsync("PT-flush");
        Assert.NotNull(stored);
        Assert.Equal(1, stored.Version);
        Assert.Equal(At.AddHours(1), stored.UpdatedAt);
        Assert.Equal(At.AddDays(30), stored.NextReviewAt);
        var first = stored.Items.Single(i => i.ItemKey == "D-1");
        Assert.Equal(("entered-in-error", true, null, null, At.AddDays(3), null), (first.Status, first.Withdrawn, first.Atc, first.DaysSupply, first.StoppedAt, first.DetailsJson));
        var second = stored.Items.Single(i => i.ItemKey == "D-2");
        Assert.Equal(added.Id, second.Id);
        Assert.Equal(("medication", "Ultram 50 mg tablet", "N02AX02", (int?)null, true), (second.Kind, second.ProductText, second.Atc, second.DaysSupply, second.DaysSupplyAssumed));
        Assert.Equal((At, At.AddMinutes(5), added.SourceEventId, "{\"quantity\":30}"), (second.StartedAt, second.EffectiveAt, second.SourceEventId, second.DetailsJson));
    }

    [Fact]
    public async Task A_patient_changed_since_it_was_read_fails_the_flush_and_nothing_is_written()
    {
        await Worker.QueryAsync(async db =>
        {
            db.Patients.Add(new PatientRecord { PatientRef = "PT-race", SurrogateKey = Guid.NewGuid(), CreatedAt = At, UpdatedAt = At });
            return await db.SaveChangesAsync(Ct);
        });

        await using var scope = Worker.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(Ct);
        var patient = await db.Patients.SingleAsync(p => p.PatientRef == "PT-race", Ct);
        // another writer commits a change of this patient meanwhile
        await Worker.QueryAsync(other => other.Patients.Where(p => p.Id == patient.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Version, 7), Ct));
        patient.Version++;
        var eventId = Guid.NewGuid();
        db.ProcessedEvents.Add(new ProcessedEvent { EventId = eventId, EventType = "medication-dispensed", Outcome = "applied", ProcessedAt = At });

        var failure = await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => SetBasedFlush.SaveChangesAsync(db, Ct));
        Assert.Contains("1 of 1 patient(s) changed", failure.Message, StringComparison.Ordinal);
        await transaction.RollbackAsync(Ct);
        Assert.False(await Worker.QueryAsync(d => d.ProcessedEvents.AnyAsync(e => e.EventId == eventId)));
        Assert.Equal(7, (await Worker.PatientAsync("PT-race"))!.Version);
    }

    private static RegimenItemRecord Item(string key, string text, int? daysSupply) => new()
    {
        Kind = "medication",
        ItemKey = key,
        Status = "completed",
        ProductText = text,
        Atc = "N06AB06",
        StartedAt = At,
        DaysSupply = daysSupply,
        EffectiveAt = At.AddMinutes(5),
        SourceEventId = Guid.NewGuid(),
        DetailsJson = "{\"quantity\":30}",
        UpdatedAt = At,
    };
}
