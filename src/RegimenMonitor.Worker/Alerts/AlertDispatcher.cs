using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Database.Dialects;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Alerts;

/// <summary>What one dispatch run did.</summary>
internal readonly record struct DispatchResult(int Published, int Failed, long Pending, int Unroutable = 0);

/// <summary>
/// Drains the outbox: claims a batch of due rows, publishes each with confirms, then marks them dispatched, all inside
/// one database transaction per batch. The claim is exclusive (the dialect's <c>ClaimOutboxAsync</c>) — <c>FOR UPDATE SKIP
/// LOCKED</c> on PostgreSQL, <c>UPDLOCK, READPAST</c> on SQL Server (another replica skips the rows this one holds), the database write lock (<c>BEGIN IMMEDIATE</c>) on SQLite. A crash after
/// publishing and before the commit leaves the rows undispatched, so they are published again with the same message
/// id: at least once, never zero times. A mark that fails while the process goes on is recorded by the next run before
/// it publishes anything (<see cref="UnrecordedDispatches"/>), and the claimed rows are written before they are
/// published, so a database that takes no writes gets nothing published. A failed publish backs the row off exponentially. An alert the broker returned
/// because no queue is bound for its routing key (alerts are published mandatory) is not dispatched: it stays in the
/// outbox marked <see cref="UnroutablePrefix"/>, is counted and logged, makes readiness report it, and is published
/// again after its back-off, so it reaches the first queue a care team binds for it, unless a later message of the same
/// alert is delivered first: then the kept one is never sent (marked <see cref="SupersededPrefix"/>), as it would reach
/// a queue bound meanwhile after the newer state.
/// </summary>
internal sealed class AlertDispatcher(
    RegimenDbContext db,
    IAlertPublisher publisher,
    IOptions<AlertOptions> options,
    IOptions<DatabaseOptions> database,
    OutboxMonitor monitor,
    AlertPublishMonitor publishes,
    UnrecordedDispatches unrecorded,
    InFlightPublishes inFlight,
    UnroutableProbe unroutableProbe,
    TimeProvider timeProvider,
    ILogger<AlertDispatcher> logger)
{
    /// <summary>How long one batch may wait for the broker before its publishes count as failed.</summary>
    internal static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// While publishes fail, how often the oldest alert waiting out its back-off is tried again regardless (the back-off
    /// doubles up to <see cref="AlertOptions.DispatchMaxBackoff"/>, 5 min): the broker's return is seen within this.
    /// </summary>
    internal static readonly TimeSpan RetryProbeInterval = TimeSpan.FromSeconds(30);

    /// <summary>Start of <see cref="OutboxMessage.LastError"/> for an alert the broker could route to no queue.</summary>
    internal const string UnroutablePrefix = "unroutable:";

    /// <summary>Start of <see cref="OutboxMessage.LastError"/> for an unroutable alert never sent, a later one of its alert delivered first.</summary>
    internal const string SupersededPrefix = "superseded:";

    /// <summary>Dispatches due outbox rows batch by batch until a batch is short or fails.</summary>
    /// <param name="cancellationToken">Cancels the batch under way too (its transaction rolls back).</param>
    /// <param name="stopAfterBatch">Once cancelled (the host is stopping), no further batch starts; the batch under way
    /// completes, so nothing is cut off half-done and the stop is not held up by a long backlog.</param>
    public async Task<DispatchResult> DispatchPendingAsync(CancellationToken cancellationToken, CancellationToken stopAfterBatch = default)
    {
        var published = 0;
        var failed = 0;
        var unroutable = 0;
        await RecordUnrecordedAsync(cancellationToken);
        await ProbeUnroutableAsync(cancellationToken);
        while (!cancellationToken.IsCancellationRequested)
        {
            await RetrySoonerAsync(cancellationToken);
            var (batchPublished, batchFailed, batchUnroutable, claimed) = await DispatchBatchAsync(cancellationToken);
            published += batchPublished;
            failed += batchFailed;
            unroutable += batchUnroutable;
            // Stop on an empty or short batch, and on any broker failure: the failed rows wait for their back-off. An
            // unroutable alert is no broker failure (the broker answered), so the rest of the backlog still goes.
            if (batchFailed > 0 || claimed < options.Value.DispatchBatchSize || stopAfterBatch.IsCancellationRequested)
            {
                break;
            }
        }

        var pending = await RefreshMonitorAsync(cancellationToken);
        return new DispatchResult(published, failed, pending, unroutable);
    }

    /// <summary>
    /// Marks dispatched the alerts an earlier run published but could not record (<see cref="UnrecordedDispatches"/>),
    /// one statement per such batch, before anything else: while the database takes no writes this fails the run and
    /// nothing is published. A row already dispatched (by another replica, or a commit that did succeed) is left as it is.
    /// </summary>
    private async Task RecordUnrecordedAsync(CancellationToken ct)
    {
        foreach (var (publishedAt, ids) in unrecorded.Snapshot())
        {
            await db.Outbox.Where(m => ids.Contains(m.Id) && m.DispatchedAt == null).ExecuteUpdateAsync(u => u
                .SetProperty(m => m.DispatchedAt, publishedAt)
                .SetProperty(m => m.NextAttemptAt, (DateTimeOffset?)null)
                .SetProperty(m => m.LastError, (string?)null)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1), ct);
            unrecorded.Remove(ids);
            Log.AlertsPublishedRecorded(logger, ids.Count);
        }
    }

    /// <summary>
    /// Alerts kept as unroutable wait out their back-off (up to 5 minutes), but a care team that binds a queue should
    /// not wait that long for the alerts still open (found by an independent fault probe: 4 min 29 s after the binding,
    /// readiness saying "bind a queue" meanwhile): every <see cref="RetryProbeInterval"/> the oldest waiting one of each
    /// routing key is made due; when it reaches a queue, the rest of its routing key are made due at once
    /// (<see cref="DueAgainAsync"/>). One message per routing key per interval: no load worth counting, however many
    /// wait.
    /// </summary>
    private async Task ProbeUnroutableAsync(CancellationToken ct)
    {
        var now = timeProvider.GetUtcNow();
        var waiting = db.Outbox.Where(m => m.DispatchedAt == null && m.NextAttemptAt > now && m.LastError != null && m.LastError.StartsWith(UnroutablePrefix));
        if (!unroutableProbe.Due(now, RetryProbeInterval))
        {
            return;
        }

        foreach (var key in await waiting.Select(m => m.RoutingKey).Distinct().ToListAsync(ct))
        {
            var oldest = await waiting.Where(m => m.RoutingKey == key).OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(ct);
            await db.Outbox.Where(m => m.Id == oldest && m.DispatchedAt == null).ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, now), ct);
        }
    }

    /// <summary>
    /// The alerts kept as unroutable for <paramref name="routingKeys"/>, which now reach a queue (a kept one of each was
    /// just delivered): due now, not at the end of their back-off; so are the messages held back behind them, never
    /// attempted (no error yet), which waited for the kept one's retry time (found by a review: a resolved message waited
    /// up to 5 minutes after its opened one went).
    /// </summary>
    private async Task DueAgainAsync(List<string> routingKeys, CancellationToken ct)
    {
        var now = timeProvider.GetUtcNow();
        var made = await db.Outbox.Where(m => m.DispatchedAt == null && m.NextAttemptAt > now && routingKeys.Contains(m.RoutingKey)
                                              && (m.LastError == null || m.LastError.StartsWith(UnroutablePrefix)))
            .ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, now), ct);
        var keys = string.Join(", ", routingKeys.Order(StringComparer.Ordinal));
        Log.AlertsRoutableAgain(logger, keys, made);
    }

    /// <summary>
    /// The alerts waiting out a back-off after a failed publish are not left to wait up to 5 minutes once the broker is
    /// back (after a long disk or memory alarm, an outage): while publishes fail, the oldest of them is made due once no
    /// publish has started for <see cref="RetryProbeInterval"/>, whatever its back-off; once a publish is answered
    /// again, all of them are made due. Creation order is kept: the oldest goes first, the rest in the claim's order.
    /// Alerts kept as unroutable keep their back-off (the broker answered them; no queue was bound).
    /// </summary>
    private async Task RetrySoonerAsync(CancellationToken ct)
    {
        var now = timeProvider.GetUtcNow();
        var advice = publishes.Retry(now, RetryProbeInterval);
        if (advice == RetryAdvice.None)
        {
            return;
        }

        var waiting = db.Outbox.Where(m => m.DispatchedAt == null && m.NextAttemptAt > now && m.LastError != null
                                           && !m.LastError.StartsWith(UnroutablePrefix));
        if (advice == RetryAdvice.Probe)
        {
            var oldest = await waiting.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).Select(m => (Guid?)m.Id).FirstOrDefaultAsync(ct);
            if (oldest is null)
            {
                return;
            }

            waiting = db.Outbox.Where(m => m.Id == oldest && m.DispatchedAt == null);
        }

        var made = await waiting.ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, now), ct);
        if (advice == RetryAdvice.All)
        {
            Log.AlertRetriesDue(logger, made);
        }
        else
        {
            Log.AlertRetryProbe(logger);
        }
    }

    private async Task<(int Published, int Failed, int Unroutable, int Claimed)> DispatchBatchAsync(CancellationToken ct)
    {
        var now = timeProvider.GetUtcNow();
        var batchSize = options.Value.DispatchBatchSize;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claim = Telemetry.Source.StartActivity("alert-outbox claim", ActivityKind.Internal);
        var rows = await DatabaseDialect.For(database.Value.Provider).ClaimOutboxAsync(db, now, batchSize, ct);
        claim?.SetTag("regimen_monitor.batch.size", rows.Count);
        claim?.Dispose();
        if (rows.Count == 0)
        {
            return (0, 0, 0, 0);
        }

        await ClaimWithWriteAsync(rows, now, ct);

        // The dispatch span links to the spans of the events (or sweep) whose transaction wrote each alert.
        var links = rows.Select(r => ActivityContext.TryParse(r.TraceParent, null, out var context) ? new ActivityLink(context) : default)
            .Where(l => l.Context != default).ToList();
        using var activity = Telemetry.Source.StartActivity("alert dispatch", ActivityKind.Producer, parentContext: default, links: links);
        // the exchange whose queue makes an alert delivered: the FHIR one when only DetectedIssues are published
        activity?.SetTag("messaging.destination.name", options.Value.Formats == AlertFormats.Fhir ? Fhir.FhirAlertPublisher.ExchangeName : RegimenAlertRaised.ExchangeName);
        activity?.SetTag("regimen_monitor.batch.size", rows.Count);
        foreach (var (key, count) in rows.GroupBy(r => r.RoutingKey).Select(g => (g.Key, g.Count())))
        {
            activity?.SetTag($"regimen_monitor.alerts.{key}", count);
        }

        // the routing keys of kept unroutable alerts in this batch: one delivered now means a queue was bound for its key
        var keptUnroutable = rows.Where(IsUnroutable).Select(r => r.Id).ToHashSet();
        var (waitFor, keptElsewhere) = await EarlierPendingAsync(rows, ct);
        var obsolete = await DeliveredLaterAsync(rows, ct);
        await publisher.PrepareBatchAsync(rows.Where(r => !obsolete.Contains(r.Id)).Select(r => r.AlertId).ToHashSet(), ct);
        var outcomes = await PublishAllAsync(rows, waitFor, obsolete, ct);

        var markedAt = timeProvider.GetUtcNow();
        var failed = 0;
        var unroutable = 0;
        var exchanges = options.Value.Formats.Exchanges();
        var unroutableKeys = new Dictionary<string, int>(StringComparer.Ordinal);
        var longestBackoff = TimeSpan.Zero;
        var longestFailedBackoff = TimeSpan.Zero;
        Exception? firstError = null;
        var heldBack = 0;
        var retryAt = new Dictionary<Guid, DateTimeOffset>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (outcomes[i] is HeldBackException held)
            {
                // not attempted: it goes when the earlier message of its alert goes, never before it
                row.NextAttemptAt = retryAt.TryGetValue(row.AlertId, out var earlier) && earlier > held.Until ? earlier : held.Until;
                heldBack++;
                continue;
            }

            if (outcomes[i] is SupersededException)
            {
                Supersede(row, markedAt);
                continue;
            }

            row.Attempts++;
            if (outcomes[i] is not { } error)
            {
                row.DispatchedAt = markedAt;
                row.NextAttemptAt = null;
                row.LastError = null;
                AlertTelemetry.AlertsPublished.Add(1, new("kind", row.Kind), new("status", row.Status));
                continue;
            }

            var backoff = Backoff(row.Attempts);
            row.NextAttemptAt = markedAt + backoff;
            if (error is MessageReturnedException)
            {
                // Confirmed by the broker but routed to no queue: nobody received it. Not dispatched, kept, retried.
                unroutable++;
                row.LastError = $"{UnroutablePrefix} no queue is bound to {exchanges} for routing key {row.RoutingKey}";
                AlertTelemetry.AlertsUnroutable.Add(1, new("kind", row.Kind), new("routing_key", row.RoutingKey));
                Log.AlertUnroutable(logger, row.Id, row.RoutingKey, exchanges, row.Attempts, backoff);
                unroutableKeys[row.RoutingKey] = unroutableKeys.GetValueOrDefault(row.RoutingKey) + 1;
                longestBackoff = backoff > longestBackoff ? backoff : longestBackoff;
                continue;
            }

            failed++;
            firstError ??= error;
            longestFailedBackoff = backoff > longestFailedBackoff ? backoff : longestFailedBackoff;
            retryAt[row.AlertId] = row.NextAttemptAt.Value;
            row.LastError = Truncate($"{error.GetType().Name}: {error.Message}", 400);
            AlertTelemetry.PublishFailures.Add(1, new KeyValuePair<string, object?>("kind", row.Kind));
            Log.AlertPublishFailed(logger, row.Id, row.Attempts, backoff, error);
        }

        try
        {
            var superseded = await SupersedeEarlierUnroutableAsync(rows, keptElsewhere, markedAt, ct);
            activity?.SetTag("regimen_monitor.alerts.superseded", superseded + obsolete.Count);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        catch (Exception ex)
        {
            // Published but not recorded (the database refused the mark, or went away before the commit): the next
            // run records them before it publishes anything, so a database that stays unwritable does not get the
            // same batch published every run.
            var delivered = rows.Where(r => r.DispatchedAt == markedAt && r.LastError is null).Select(r => r.Id).ToList();
            if (delivered.Count > 0)
            {
                unrecorded.Add(delivered, markedAt);
                Log.AlertsPublishedUnrecorded(logger, delivered.Count, ex.GetType().Name);
            }

            throw;
        }

        // The run's DbContext drains batch after batch: without this every committed row stayed tracked, so each
        // SaveChanges compared all the rows of the earlier batches again (quadratic in a long backlog) and kept their
        // payloads alive until the run ended.
        // delivered: dispatched now without an error (a superseded row is marked dispatched too, with one, and reached no one)
        var routableAgain = rows.Where(r => keptUnroutable.Contains(r.Id) && r.DispatchedAt == markedAt && r.LastError is null).Select(r => r.RoutingKey).Distinct().ToList();
        db.ChangeTracker.Clear();
        if (routableAgain.Count > 0)
        {
            await DueAgainAsync(routableAgain, ct);
        }

        var dispatched = rows.Count - failed - unroutable - heldBack - obsolete.Count;
        activity?.SetTag("regimen_monitor.alerts.published", dispatched);
        activity?.SetTag("regimen_monitor.alerts.failed", failed);
        activity?.SetTag("regimen_monitor.alerts.unroutable", unroutable);
        Log.AlertsDispatched(logger, dispatched, failed, unroutable);
        if (firstError is not null)
        {
            // one warning per batch, without a stack trace (each row's failure, with it, is logged at Debug): a broker
            // outage fails every row of every batch the same way
            Log.AlertPublishesFailed(logger, failed, firstError.GetType().Name, Truncate(firstError.Message, 200), longestFailedBackoff);
        }
        if (unroutable > 0)
        {
            // a warning when an alert first reaches no queue; its retries (every back-off, and the 30-s probe of the
            // oldest of each key) at Debug, or a key no team binds would warn twice a minute for good
            var keys = string.Join(", ", unroutableKeys.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{k.Key} ({k.Value})"));
            if (rows.Any(r => !keptUnroutable.Contains(r.Id) && IsUnroutable(r) && r.DispatchedAt is null))
            {
                Log.AlertsUnroutable(logger, unroutable, exchanges, keys, longestBackoff);
            }
            else
            {
                Log.AlertsStillUnroutable(logger, unroutable, exchanges, keys, longestBackoff);
            }
        }

        return (dispatched, failed, unroutable, rows.Count);
    }

    /// <summary>
    /// Writes the claimed rows before anything is published (one statement): a database that takes no writes fails the
    /// batch here, with nothing sent. The claim alone is a read (<c>FOR UPDATE</c> needs no new space), so on a full disk
    /// (SQLSTATE 53100) the batch was published and only then failed to be marked, and every run published it again,
    /// every 2 s for as long as the disk stayed full (found by a fault probe: 100 alerts 24–25 times each in 45 s). The
    /// value written is the claim's instant in <c>next_attempt_at</c> (the rows are due, so it changes nothing if it
    /// were kept); every outcome below sets that column again, and a failure rolls it back with the batch. The tracked
    /// rows take it as their stored value, so the mark writes each outcome.
    /// </summary>
    private async Task ClaimWithWriteAsync(List<OutboxMessage> rows, DateTimeOffset now, CancellationToken ct)
    {
        var ids = rows.Select(r => r.Id).ToList();
        await db.Outbox.Where(m => ids.Contains(m.Id)).ExecuteUpdateAsync(u => u.SetProperty(m => m.NextAttemptAt, now), ct);
        foreach (var row in rows)
        {
            var stored = db.Entry(row).Property(m => m.NextAttemptAt);
            stored.CurrentValue = now;
            stored.OriginalValue = now;
        }
    }

    /// <summary>
    /// Per alert of the batch, the latest retry time of an earlier message of the same alert that is still waiting
    /// after a failed publish (not claimed here): the batch's messages of that alert wait for it. So does one kept as
    /// unroutable for a routing key the batch's messages of its alert use too: a queue bound for that key would take it
    /// as well, so it goes first (made due with the rest of its key once the probe of <see cref="ProbeUnroutableAsync"/>
    /// reaches the queue). Found by an independent fault probe: after a restart the back-offs of an alert's opened and
    /// resolved messages no longer fell due together, a resolved one was delivered first, and its opened one was then
    /// superseded, never sent (100 of 1,000 alerts). Kept messages of another routing key do not hold later ones back
    /// (a queue may be bound for one key and never for the other); they are returned as <c>KeptElsewhere</c> (not
    /// claimed here), for <see cref="SupersedeEarlierUnroutableAsync"/>.
    /// </summary>
    private async Task<(Dictionary<Guid, DateTimeOffset> WaitFor, List<(Guid Id, Guid AlertId, DateTimeOffset CreatedAt)> KeptElsewhere)> EarlierPendingAsync(
        List<OutboxMessage> rows, CancellationToken ct)
    {
        var alertIds = rows.Select(r => r.AlertId).Distinct().ToList();
        var claimed = rows.Select(r => r.Id).ToHashSet();
        var pending = await db.Outbox.AsNoTracking()
            .Where(m => m.DispatchedAt == null && alertIds.Contains(m.AlertId))
            .Select(m => new { m.Id, m.AlertId, m.CreatedAt, m.NextAttemptAt, m.LastError, m.RoutingKey })
            .ToListAsync(ct);
        var firstClaimed = rows.GroupBy(r => r.AlertId).ToDictionary(g => g.Key, g => g.Min(r => r.CreatedAt));
        var claimedKeys = rows.Select(r => (r.AlertId, r.RoutingKey)).ToHashSet();
        var waitFor = new Dictionary<Guid, DateTimeOffset>();
        var keptElsewhere = new List<(Guid Id, Guid AlertId, DateTimeOffset CreatedAt)>();
        foreach (var m in pending)
        {
            if (claimed.Contains(m.Id))
            {
                continue;
            }

            if (m.LastError?.StartsWith(UnroutablePrefix, StringComparison.Ordinal) == true
                && (m.CreatedAt > firstClaimed[m.AlertId] || !claimedKeys.Contains((m.AlertId, m.RoutingKey))))
            {
                keptElsewhere.Add((m.Id, m.AlertId, m.CreatedAt));
                continue;
            }

            if (m.CreatedAt > firstClaimed[m.AlertId])
            {
                continue;
            }

            var until = m.NextAttemptAt ?? timeProvider.GetUtcNow();
            waitFor[m.AlertId] = waitFor.TryGetValue(m.AlertId, out var seen) && seen > until ? seen : until;
        }

        return (waitFor, keptElsewhere);
    }

    /// <summary>
    /// The claimed messages kept as unroutable whose alert already had a later message delivered (by another replica's
    /// batch, or before this rule existed): sending them now would put an older state after a newer one.
    /// </summary>
    private async Task<HashSet<Guid>> DeliveredLaterAsync(List<OutboxMessage> rows, CancellationToken ct)
    {
        var kept = rows.Where(IsUnroutable).ToList();
        if (kept.Count == 0)
        {
            return [];
        }

        var alertIds = kept.Select(r => r.AlertId).Distinct().ToList();
        var delivered = await db.Outbox.AsNoTracking()
            .Where(m => m.DispatchedAt != null && m.LastError == null && alertIds.Contains(m.AlertId))
            .Select(m => new { m.AlertId, m.CreatedAt })
            .ToListAsync(ct);
        return [.. kept.Where(r => delivered.Any(d => d.AlertId == r.AlertId && d.CreatedAt > r.CreatedAt)).Select(r => r.Id)];
    }

    /// <summary>
    /// After a message of an alert was delivered, the alert's earlier messages still kept as unroutable are never sent
    /// (a queue bound meanwhile would receive the older state after the newer one): those of this batch and those
    /// waiting for their retry (<paramref name="keptElsewhere"/>, read with the batch's pending messages; loaded here
    /// only when one is earlier). Returns how many were superseded.
    /// </summary>
    private async Task<int> SupersedeEarlierUnroutableAsync(
        List<OutboxMessage> rows, List<(Guid Id, Guid AlertId, DateTimeOffset CreatedAt)> keptElsewhere, DateTimeOffset markedAt, CancellationToken ct)
    {
        // the newest message delivered now, per alert
        var latest = rows.Where(r => r.DispatchedAt == markedAt && r.LastError is null)
            .GroupBy(r => r.AlertId).ToDictionary(g => g.Key, g => g.Max(r => r.CreatedAt));
        bool Earlier(Guid alertId, DateTimeOffset createdAt) => latest.TryGetValue(alertId, out var newest) && createdAt < newest;

        var superseded = 0;
        var waiting = keptElsewhere.Where(k => Earlier(k.AlertId, k.CreatedAt)).Select(k => k.Id).ToList();
        var stale = waiting.Count == 0 ? [] : await db.Outbox
            .Where(m => waiting.Contains(m.Id) && m.DispatchedAt == null && m.LastError != null && m.LastError.StartsWith(UnroutablePrefix))
            .ToListAsync(ct);
        foreach (var row in rows.Where(r => r.DispatchedAt is null && IsUnroutable(r)).Concat(stale))
        {
            if (Earlier(row.AlertId, row.CreatedAt))
            {
                Supersede(row, markedAt);
                superseded++;
            }
        }

        return superseded;
    }

    private void Supersede(OutboxMessage row, DateTimeOffset markedAt)
    {
        row.DispatchedAt = markedAt;
        row.NextAttemptAt = null;
        row.LastError = $"{SupersededPrefix} not sent; a later message of this alert was delivered first (it had reached no queue for routing key {row.RoutingKey})";
        Log.AlertUnroutableSuperseded(logger, row.Id);
    }

    private static bool IsUnroutable(OutboxMessage row) => row.LastError?.StartsWith(UnroutablePrefix, StringComparison.Ordinal) == true;

    /// <summary>
    /// Publishes the batch: different patients concurrently, the messages of one patient one after the other in claim
    /// (creation) order, so a care team never receives a later state before an earlier one, of one alert or of one
    /// patient's alerts (found by an independent fault probe: with every resolved message held to the end of the batch,
    /// the resolution one write group made arrived after the alert the next group opened for the same products, and the
    /// last word on a combination still taken was "resolved"). A resolution naming the alert that continues its products
    /// (<c>resolution.continuedIn</c>, written with it) waits for that alert's messages of the batch, so "act on alert X"
    /// never arrives before alert X. After a failed publish the alert's later messages of the batch are held back (not
    /// attempted) until the failed one's retry.
    /// </summary>
    private async Task<Exception?[]> PublishAllAsync(List<OutboxMessage> rows, Dictionary<Guid, DateTimeOffset> waitFor, HashSet<Guid> obsolete, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(PublishTimeout);
        var outcomes = new Exception?[rows.Count];
        var messages = new RegimenAlertRaised?[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            try
            {
                messages[i] = JsonSerializer.Deserialize<RegimenAlertRaised>(rows[i].PayloadJson, WireJson.Options)
                    ?? throw new InvalidOperationException("empty outbox payload");
            }
            catch (Exception ex)
            {
                outcomes[i] = ex; // this row's failure (its alert's later messages wait for its retry), not the batch's
            }
        }

        var held = new System.Collections.Concurrent.ConcurrentDictionary<Guid, DateTimeOffset>(waitFor);
        // an unreadable payload names no patient: it goes with its alert's readable messages, else in a sequence of its own
        var patientOfAlert = new Dictionary<Guid, string>();
        for (var i = 0; i < rows.Count; i++)
        {
            if (messages[i] is { } readable)
            {
                patientOfAlert.TryAdd(rows[i].AlertId, readable.PatientId);
            }
        }

        var patients = Enumerable.Range(0, rows.Count)
            .GroupBy(i => patientOfAlert.TryGetValue(rows[i].AlertId, out var patient) ? patient : "\u001F" + rows[i].AlertId.ToString("N"), StringComparer.Ordinal);
        await Task.WhenAll(patients.Select(patient => PublishInOrderAsync(PublishOrder([.. patient], i => rows[i].AlertId, i => messages[i]?.Resolution?.ContinuedIn, i => rows[i].CreatedAt))));
        ct.ThrowIfCancellationRequested();
        return outcomes;

        async Task PublishInOrderAsync(IEnumerable<int> sequence)
        {
            foreach (var i in sequence)
            {
                var row = rows[i];
                DateTimeOffset? heldUntil = held.TryGetValue(row.AlertId, out var earlier) ? earlier : null;
                if (obsolete.Contains(row.Id))
                {
                    outcomes[i] = new SupersededException();
                    continue;
                }

                if (heldUntil is { } until)
                {
                    outcomes[i] = new HeldBackException(until);
                    continue;
                }

                try
                {
                    if (messages[i] is not { } message)
                    {
                        throw outcomes[i]!;
                    }

                    await PublishTrackedAsync(row, message, timeout.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    outcomes[i] = ex;
                    if (ex is not MessageReturnedException)
                    {
                        held[row.AlertId] = timeProvider.GetUtcNow() + Backoff(row.Attempts + 1);
                    }
                }
            }
        }
    }

    /// <summary>
    /// The order in which one patient's messages of a batch are published: claim (creation) order, except that a
    /// resolution naming in <c>resolution.continuedIn</c> another alert waits for that alert's next message of the
    /// batch (the one written with it, so "act on alert X" never arrives before alert X; not for X's messages of later
    /// transactions, which would bring the resolution after a new alert written later), and the later messages of its
    /// own alert wait with it (an alert's messages keep their order). A message released from waiting is decided like
    /// any other, so it may wait again for another alert it names.
    /// </summary>
    /// <param name="sequence">The patient's messages (indexes into the batch) in claim order.</param>
    /// <param name="alertOf">The alert of a message.</param>
    /// <param name="continuedInOf">The alert a resolution names as continuing its products, or null.</param>
    /// <param name="writtenAt">
    /// When a message was written (<c>created_at</c>): a resolution waits only for a message written no later than
    /// itself, its transaction's (since 2026-12-06 such a resolution is stamped after the rows of its transaction, so it
    /// is claimed after the message it names, and a message of the named alert after it is a later transaction's; found
    /// by a review). Null: no bound (the tests of the order alone).
    /// </param>
    internal static List<int> PublishOrder(IReadOnlyList<int> sequence, Func<int, Guid> alertOf, Func<int, Guid?> continuedInOf,
        Func<int, DateTimeOffset>? writtenAt = null)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        ArgumentNullException.ThrowIfNull(alertOf);
        ArgumentNullException.ThrowIfNull(continuedInOf);
        var order = new List<int>(sequence.Count);
        var sent = new bool[sequence.Count];
        var blocked = new Dictionary<Guid, int>(); // alert → the position whose message it waits for
        var waiting = new Dictionary<int, List<(int Position, bool Named)>>(); // position → the messages waiting for it
        for (var position = 0; position < sequence.Count; position++)
        {
            Decide(position, named: false);
        }

        // what still waits (a cycle of continuations, which the reconciler does not write): in claim order
        order.AddRange(Enumerable.Range(0, sequence.Count).Where(p => !sent[p]).Select(p => sequence[p]));
        return order;

        // named: the message waited for the alert it names, which has now gone: it does not wait for it again
        void Decide(int position, bool named)
        {
            var alert = alertOf(sequence[position]);
            if (blocked.TryGetValue(alert, out var blocker))
            {
                Wait(blocker, position, false);
            }
            else if (!named && continuedInOf(sequence[position]) is { } next && next != alert && NextOf(next, position) is { } target)
            {
                blocked[alert] = target;
                Wait(target, position, true);
            }
            else
            {
                Send(position);
            }
        }

        // the first message of the alert after the position that has not gone yet
        int? NextOf(Guid alert, int after)
        {
            for (var p = after + 1; p < sequence.Count; p++)
            {
                if (!sent[p] && alertOf(sequence[p]) == alert && (writtenAt is null || writtenAt(sequence[p]) <= writtenAt(sequence[after])))
                {
                    return p;
                }
            }

            return null;
        }

        void Wait(int target, int position, bool named) =>
            (waiting.TryGetValue(target, out var list) ? list : waiting[target] = []).Add((position, named));

        void Send(int position)
        {
            order.Add(sequence[position]);
            sent[position] = true;
            if (!waiting.Remove(position, out var released))
            {
                return;
            }

            foreach (var (waiter, _) in released)
            {
                blocked.Remove(alertOf(sequence[waiter]));
            }

            foreach (var (waiter, named) in released)
            {
                Decide(waiter, named);
            }
        }
    }

    /// <summary>One publish, told to <see cref="AlertPublishMonitor"/>: answered (confirmed, or returned unroutable) or not.</summary>
    private async Task PublishTrackedAsync(OutboxMessage row, RegimenAlertRaised message, CancellationToken ct)
    {
        // the batch's wait is over: nothing more is started (the rest of the batch waits for its retry, in order); a
        // publish already under way is only waited for on a later run
        ct.ThrowIfCancellationRequested();
        publishes.Started(timeProvider.GetUtcNow());
        var answered = false;
        var observed = false; // the publish's own outcome was seen here, not the end of this run's wait
        Task? publish = null;
        try
        {
            // not cancelled with the run's wait: a publish the broker holds (a blocked connection) may still be
            // delivered, and the message's retry then waits for it rather than sending it twice (InFlightPublishes)
            publish = inFlight.Publish(row.Id, () => publisher.PublishAsync(row.Id, row.RoutingKey, message, CancellationToken.None));
            await publish.WaitAsync(ct);
            answered = observed = true;
        }
        catch (MessageReturnedException)
        {
            answered = observed = true;
            throw;
        }
        catch (Exception) when (publish is { IsCompleted: true } && !ct.IsCancellationRequested)
        {
            observed = true; // it failed: a retry sends it again
            throw;
        }
        finally
        {
            if (observed)
            {
                // told: forgotten. Not observed (the wait ended first): kept, so its retry takes the answer, even one
                // that came a moment after the wait ended
                inFlight.Done(row.Id, publish!);
            }

            if (answered)
            {
                publishes.Answered(timeProvider.GetUtcNow());
            }
            else
            {
                publishes.Failed();
            }
        }
    }

    /// <summary>A message not attempted because an earlier message of its alert is waiting for a retry.</summary>
    private sealed class HeldBackException(DateTimeOffset until) : Exception("an earlier message of this alert waits for a retry")
    {
        public DateTimeOffset Until { get; } = until;
    }

    /// <summary>A kept unroutable message not attempted because a later message of its alert was delivered.</summary>
    private sealed class SupersededException() : Exception("a later message of this alert was delivered");

    private TimeSpan Backoff(int attempts)
    {
        var o = options.Value;
        var factor = Math.Pow(2, Math.Min(attempts - 1, 20));
        var backoff = TimeSpan.FromTicks((long)Math.Min(o.DispatchInitialBackoff.Ticks * factor, o.DispatchMaxBackoff.Ticks));
        return backoff;
    }

    private async Task<long> RefreshMonitorAsync(CancellationToken ct)
    {
        var pending = db.Outbox.Where(m => m.DispatchedAt == null);
        var count = await pending.LongCountAsync(ct);
        var oldest = count == 0 ? null : await pending.OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(ct);
        monitor.Update(count, oldest, timeProvider.GetUtcNow());
        return count;
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
