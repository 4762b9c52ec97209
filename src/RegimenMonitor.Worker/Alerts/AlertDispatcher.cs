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
/// id: at least once, never zero times. A failed publish backs the row off exponentially. An alert the broker returned
/// because no queue is bound for its routing key (alerts are published mandatory) is not dispatched: it stays in the
/// outbox marked <see cref="UnroutablePrefix"/>, is counted and logged, makes readiness report it, and is published
/// again after its back-off, so it reaches the first queue a care team binds for it.
/// </summary>
internal sealed class AlertDispatcher(
    RegimenDbContext db,
    IAlertPublisher publisher,
    IOptions<AlertOptions> options,
    IOptions<DatabaseOptions> database,
    OutboxMonitor monitor,
    TimeProvider timeProvider,
    ILogger<AlertDispatcher> logger)
{
    /// <summary>How long one batch may wait for the broker before its publishes count as failed.</summary>
    internal static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Start of <see cref="OutboxMessage.LastError"/> for an alert the broker could route to no queue.</summary>
    internal const string UnroutablePrefix = "unroutable:";

    public async Task<DispatchResult> DispatchPendingAsync(CancellationToken cancellationToken)
    {
        var published = 0;
        var failed = 0;
        var unroutable = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var (batchPublished, batchFailed, batchUnroutable, claimed) = await DispatchBatchAsync(cancellationToken);
            published += batchPublished;
            failed += batchFailed;
            unroutable += batchUnroutable;
            // Stop on an empty or short batch, and on any broker failure: the failed rows wait for their back-off. An
            // unroutable alert is no broker failure (the broker answered), so the rest of the backlog still goes.
            if (batchFailed > 0 || claimed < options.Value.DispatchBatchSize)
            {
                break;
            }
        }

        var pending = await RefreshMonitorAsync(cancellationToken);
        return new DispatchResult(published, failed, pending, unroutable);
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

        // The dispatch span links to the spans of the events (or sweep) whose transaction wrote each alert.
        var links = rows.Select(r => ActivityContext.TryParse(r.TraceParent, null, out var context) ? new ActivityLink(context) : default)
            .Where(l => l.Context != default).ToList();
        using var activity = Telemetry.Source.StartActivity("alert dispatch", ActivityKind.Producer, parentContext: default, links: links);
        activity?.SetTag("messaging.destination.name", RegimenAlertRaised.ExchangeName);
        activity?.SetTag("regimen_monitor.batch.size", rows.Count);
        foreach (var (key, count) in rows.GroupBy(r => r.RoutingKey).Select(g => (g.Key, g.Count())))
        {
            activity?.SetTag($"regimen_monitor.alerts.{key}", count);
        }

        var outcomes = await PublishAllAsync(rows, ct);

        var markedAt = timeProvider.GetUtcNow();
        var failed = 0;
        var unroutable = 0;
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
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
                row.LastError = $"{UnroutablePrefix} no queue is bound to {RegimenAlertRaised.ExchangeName} for routing key {row.RoutingKey}";
                AlertTelemetry.AlertsUnroutable.Add(1, new("kind", row.Kind), new("routing_key", row.RoutingKey));
                Log.AlertUnroutable(logger, row.Id, row.RoutingKey, row.Attempts, backoff);
                continue;
            }

            failed++;
            row.LastError = Truncate($"{error.GetType().Name}: {error.Message}", 400);
            AlertTelemetry.PublishFailures.Add(1, new KeyValuePair<string, object?>("kind", row.Kind));
            Log.AlertPublishFailed(logger, row.Id, row.Attempts, backoff, error);
        }

        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        var dispatched = rows.Count - failed - unroutable;
        activity?.SetTag("regimen_monitor.alerts.published", dispatched);
        activity?.SetTag("regimen_monitor.alerts.failed", failed);
        activity?.SetTag("regimen_monitor.alerts.unroutable", unroutable);
        Log.AlertsDispatched(logger, dispatched, failed, unroutable);
        return (dispatched, failed, unroutable, rows.Count);
    }

    private async Task<Exception?[]> PublishAllAsync(List<OutboxMessage> rows, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(PublishTimeout);
        var outcomes = new Exception?[rows.Count];
        var tasks = rows.Select(async (row, i) =>
        {
            try
            {
                var alert = JsonSerializer.Deserialize<RegimenAlertRaised>(row.PayloadJson, WireJson.Options)
                    ?? throw new InvalidOperationException("empty outbox payload");
                await publisher.PublishAsync(row.Id, row.RoutingKey, alert, timeout.Token);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                outcomes[i] = ex;
            }
        });
        await Task.WhenAll(tasks);
        ct.ThrowIfCancellationRequested();
        return outcomes;
    }

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
