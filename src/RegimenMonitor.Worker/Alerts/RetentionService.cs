using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Alerts;

/// <summary>What one purge removed.</summary>
internal readonly record struct RetentionResult(long OutboxRows, long ProcessedEvents);

/// <summary>
/// Purges dispatched outbox rows and processed-event ids older than their configured ages, in bounded batches so no
/// purge holds a long transaction. Undispatched alerts and the acknowledgement audit trail are never purged.
/// </summary>
internal sealed class RetentionService(RegimenDbContext db, IOptions<AlertOptions> options, TimeProvider timeProvider, ILogger<RetentionService> logger)
{
    private const int BatchSize = 5_000;

    public async Task<RetentionResult> PurgeAsync(CancellationToken cancellationToken, CancellationToken stopAfterBatch = default)
    {
        var now = timeProvider.GetUtcNow();
        var outboxCutoff = now - options.Value.OutboxRetention;
        var eventCutoff = now - options.Value.ProcessedEventRetention;
        long outbox = 0, events = 0;
        int deleted;
        do
        {
            var batch = db.Outbox.Where(m => m.DispatchedAt != null && m.DispatchedAt < outboxCutoff).OrderBy(m => m.DispatchedAt).Select(m => m.Id).Take(BatchSize);
            deleted = await db.Outbox.Where(m => batch.Contains(m.Id)).ExecuteDeleteAsync(cancellationToken);
            outbox += deleted;
        }
        while (deleted == BatchSize && !stopAfterBatch.IsCancellationRequested);

        do
        {
            var batch = db.ProcessedEvents.Where(e => e.ProcessedAt < eventCutoff).OrderBy(e => e.ProcessedAt).Select(e => e.EventId).Take(BatchSize);
            deleted = await db.ProcessedEvents.Where(e => batch.Contains(e.EventId)).ExecuteDeleteAsync(cancellationToken);
            events += deleted;
        }
        while (deleted == BatchSize && !stopAfterBatch.IsCancellationRequested);

        Log.RetentionPurged(logger, outbox, events);
        return new RetentionResult(outbox, events);
    }
}
