using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Observability;
using RegimenMonitor.Worker.Regimens;

namespace RegimenMonitor.Worker.Sweep;

/// <summary>Progress of a sweep: regimens done of those due when it started, and alerts written so far.</summary>
internal readonly record struct SweepProgress(long Done, long Due, long Alerts);

/// <summary>What one sweep did; <paramref name="Completed"/> is false when it stopped before the last regimen (the host stopping).</summary>
internal readonly record struct SweepResult(long Regimens, long Alerts, long Batches, TimeSpan Elapsed, bool Completed = true);

/// <summary>
/// Re-evaluates, in set-based batches, only the regimens whose result can change with time alone: those whose
/// <c>next_review_at</c> (the engine's next coverage end, washout end or duration threshold) has passed. Each batch
/// loads its patients, items and open findings in three queries, asks <see cref="RegimenDecision"/> (with no change)
/// what time alone did to each regimen, and commits the decisions — findings, alerts, re-normalised items and the next
/// review instants — in one transaction. A sweep interrupted half-way resumes where it stopped: committed
/// patients are no longer due, and findings reconcile by fingerprint, so nothing is alerted twice.
/// <see cref="SweepEveryRegimenAsync"/> (the <c>sweep --all</c> verb) takes every regimen, due or not: after a new rule set or a
/// terminology import, which reach a regimen only when it is next decided (its next event or review), so that new
/// rules and code mappings reach every patient now. Interrupted, it starts again from the first patient. When it
/// reaches the last patient it records the stamp it brought them up to (<see cref="FullSweep"/>); the sweep job
/// (<see cref="SweepForJobAsync"/>) sweeps every regimen whenever the worker's own stamp is not recorded, so a deploy
/// or an import needs no operator.
/// </summary>
internal sealed class RegimenSweeper(
    IServiceScopeFactory scopes,
    RegimenDecision regimenDecision,
    IOptions<AlertOptions> options,
    TimeProvider timeProvider,
    ILogger<RegimenSweeper> logger)
{
    private const int MaxConflictRetries = 5;

    /// <summary>The regimens that are due (<c>next_review_at</c> passed): the nightly sweep.</summary>
    public Task<SweepResult> SweepAsync(IProgress<SweepProgress>? progress, CancellationToken cancellationToken, CancellationToken stopAfterBatch = default) =>
        RunAsync(progress, everyRegimen: false, cancellationToken, stopAfterBatch);

    /// <summary>
    /// The due regimens between nightly sweeps (<see cref="AlertOptions.ReviewInterval"/>): nothing, not even a log line,
    /// when none is due (the usual case, one indexed count); null then.
    /// </summary>
    public async Task<SweepResult?> ReviewDueAsync(CancellationToken cancellationToken, CancellationToken stopAfterBatch)
    {
        var asOf = timeProvider.GetUtcNow();
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
            if (!await db.Patients.AnyAsync(p => p.NextReviewAt != null && p.NextReviewAt <= asOf, cancellationToken))
            {
                return null;
            }
        }

        return await SweepAsync(null, cancellationToken, stopAfterBatch);
    }

    /// <summary>
    /// Every regimen, due or not (<c>sweep --all</c>); once the last one is done, the rule set and terminology it used
    /// are recorded as swept.
    /// </summary>
    public Task<SweepResult> SweepEveryRegimenAsync(IProgress<SweepProgress>? progress, CancellationToken cancellationToken, CancellationToken stopAfterBatch = default) =>
        RunAsync(progress, everyRegimen: true, cancellationToken, stopAfterBatch);

    /// <summary>
    /// What the sweep job does at a firing: every regimen when the current rule set and terminology have not been swept
    /// yet (a new release or import); otherwise the due ones, or nothing when <paramref name="onlyIfNotSwept"/> (the
    /// firing at start, which is only there to bring a new release in).
    /// </summary>
    public async Task<SweepResult?> SweepForJobAsync(bool onlyIfNotSwept, CancellationToken cancellationToken, CancellationToken stopAfterBatch)
    {
        bool swept;
        try
        {
            swept = await IsSweptAsync(regimenDecision.NormalisationStamp, cancellationToken);
        }
        catch (System.Data.Common.DbException ex)
        {
            // full_sweeps unreadable (a database not yet migrated to 0008, with Database:MigrateOnStart off): the
            // nightly sweep of the due regimens must still run; the next firing checks again
            Log.FullSweepStateFailed(logger, ex);
            swept = true;
        }

        if (!swept)
        {
            Log.FullSweepNeeded(logger, regimenDecision.NormalisationStamp);
            return await SweepEveryRegimenAsync(null, cancellationToken, stopAfterBatch);
        }

        return onlyIfNotSwept ? null : await SweepAsync(null, cancellationToken, stopAfterBatch);
    }

    /// <summary>
    /// At a worker's start, before anything is consumed: on a database that holds no regimen there is nothing to bring up
    /// to the current rule set and terminology, so they are recorded as swept (a new deployment sweeps nothing).
    /// Returns whether they are swept now.
    /// </summary>
    public async Task<bool> RecordWhenNothingToSweepAsync(CancellationToken cancellationToken)
    {
        var stamp = regimenDecision.NormalisationStamp;
        if (await IsSweptAsync(stamp, cancellationToken))
        {
            return true;
        }

        await using (var scope = scopes.CreateAsyncScope())
        {
            if (await scope.ServiceProvider.GetRequiredService<RegimenDbContext>().Patients.AnyAsync(cancellationToken))
            {
                return false;
            }
        }

        await InsertFullSweepAsync(stamp, 0, cancellationToken);
        return true;
    }

    /// <summary>Whether a sweep of every regimen has finished with this rule set and terminology (<paramref name="stamp"/>).</summary>
    public async Task<bool> IsSweptAsync(string stamp, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
        return await db.FullSweeps.AnyAsync(s => s.Stamp == stamp, cancellationToken);
    }

    private async Task<SweepResult> RunAsync(IProgress<SweepProgress>? progress, bool everyRegimen, CancellationToken cancellationToken, CancellationToken stopAfterBatch)
    {
        var stopwatch = Stopwatch.StartNew();
        var asOf = timeProvider.GetUtcNow();
        // the rule set and terminology the items are re-normalised with (a terminology reload during the sweep changes
        // it, and the next firing sweeps again)
        var stamp = regimenDecision.NormalisationStamp;
        using var activity = Telemetry.Source.StartActivity("regimen sweep");
        long due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
            due = everyRegimen
                ? await db.Patients.LongCountAsync(cancellationToken)
                : await db.Patients.LongCountAsync(p => p.NextReviewAt != null && p.NextReviewAt <= asOf, cancellationToken);
        }

        Log.SweepStarted(logger, due, everyRegimen ? "every regimen" : "due", asOf);
        long done = 0, alerts = 0, batches = 0, lastId = 0;
        var completed = true;
        var nextLog = stopwatch.Elapsed + TimeSpan.FromSeconds(5);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (count, batchAlerts, maxId) = await SweepBatchWithRetriesAsync(asOf, lastId, everyRegimen, cancellationToken);
            if (count == 0)
            {
                break;
            }

            lastId = maxId;
            done += count;
            alerts += batchAlerts;
            batches++;
            AlertTelemetry.RegimensSwept.Add(count);
            var total = Math.Max(due, done);
            progress?.Report(new SweepProgress(done, total, alerts));
            if (stopwatch.Elapsed >= nextLog)
            {
                var rate = done / stopwatch.Elapsed.TotalSeconds;
                Log.SweepProgress(logger, done, total, alerts, rate);
                nextLog = stopwatch.Elapsed + TimeSpan.FromSeconds(5);
            }

            if (stopAfterBatch.IsCancellationRequested)
            {
                // the host is stopping: the regimens not reached stay due (next_review_at) for the next sweep, and a
                // sweep of every regimen is not recorded, so the next firing starts it again
                completed = false;
                break;
            }
        }

        if (everyRegimen && completed)
        {
            try
            {
                // a second sweep of every regimen with the same stamp (sweep --all run again) leaves the first row
                if (!await IsSweptAsync(stamp, cancellationToken))
                {
                    await InsertFullSweepAsync(stamp, done, cancellationToken);
                }
            }
            catch (System.Data.Common.DbException ex)
            {
                // the regimens are swept; only the record is missing, so the next firing sweeps them again
                Log.FullSweepStateFailed(logger, ex);
            }
        }

        activity?.SetTag("regimen_monitor.sweep.regimens", done);
        activity?.SetTag("regimen_monitor.sweep.alerts", alerts);
        activity?.SetTag("regimen_monitor.sweep.batches", batches);
        activity?.SetTag("regimen_monitor.sweep.scope", everyRegimen ? "all" : "due");
        Log.SweepFinished(logger, done, alerts, batches, stopwatch.Elapsed.TotalSeconds);
        return new SweepResult(done, alerts, batches, stopwatch.Elapsed, completed);
    }

    /// <summary>
    /// Whether <paramref name="decision"/> leaves the stored patient as it is: no item re-normalised, no finding opened
    /// or changed, no alert, and the same next review and history summary.
    /// </summary>
    private static bool ChangesNothing(Decision decision, PatientRecord patient) =>
        decision.ItemUpserts.Count == 0 && decision.FindingsInserted.Count == 0 && decision.FindingsUpdated.Count == 0
        && decision.Alerts.Count == 0 && decision.Bump is { } bump
        && bump.NextReviewAt == patient.NextReviewAt && bump.HistoryJson == patient.HistoryJson;

    /// <summary>
    /// Records that every regimen is up to <paramref name="stamp"/> (the callers have found no row for it); a row another
    /// replica or verb wrote meanwhile stays.
    /// </summary>
    private async Task InsertFullSweepAsync(string stamp, long regimens, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
        try
        {
            await db.Dialect.RecordFullSweepAsync(db, new FullSweep { Stamp = stamp, CompletedAt = timeProvider.GetUtcNow(), Regimens = regimens }, ct);
        }
        catch (DbUpdateException)
        {
            // recorded meanwhile by another sweep of every regimen; anything else is this sweep's failure
            if (!await IsSweptAsync(stamp, ct))
            {
                throw;
            }
        }
    }

    private async Task<(int Count, int Alerts, long MaxId)> SweepBatchWithRetriesAsync(DateTimeOffset asOf, long afterId, bool everyRegimen, CancellationToken ct)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await SweepBatchAsync(asOf, afterId, everyRegimen, ct);
            }
            catch (DbUpdateConcurrencyException) when (attempt < MaxConflictRetries)
            {
                // A consumer changed one of these patients meanwhile: redo the batch on fresh state.
                Log.SweepBatchConflict(logger, afterId, attempt);
            }
        }
    }

    private async Task<(int Count, int Alerts, long MaxId)> SweepBatchAsync(DateTimeOffset asOf, long afterId, bool everyRegimen, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        // Read without tracking: most of a sweep only moves next_review_at, written below in one statement.
        var query = db.Patients.AsNoTracking().Where(p => p.Id > afterId);
        if (!everyRegimen)
        {
            query = query.Where(p => p.NextReviewAt != null && p.NextReviewAt <= asOf);
        }

        var patients = await query
            .OrderBy(p => p.Id)
            .Take(options.Value.SweepBatchSize)
            .ToListAsync(ct);
        if (patients.Count == 0)
        {
            return (0, 0, afterId);
        }

        // items and findings by per-patient index probes (GroupReads): plans that do not depend on planner statistics;
        // live items, plus every item of a patient whose history summary cannot be used (HistoryReads)
        var ids = patients.Select(p => p.Id).ToArray();
        var plan = HistoryReads.Plan(patients, regimenDecision.NormalisationStamp, regimenDecision.UsesHistorySummaries, asOf);
        await HistoryReads.ReadItemsAsync(db, patients, plan, fromCache: null, ct);
        var open = (await GroupReads.FindingsAsync(db, ids, FindingStates.Open, ct)).ToLookup(f => f.PatientId);
        var snapshots = await HistoryReads.SnapshotsAsync(db, patients, plan, open, [], ct);
        var alerts = 0;
        // Every patient's version is bumped and checked on write (as a consumer's change is), so a consumer that changed
        // one meanwhile fails the batch (and the retry re-reads it) instead of having its next_review_at overwritten from
        // stale items. Items are written only when the decision re-normalised them (the rule set changed).
        var writes = new RegimenWrites();
        foreach (var patient in patients)
        {
            var decision = DecisionTelemetry.Decide(regimenDecision, snapshots[patient.PatientRef], null, asOf);
            AlertTelemetry.RecordFindingsChanged(decision.Diff);
            if (everyRegimen && ChangesNothing(decision, patient))
            {
                // most regimens of a sweep of every regimen: the new rule set decides them as the old one did, and
                // nothing is written (no version bump, so no conflict with a consumer changing the patient meanwhile)
                continue;
            }

            writes.Add(decision);
            alerts += decision.Alerts.Count;
        }

        // findings and outbox rows through EF, with the writes below
        writes.TrackFindingsAndAlerts(db);
        // one version-checked UPDATE … FROM unnest for the batch's patients on PostgreSQL, then the findings and alerts
        await SetBasedFlush.WriteAsync(db, writes, ct);
        await transaction.CommitAsync(ct);
        return (patients.Count, alerts, patients[^1].Id);
    }
}
