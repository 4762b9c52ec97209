namespace RegimenMonitor.Worker.Alerts;

/// <summary>
/// Alert delivery and the scheduled jobs. Section <c>Alerts</c>. Intervals are <c>hh:mm:ss</c>; cron expressions use
/// Quartz's seconds-first syntax and the scheduler's time zone (UTC).
/// </summary>
internal sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    /// <summary>Runs the Quartz scheduler in the worker. Off, the jobs run only through the verbs (e.g. <c>sweep</c>).</summary>
    public bool SchedulerEnabled { get; set; } = true;

    /// <summary>
    /// The formats each alert is published in on RabbitMQ, and so the one whose queue must exist before an alert counts
    /// as delivered (held in the outbox otherwise): both, delivered once either reached a queue (the default); the native
    /// alert only; or the FHIR <c>DetectedIssue</c> only, for deployments whose care-team systems read FHIR alone.
    /// </summary>
    public AlertFormats Formats { get; set; } = AlertFormats.NativeAndFhir;

    /// <summary>How often the dispatch job drains the outbox.</summary>
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Outbox rows claimed and published per batch.</summary>
    public int DispatchBatchSize { get; set; } = 100;

    /// <summary>First back-off after a failed publish; doubles per attempt up to <see cref="DispatchMaxBackoff"/>.</summary>
    public TimeSpan DispatchInitialBackoff { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan DispatchMaxBackoff { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The nightly regimen sweep (default 02:30 UTC).</summary>
    public string SweepCron { get; set; } = "0 30 2 * * ?";

    /// <summary>
    /// How often, between nightly sweeps, the regimens whose result changes with time alone are re-evaluated once due (a
    /// supply over, a washout or a threshold reached: <c>next_review_at</c> passed), so an alert whose combination ended
    /// resolves within this, not at the next nightly sweep, and is not escalated meanwhile. <c>00:00:00</c> turns it off.
    /// </summary>
    public TimeSpan ReviewInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Patients re-evaluated per sweep transaction.</summary>
    public int SweepBatchSize { get; set; } = 500;

    /// <summary>An active major or contraindicated alert not acknowledged within this time is re-published once.</summary>
    public TimeSpan EscalateAfter { get; set; } = TimeSpan.FromHours(4);

    /// <summary>How often the escalation job looks for overdue alerts.</summary>
    public TimeSpan EscalationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The retention purge (default 03:15 UTC daily).</summary>
    public string RetentionCron { get; set; } = "0 15 3 * * ?";

    /// <summary>Dispatched outbox rows older than this are purged.</summary>
    public TimeSpan OutboxRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Processed event ids older than this are purged. A duplicate delivered after this age would be applied again,
    /// so keep it well above the longest redelivery or replay window of the publishers.
    /// </summary>
    public TimeSpan ProcessedEventRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>An undispatched alert older than this makes the worker not ready (/health/ready).</summary>
    public TimeSpan OutboxStuckThreshold { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Alert publishes the broker has not answered (confirmed or returned) for longer than this make the worker not
    /// ready (/health/ready): a broker blocking publishers (memory or disk alarm) or unreachable. Well under the
    /// dispatcher's 30 s publish timeout, so readiness fails while the first publish is still waiting.
    /// </summary>
    public TimeSpan PublishStallThreshold { get; set; } = TimeSpan.FromSeconds(15);
}
