using Microsoft.Extensions.Logging;

namespace RegimenMonitor.Worker.Infrastructure.Observability;

/// <summary>
/// Every log message of the worker, source-generated. Event ids: consumers 1000s, jobs 2000s, persistence 3000s,
/// host and verbs 4000s. No template takes a patient id, product text, pharmacy or prescription id: patients appear
/// only through their random surrogate key.
/// </summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1001, Level = LogLevel.Debug, Message = "Applied {EventType} {EventId} to patient {PatientKey}: {Outcome}")]
    public static partial void EventApplied(ILogger logger, string eventType, Guid eventId, Guid patientKey, string outcome);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Debug, Message = "Duplicate {EventType} {EventId} ignored")]
    public static partial void EventDuplicate(ILogger logger, string eventType, Guid eventId);

    /// <summary>
    /// Another transaction stored one of the group's event ids after the group read the inbox (a redelivery racing its
    /// first delivery, an id reused at the same moment): the group was rolled back and is decided again, the stored row
    /// making that change a duplicate or a conflict. Not a fault.
    /// </summary>
    [LoggerMessage(EventId = 1004, Level = LogLevel.Debug, Message = "An event id of a write group of {Count} change(s) was stored meanwhile by another transaction; deciding the group again")]
    public static partial void InboxRace(ILogger logger, int count);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Debug, Message = "A new patient of a write group of {Count} change(s) was created meanwhile by another transaction; deciding the group again")]
    public static partial void PatientRace(ILogger logger, int count);

    /// <summary>
    /// One line per rejected message: the event's id (else the message id, else <c>(no valid eventId read)</c>; see
    /// <c>RejectedEventObserver.LoggedId</c>) and the reason naming the fields, never values.
    /// </summary>
    [LoggerMessage(EventId = 1003, Level = LogLevel.Warning, Message = "Rejected {EventType} {EventId}: {Reason}")]
    public static partial void EventRejected(ILogger logger, string eventType, string eventId, string reason);

    [LoggerMessage(EventId = 3001, Level = LogLevel.Information, Message = "Applying database migration {Version}")]
    public static partial void MigrationApplying(ILogger logger, string version);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Database is up to date ({Applied} migration(s) applied, provider {Provider})")]
    public static partial void MigrationsDone(ILogger logger, int applied, Infrastructure.Configuration.DatabaseProvider provider);

    // "starting": it is the first part to start (the migrations, the bus and the scheduler follow); 4009 is the last to stop
    [LoggerMessage(EventId = 4001, Level = LogLevel.Information, Message = "RegimenMonitor starting: transport {Transport}, database {Provider}, rule set {RuleSetVersion}")]
    public static partial void Started(ILogger logger, Infrastructure.Configuration.MessagingTransport transport, Infrastructure.Configuration.DatabaseProvider provider, string ruleSetVersion);

    [LoggerMessage(EventId = 4010, Level = LogLevel.Warning, Message = "Alerts:SchedulerEnabled is false: this worker applies events but runs no job, so it publishes no alert (they wait in the outbox), escalates, purges and sweeps nothing; a worker with the scheduler on must run beside it (readiness's outbox check reports alerts left waiting)")]
    public static partial void SchedulerDisabled(ILogger logger);

    [LoggerMessage(EventId = 4009, Level = LogLevel.Information, Message = "RegimenMonitor stopped: every part stopped, messages not acknowledged return to their queues")]
    public static partial void Stopped(ILogger logger);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Health endpoints /health/live and /health/ready listening on {Addresses}")]
    public static partial void HealthListening(ILogger logger, string addresses);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "The worker had not stopped {Seconds} s after the stop request (a part still waited, such as the scheduler for a database that is away); exiting now. Messages not acknowledged return to the queue.")]
    public static partial void StopDeadlinePassed(ILogger logger, double seconds);

    [LoggerMessage(EventId = 4005, Level = LogLevel.Information, Message = "A stop was asked for while the worker was still starting: the parts not yet started stay stopped (the host may log \"Hosting failed to start\" for the start it cancelled), the parts already running are stopped as in any stop")]
    public static partial void StopDuringStart(ILogger logger);

    [LoggerMessage(EventId = 4006, Level = LogLevel.Warning, Message = "A part of the worker was still busy when its stop deadline passed and was cancelled ({ExceptionType}); every part was asked to stop, and messages not acknowledged return to the queue")]
    public static partial void StopCancelledWork(ILogger logger, string exceptionType);

    [LoggerMessage(EventId = 4007, Level = LogLevel.Warning, Message = "The alert scheduler waits for the database, attempt {Attempt}: it is unreachable; asking again in {Seconds} s (the worker is not ready until the scheduler starts; events are still applied as the database allows): {Causes}")]
    public static partial void SchedulerStartRetry(ILogger logger, int attempt, double seconds, string causes);

    [LoggerMessage(EventId = 4008, Level = LogLevel.Information, Message = "The database answered at attempt {Attempt}: the alert scheduler starts")]
    public static partial void SchedulerDatabaseBack(ILogger logger, int attempt);

    [LoggerMessage(EventId = 4011, Level = LogLevel.Warning, Message = "This host's clock is {Seconds} s {Direction} the database server's (more than {Limit} s): the worker takes its time from the database server's clock meanwhile (event 4013), but its logs and traces keep this host's; readiness reports Unhealthy until they agree: check the time (NTP) of this host and of the database server")]
    public static partial void ClockSkew(ILogger logger, double seconds, string direction, double limit);

    [LoggerMessage(EventId = 4012, Level = LogLevel.Information, Message = "This host's clock agrees with the database server's again")]
    public static partial void ClockAgreesAgain(ILogger logger);

    [LoggerMessage(EventId = 4013, Level = LogLevel.Warning, Message = "This host's clock is {Seconds} s {Direction} the database server's: the worker takes its time from the database server's clock (event times, regimen judgements, alert times, the scheduler) until they agree; logs and traces keep this host's clock: check the time (NTP) of this host and of the database server")]
    public static partial void ClockCorrected(ILogger logger, double seconds, string direction);

    [LoggerMessage(EventId = 4018, Level = LogLevel.Warning, Message = "Event writes make no progress: {What}; readiness reports Unhealthy until a write is answered again (event 4019)")]
    public static partial void WritesStalled(ILogger logger, string what);

    [LoggerMessage(EventId = 4019, Level = LogLevel.Information, Message = "Event writes are answered again")]
    public static partial void WritesMoveAgain(ILogger logger);

    [LoggerMessage(EventId = 4014, Level = LogLevel.Information, Message = "This host's clock agrees with the database server's: the worker takes its time from this host's clock again")]
    public static partial void ClockCorrectionEnded(ILogger logger);

    [LoggerMessage(EventId = 4015, Level = LogLevel.Debug, Message = "The database server's clock could not be read ({ErrorType}): the worker's time is left as it was")]
    public static partial void ClockNotMeasured(ILogger logger, string errorType);

    [LoggerMessage(EventId = 4016, Level = LogLevel.Warning, Message = "The database server's clock could not be read at start ({ErrorType}): the worker waits for a reading before it consumes, another attempt every 2 s for Database:StartTimeout, then it stops with exit code 1")]
    public static partial void ClockNotMeasuredAtStart(ILogger logger, string errorType);

    [LoggerMessage(EventId = 4017, Level = LogLevel.Information, Message = "The database server's clock was read after {Seconds} s ({Attempts} attempts): starting")]
    public static partial void ClockReadAfterWaiting(ILogger logger, double seconds, int attempts);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Native memory trimming is off: this system's C library is not glibc (Runtime:NativeMemoryTrimInterval has no effect here)")]
    public static partial void NativeMemoryTrimUnsupported(ILogger logger);
}
