using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Regimens;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>The consumers' group commit (RegimenWriter) on the real database.</summary>
public sealed class GroupCommitTests : PipelineTest
{
    private static RegimenChange Change(string patient, string text, int hoursAgo, string? dispenseId = null) =>
        EventMapper.Map(new MedicationDispensed
        {
            EventId = Guid.NewGuid(),
            PatientId = patient,
            DispenseId = dispenseId,
            DispensedAt = DateTimeOffset.UtcNow.AddHours(-hoursAgo),
            Medication = new MedicationProduct { Text = text },
            DaysSupply = 30,
        }, 30);

    [Fact]
    public async Task Changes_in_flight_are_written_together_exactly_once_each_and_in_order_per_patient()
    {
        var writer = Worker.Host.Services.GetRequiredService<RegimenWriter>();
        var changes = Enumerable.Range(0, 300).Select(i => Change($"PT-g{i % 7}", i % 2 == 0 ? "Zoloft 50 mg tablet" : "Ultram 50 mg tablet", 300 - i, $"D-{i}")).ToList();
        // the same event submitted twice at once: applied once
        changes.Add(changes[10]);
        var results = await Task.WhenAll(changes.Select(c => writer.ApplyAsync(c, Ct)));

        Assert.Equal(300, results.Count(r => r.Outcome == ApplyOutcome.Applied));
        Assert.Equal(1, results.Count(r => r.Outcome == ApplyOutcome.Duplicate));
        var (items, versions, processed, findings) = await Worker.QueryAsync(async db => (
            await db.RegimenItems.CountAsync(),
            await db.Patients.SumAsync(p => p.Version),
            await db.ProcessedEvents.CountAsync(),
            await db.Findings.Where(f => f.State == "active").CountAsync()));
        Assert.Equal(300, items);
        Assert.Equal(300, versions);
        Assert.Equal(300, processed);
        // every patient ends with an SSRI and tramadol covering now: one SER-08 finding each, one alert each
        Assert.Equal(7, findings);
        Assert.Equal(7, await Worker.QueryAsync(db => db.Outbox.CountAsync()));
    }

    [Fact]
    public async Task A_stop_refused_by_its_statements_earlier_report_is_refused_alone_and_the_rest_of_its_group_commits()
    {
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        RegimenChange Statement(DateOnly? startedOn, DateOnly? stoppedOn, int hoursAgo) => EventMapper.Map(new SupplementReported
        {
            EventId = Guid.NewGuid(), PatientId = "PT-refuse", StatementId = "ST-refuse",
            Status = stoppedOn is null ? "active" : "stopped", ReportedAt = DateTimeOffset.UtcNow.AddHours(-hoursAgo),
            Supplement = new SupplementProduct { Text = "St. John's Wort 300 mg capsule" }, StartedOn = startedOn, StoppedOn = stoppedOn, Source = "patient",
        });
        var started = Statement(today.AddDays(-5), null, 3);
        // a typo: the stop is before the start the first report gave, in the same group as it
        var contradicting = Statement(null, today.AddDays(-10), 2);
        var sertraline = Change("PT-refuse", "Zoloft 50 mg tablet", 1, "D-refuse");
        var other = Change("PT-refuse-other", "Zoloft 50 mg tablet", 1, "D-refuse-other");
        var writer = Worker.Host.Services.GetRequiredService<RegimenWriter>();

        await using (var scope = Worker.Host.Services.CreateAsyncScope())
        {
            var results = await scope.ServiceProvider.GetRequiredService<RegimenStore>().ApplyBatchAsync(
                [started, contradicting, sertraline, other], [default, default, default, default], Ct);

            Assert.Equal([null, typeof(InvalidEventException), null, null], results.Select(r => r.Refusal?.GetType()));
            Assert.StartsWith("stoppedOn: the stop is before the start an earlier report", Assert.Single(results[1].Refusal!.Failures), StringComparison.Ordinal);
            Assert.Equal([ApplyOutcome.Applied, ApplyOutcome.Applied, ApplyOutcome.Applied], results.Where(r => r.Refusal is null).Select(r => r.Outcome));
        }

        // the others committed in the group: the reported start kept, the refused event not recorded (its redelivery is
        // refused again), the St John's wort and sertraline finding open
        var patient = await Worker.PatientAsync("PT-refuse");
        var wort = Assert.Single(patient!.Items, i => i.ItemKey == "ST-refuse");
        Assert.Null(wort.StoppedAt);
        Assert.Equal(3, await Worker.QueryAsync(db => db.ProcessedEvents.CountAsync(e => e.EventId == started.EventId || e.EventId == sertraline.EventId || e.EventId == other.EventId)));
        Assert.False(await Worker.QueryAsync(db => db.ProcessedEvents.AnyAsync(e => e.EventId == contradicting.EventId)));
        Assert.Equal(1, await Worker.QueryAsync(db => db.Findings.CountAsync(f => f.PatientId == patient.Id && f.State == "active")));

        // through the writer, as a consume submits it: the refusal is the consume's exception
        var refused = await Assert.ThrowsAsync<InvalidEventException>(() => writer.ApplyAsync(contradicting, Ct));
        Assert.StartsWith("stoppedOn:", Assert.Single(refused.Failures), StringComparison.Ordinal);

        // the refused event twice in one group (a redelivery beside its first delivery): the second copy is not taken for
        // a duplicate of what was never stored; the group fails and each copy is refused alone (found by a review)
        await using (var scope = Worker.Host.Services.CreateAsyncScope())
        {
            await Assert.ThrowsAsync<InvalidEventException>(() => scope.ServiceProvider.GetRequiredService<RegimenStore>().ApplyBatchAsync(
                [contradicting, contradicting], [default, default], Ct));
        }

        Assert.False(await Worker.QueryAsync(db => db.ProcessedEvents.AnyAsync(e => e.EventId == contradicting.EventId)));
    }

    [Fact]
    public async Task An_event_id_reused_for_a_new_patient_in_the_same_group_leaves_no_patient_row()
    {
        var first = Change("PT-dup-a", "Zoloft 50 mg tablet", 2, "D-dup-a");
        // the same event id reused for another, new, patient in the same group: a conflict, not applied, and the same
        // event again: a duplicate
        var reused = Change("PT-dup-b", "Ultram 50 mg tablet", 1, "D-dup-b") with { EventId = first.EventId };
        await using var scope = Worker.Host.Services.CreateAsyncScope();
        var results = await scope.ServiceProvider.GetRequiredService<RegimenStore>().ApplyBatchAsync([first, reused, first], [default, default, default], Ct);

        Assert.Equal([ApplyOutcome.Applied, ApplyOutcome.Conflict, ApplyOutcome.Duplicate], results.Select(r => r.Outcome));
        Assert.Equal(["PT-dup-a"], await Worker.QueryAsync(db => db.Patients.Where(p => p.PatientRef.StartsWith("PT-dup")).Select(p => p.PatientRef).ToListAsync()));
        Assert.Equal(1, await Worker.QueryAsync(db => db.RegimenItems.CountAsync(i => i.ItemKey.StartsWith("D-dup"))));
    }

    [Fact]
    public async Task An_applied_event_id_is_a_duplicate_when_it_says_the_same_and_a_conflict_when_it_does_not()
    {
        var first = Change("PT-fp", "Zoloft 50 mg tablet", 5, "D-fp") with { DetailsJson = Details("Take 1 by mouth daily") };
        var legacy = Change("PT-fp", "Ultram 50 mg tablet", 4, "D-fp-legacy");
        var earlier = Change("PT-fp", "Tums 500 mg", 3, "D-fp-earlier") with { DetailsJson = Details("Chew 2 tablets by mouth") };
        await Apply([first, legacy, earlier]);
        var version = (await Worker.PatientAsync("PT-fp"))!.Version;
        // a row written before fingerprints were stored: a redelivery of it cannot be told apart, so it stays a duplicate
        await Worker.QueryAsync(db => db.ProcessedEvents.Where(e => e.EventId == legacy.EventId).ExecuteUpdateAsync(u => u.SetProperty(e => e.Fingerprint, (long?)null)));
        // a row an earlier release stored (its fingerprint left the directions out): its redelivery stays a duplicate, during
        // an upgrade with old and new workers side by side too
        var withoutDetails = EventFingerprint.WithoutDetails(earlier);
        await Worker.QueryAsync(db => db.ProcessedEvents.Where(e => e.EventId == earlier.EventId).ExecuteUpdateAsync(u => u.SetProperty(e => e.Fingerprint, (long?)withoutDetails)));

        var results = await Apply([
            first,
            first with { DetailsJson = """{"dosageText":"Take 1 by mouth daily","pharmacyId":"PH-2"}""" },
            first with { Status = "entered-in-error", Withdraws = true },
            first with { DaysSupply = 90 },
            first with { ProductText = "Zoloft 100 mg tablet" },
            first with { EffectiveAt = first.EffectiveAt.AddMinutes(1), StartedAt = first.StartedAt.AddMinutes(1) },
            first with { ItemKey = "D-fp-other" },
            legacy with { ProductText = "Zoloft 50 mg tablet" },
            first with { DetailsJson = Details("Instill 2 drops into the affected ear") },
            earlier,
        ]);

        // the details that change no finding are not part of what an event says (a release may read them differently);
        // the directions are (they can decide the route)
        Assert.Equal(
            [ApplyOutcome.Duplicate, ApplyOutcome.Duplicate, ApplyOutcome.Conflict, ApplyOutcome.Conflict, ApplyOutcome.Conflict,
             ApplyOutcome.Conflict, ApplyOutcome.Conflict, ApplyOutcome.Duplicate, ApplyOutcome.Conflict, ApplyOutcome.Duplicate],
            results);
        var patient = await Worker.PatientAsync("PT-fp");
        Assert.Equal(3, patient!.Items.Count);
        Assert.DoesNotContain(patient.Items, i => i.Withdrawn);
        Assert.Equal(version, patient.Version);

        static string Details(string directions) => "{\"dosageText\":\"" + directions + "\"}";

        async Task<ApplyOutcome[]> Apply(RegimenChange[] changes)
        {
            await using var scope = Worker.Host.Services.CreateAsyncScope();
            var outcomes = await scope.ServiceProvider.GetRequiredService<RegimenStore>().ApplyBatchAsync(changes, [.. changes.Select(_ => default(System.Diagnostics.ActivityContext))], Ct);
            return [.. outcomes.Select(o => o.Outcome)];
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task An_event_id_stored_by_another_transaction_after_the_inbox_read_is_a_duplicate_or_conflict_not_an_error(bool samePatient)
    {
        // the first delivery (or the same id reused for another patient) holds the inbox row, not yet committed, while
        // this group reads the inbox and goes on to write: the inbox key refuses its insert once the other commits
        var first = Change("PT-race-a", "Zoloft 50 mg tablet", 2, "D-race-a");
        var racing = samePatient ? first : Change("PT-race-b", "Ultram 50 mg tablet", 1, "D-race-b") with { EventId = first.EventId };
        var other = Change("PT-race-c", "Zoloft 50 mg tablet", 2, "D-race-c");
        await using var holder = new NpgsqlConnection(Database.ConnectionString);
        await holder.OpenAsync(Ct);
        await using var transaction = await holder.BeginTransactionAsync(Ct);
        await using (var insert = new NpgsqlCommand(
            "INSERT INTO processed_events (event_id, event_type, outcome, processed_at, fingerprint) VALUES (@id, 'medication-dispensed', 'applied', now(), @fp)",
            holder, transaction))
        {
            insert.Parameters.AddWithValue("id", first.EventId);
            insert.Parameters.AddWithValue("fp", EventFingerprint.Of(first));
            await insert.ExecuteNonQueryAsync(Ct);
        }

        await using var scope = Worker.Host.Services.CreateAsyncScope();
        var applying = scope.ServiceProvider.GetRequiredService<RegimenStore>().ApplyBatchAsync([other, racing], [default, default], Ct);
        // wait until the group's insert waits for the holder's row, then commit it
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!applying.IsCompleted && !await WaitingOnALockAsync())
        {
            Assert.True(DateTime.UtcNow < deadline, "the group never waited for the inbox row");
            await Task.Delay(50, Ct);
        }

        await transaction.CommitAsync(Ct);
        var results = await applying;

        Assert.Equal([ApplyOutcome.Applied, samePatient ? ApplyOutcome.Duplicate : ApplyOutcome.Conflict], results.Select(r => r.Outcome));
        // nothing of the racing change stays: no patient row for a new patient, no item; the other change is applied once
        Assert.Equal(["PT-race-c"], await Worker.QueryAsync(db => db.Patients.Where(p => p.PatientRef.StartsWith("PT-race")).Select(p => p.PatientRef).ToListAsync()));
        Assert.Equal(["D-race-c"], await Worker.QueryAsync(db => db.RegimenItems.Where(i => i.ItemKey.StartsWith("D-race")).Select(i => i.ItemKey).ToListAsync()));
        Assert.Equal(2, await Worker.ProcessedCountAsync());

        async Task<bool> WaitingOnALockAsync()
        {
            await using var probe = new NpgsqlConnection(Database.ConnectionString);
            await probe.OpenAsync(Ct);
            await using var query = new NpgsqlCommand("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", probe);
            return (long)(await query.ExecuteScalarAsync(Ct))! > 0;
        }
    }

    [Fact]
    public async Task A_change_that_fails_in_the_database_fails_only_its_own_message()
    {
        var writer = Worker.Host.Services.GetRequiredService<RegimenWriter>();
        var good = Enumerable.Range(0, 40).Select(i => Change($"PT-ok{i}", "Zoloft 50 mg tablet", 2)).ToList();
        // past validation, but too long for the column: the database refuses it (and with it, first, its whole group)
        var bad = Change("PT-bad", "Zoloft 50 mg tablet", 2) with { PatientRef = new string('x', 100) };
        var all = good.Take(20).Append(bad).Concat(good.Skip(20)).Select(c => writer.ApplyAsync(c, Ct)).ToList();

        var failure = await Assert.ThrowsAnyAsync<DbUpdateException>(() => all[20]);
        Assert.NotNull(failure);
        var results = await Task.WhenAll(all.Where((_, i) => i != 20));
        Assert.All(results, r => Assert.Equal(ApplyOutcome.Applied, r.Outcome));
        Assert.Equal(40, await Worker.ProcessedCountAsync());
    }

    [Fact]
    public async Task A_consume_resumed_after_its_commit_does_not_hold_up_the_writer()
    {
        var writer = Worker.Host.Services.GetRequiredService<RegimenWriter>();
        // Runs synchronously where the first change's result is set and blocks that thread until a second change of
        // the same patient (so of the same writer lane) has committed. Were consumes resumed on the writer's own
        // thread, the second change could never be written and the wait would time out.
        var resumed = writer.ApplyAsync(Change("PT-resume", "Zoloft 50 mg tablet", 48, "D-first"), Ct).ContinueWith(first =>
        {
            var second = writer.ApplyAsync(Change("PT-resume", "Ultram 50 mg tablet", 1, "D-second"), Ct);
            return (First: first.Result.Outcome, SecondInTime: second.Wait(TimeSpan.FromSeconds(30), Ct), Second: second);
        }, Ct, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

        var (firstOutcome, secondInTime, secondTask) = await resumed;

        Assert.Equal(ApplyOutcome.Applied, firstOutcome);
        Assert.True(secondInTime, "the second change of the lane was not written while the first consume's thread waited");
        Assert.Equal(ApplyOutcome.Applied, (await secondTask).Outcome);
        Assert.Equal(2, await Worker.QueryAsync(db => db.RegimenItems.CountAsync()));
    }
}
