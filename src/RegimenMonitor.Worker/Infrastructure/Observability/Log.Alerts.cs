using Microsoft.Extensions.Logging;

namespace RegimenMonitor.Worker.Infrastructure.Observability;

/// <summary>Log messages of the alert path and the scheduled jobs (event ids 2000s). Alert ids are random, not PHI.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 2001, Level = LogLevel.Information, Message = "Dispatched {Published} alert(s) to care.regimen-alerts ({Failed} failed, {Unroutable} reached no queue: those are kept and retried)")]
    public static partial void AlertsDispatched(ILogger logger, int published, int failed, int unroutable);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Debug, Message = "Publishing outbox message {MessageId} failed (attempt {Attempts}); retrying in {Backoff}")]
    public static partial void AlertPublishFailed(ILogger logger, Guid messageId, int attempts, TimeSpan backoff, Exception exception);

    [LoggerMessage(EventId = 2019, Level = LogLevel.Warning, Message = "Publishing {Failed} alert(s) failed ({ErrorType}: {ErrorMessage}); retrying after their back-off (at most {Backoff}), or sooner once the broker answers")]
    public static partial void AlertPublishesFailed(ILogger logger, int failed, string errorType, string errorMessage, TimeSpan backoff);

    [LoggerMessage(EventId = 2020, Level = LogLevel.Warning, Message = "{Count} alert(s) were published but could not be marked dispatched ({ErrorType}); nothing more is published until the database takes that record (kept in memory: after a restart they are published once more)")]
    public static partial void AlertsPublishedUnrecorded(ILogger logger, int count, string errorType);

    [LoggerMessage(EventId = 2022, Level = LogLevel.Information, Message = "Alerts for routing key(s) {RoutingKeys} reach a queue again: {Count} more kept alert(s) are due now")]
    public static partial void AlertsRoutableAgain(ILogger logger, string routingKeys, int count);

    [LoggerMessage(EventId = 2021, Level = LogLevel.Information, Message = "Recorded {Count} alert(s) published earlier as dispatched; dispatching again")]
    public static partial void AlertsPublishedRecorded(ILogger logger, int count);

    [LoggerMessage(EventId = 2017, Level = LogLevel.Information, Message = "Alert publishes are answered again: {Count} alert(s) waiting out a back-off after a failed publish are due now")]
    public static partial void AlertRetriesDue(ILogger logger, int count);

    [LoggerMessage(EventId = 2018, Level = LogLevel.Debug, Message = "Alert publishes are failing: the oldest alert waiting out its back-off is tried again now, to see whether the broker is back")]
    public static partial void AlertRetryProbe(ILogger logger);

    [LoggerMessage(EventId = 2003, Level = LogLevel.Information, Message = "Sweep started: {Due} regimen(s) to re-evaluate ({Scope}) as of {AsOf:O}")]
    public static partial void SweepStarted(ILogger logger, long due, string scope, DateTimeOffset asOf);

    [LoggerMessage(EventId = 2004, Level = LogLevel.Information, Message = "Sweep progress: {Done}/{Due} regimen(s), {Alerts} alert(s) written, {Rate:F0} regimens/s")]
    public static partial void SweepProgress(ILogger logger, long done, long due, long alerts, double rate);

    [LoggerMessage(EventId = 2005, Level = LogLevel.Information, Message = "Sweep finished: {Regimens} regimen(s) in {Batches} batch(es), {Alerts} alert(s) written, {Seconds:F1} s")]
    public static partial void SweepFinished(ILogger logger, long regimens, long alerts, long batches, double seconds);

    [LoggerMessage(EventId = 2013, Level = LogLevel.Information, Message = "Rule set and terminology {Stamp} not yet swept: re-evaluating every regimen")]
    public static partial void FullSweepNeeded(ILogger logger, string stamp);

    [LoggerMessage(EventId = 2014, Level = LogLevel.Warning, Message = "Could not check at start whether the rule set and terminology are swept; the sweep job checks again when it runs")]
    public static partial void SweepBaselineFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2015, Level = LogLevel.Warning, Message = "Could not read or write the record of swept rule sets (full_sweeps; is migration 0008 applied?); the due regimens are swept as usual and the check is made again at the next firing")]
    public static partial void FullSweepStateFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 2006, Level = LogLevel.Debug, Message = "Sweep batch after patient row {AfterId} conflicted with a concurrent change (attempt {Attempt}); retrying")]
    public static partial void SweepBatchConflict(ILogger logger, long afterId, int attempt);

    [LoggerMessage(EventId = 2007, Level = LogLevel.Information, Message = "Escalated {Count} unacknowledged alert(s)")]
    public static partial void AlertsEscalated(ILogger logger, int count);

    [LoggerMessage(EventId = 2008, Level = LogLevel.Information, Message = "Retention purged {OutboxRows} dispatched outbox row(s) and {ProcessedEvents} processed event id(s)")]
    public static partial void RetentionPurged(ILogger logger, long outboxRows, long processedEvents);

    [LoggerMessage(EventId = 2009, Level = LogLevel.Information, Message = "Alert {AlertId} acknowledged: {Outcome}")]
    public static partial void AlertAcknowledged(ILogger logger, Guid alertId, string outcome);

    // per alert at Debug: a batch's unroutable alerts are one Warning line (2016), not one line each (a thousand alerts
    // raised before a care team bound its queue were a thousand Warning lines at every back-off)
    [LoggerMessage(EventId = 2011, Level = LogLevel.Debug, Message = "Alert {MessageId} with routing key {RoutingKey} reached no queue: nothing is bound to {Exchanges} for it (attempt {Attempts}); kept in the outbox, retrying in {Backoff}")]
    public static partial void AlertUnroutable(ILogger logger, Guid messageId, string routingKey, string exchanges, int attempts, TimeSpan backoff);

    [LoggerMessage(EventId = 2016, Level = LogLevel.Warning, Message = "{Count} alert(s) reached no queue: nothing is bound to {Exchanges} for routing key(s) {RoutingKeys}; kept in the outbox and retried after their back-off ({Backoff} or less; each alert's id and attempt at Debug, event 2011)")]
    public static partial void AlertsUnroutable(ILogger logger, int count, string exchanges, string routingKeys, TimeSpan backoff);

    [LoggerMessage(EventId = 2023, Level = LogLevel.Debug, Message = "{Count} kept alert(s) still reach no queue: nothing is bound to {Exchanges} for routing key(s) {RoutingKeys}; retried after their back-off ({Backoff} or less), the oldest of each key every 30 s")]
    public static partial void AlertsStillUnroutable(ILogger logger, int count, string exchanges, string routingKeys, TimeSpan backoff);

    [LoggerMessage(EventId = 2012, Level = LogLevel.Information, Message = "Alert {MessageId}, kept because it reached no queue, is not sent: a later message of its alert was delivered first and states the alert (superseded)")]
    public static partial void AlertUnroutableSuperseded(ILogger logger, Guid messageId);

    [LoggerMessage(EventId = 2010, Level = LogLevel.Error, Message = "Job {Job} failed; it runs again at its next firing")]
    public static partial void JobFailed(ILogger logger, string job, Exception? exception);

    [LoggerMessage(EventId = 3010, Level = LogLevel.Warning, Message = "A write batch of {Count} change(s) failed ({Error}); applying them one by one")]
    public static partial void WriteBatchFailed(ILogger logger, int count, string error);
}
