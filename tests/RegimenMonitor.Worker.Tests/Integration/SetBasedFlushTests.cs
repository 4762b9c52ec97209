using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

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
    public async Task New_and_changed_rows_read_back_exactly()
    {
        var patient = new PatientRecord { PatientRef = "PT-flush", SurrogateKey = Guid.NewGuid(), CreatedAt = At, UpdatedAt = At };
        patient.Items.Add(Item("D-1", "Zoloft 50 mg tablet", daysSupply: 30));
        await Worker.QueryAsync(db =>
        {
            db.Patients.Add(patient);
            return db.SaveChangesAsync(Ct);
        });

        RegimenItemRecord added;
        var eventId = Guid.NewGuid();
        await using (var scope = Worker.Host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
            await using var transaction = await db.Database.BeginTransactionAsync(Ct);
            var writes = new RegimenWrites();
            // one changed item (nulls included), one new item, a version bump, an inbox row; nothing tracked by EF
            var changed = patient.Items[0];
            changed.Status = "entered-in-error";
            changed.Withdrawn = true;
            changed.Atc = null;
            changed.DaysSupply = null;
            changed.StoppedAt = At.AddDays(3);
            changed.DetailsJson = null;
            writes.ItemWritten(changed);
            added = Item("D-2", "Ultram 50 mg tablet", daysSupply: null);
            added.PatientId = patient.Id;
            added.Atc = "N02AX02";
            added.DaysSupplyAssumed = true;
            patient.Items.Add(added);
            writes.ItemWritten(added);
            writes.Bump(patient, At.AddHours(1));
            patient.NextReviewAt = At.AddDays(30);
            writes.Events.Add(new ProcessedEvent { EventId = eventId, EventType = "medication-dispensed", Outcome = "applied", ProcessedAt = At });

            await SetBasedFlush.WriteAsync(db, writes, Ct);
            await transaction.CommitAsync(Ct);
            Assert.Empty(db.ChangeTracker.Entries());
        }

        Assert.True(added.Id > 0);
        Assert.True(await Worker.QueryAsync(d => d.ProcessedEvents.AnyAsync(e => e.EventId == eventId && e.Outcome == "applied" && e.ProcessedAt == At)));
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
    public async Task A_patient_changed_since_it_was_read_fails_the_write_and_nothing_is_written()
    {
        var patient = new PatientRecord { PatientRef = "PT-race", SurrogateKey = Guid.NewGuid(), CreatedAt = At, UpdatedAt = At };
        await Worker.QueryAsync(db =>
        {
            db.Patients.Add(patient);
            return db.SaveChangesAsync(Ct);
        });

        await using var scope = Worker.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(Ct);
        // another writer commits a change of this patient after it was read
        await Worker.QueryAsync(other => other.Patients.Where(p => p.Id == patient.Id).ExecuteUpdateAsync(s => s.SetProperty(p => p.Version, 7), Ct));
        var writes = new RegimenWrites();
        writes.Bump(patient, At);
        var eventId = Guid.NewGuid();
        writes.Events.Add(new ProcessedEvent { EventId = eventId, EventType = "medication-dispensed", Outcome = "applied", ProcessedAt = At });

        var failure = await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => SetBasedFlush.WriteAsync(db, writes, Ct));
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
