using System.Collections.Concurrent;
using System.Globalization;
using RegimenMonitor.Worker.Alerts;

namespace RegimenMonitor.Worker.Tests.Infrastructure;

internal static class AlertTestSupport
{
    /// <summary>Settings for a worker whose jobs run quickly enough for a test.</summary>
    public static Dictionary<string, string?> FastJobs(string dispatch = "00:00:00.300") => new()
    {
        ["Alerts:DispatchInterval"] = dispatch,
        ["Alerts:EscalationInterval"] = "00:00:00.500",
        ["Alerts:DispatchInitialBackoff"] = "00:00:00.500",
        ["Alerts:DispatchMaxBackoff"] = "00:00:02",
    };

    /// <summary>An RFC 3339 timestamp <paramref name="daysAgo"/> days before <paramref name="now"/>.</summary>
    public static string DaysAgo(DateTimeOffset now, double daysAgo) =>
        now.AddDays(-daysAgo).ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Acknowledgement(Guid eventId, Guid alertId, string? outcome = "accepted", string? by = "nurse.lee", DateTimeOffset? at = null) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["eventId"] = eventId,
            ["alertId"] = alertId,
            ["acknowledgedBy"] = by,
            ["acknowledgedAt"] = (at ?? DateTimeOffset.UtcNow).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["outcome"] = outcome,
            ["reason"] = "reviewed with prescriber",
        }.Where(kv => kv.Value is not null).ToDictionary());
}

/// <summary>Records job runs across hosts: (job, scheduled firing, scheduler instance).</summary>
internal sealed class JobRunLog : IJobRunObserver
{
    public ConcurrentQueue<(string Job, DateTimeOffset? Scheduled, string Instance)> Runs { get; } = new();

    public void OnRun(string job, DateTimeOffset? scheduledFireTime, string schedulerInstanceId) =>
        Runs.Enqueue((job, scheduledFireTime, schedulerInstanceId));
}

/// <summary>
/// Simulates a worker killed between publish and mark. The first dispatch batch is really published, then held (its
/// transaction open, nothing marked) until <see cref="Kill"/>, which fails it so the transaction rolls back. From then on
/// the "dead" process publishes nothing more, until the test stops the host.
/// </summary>
internal sealed class CrashBetweenPublishAndMark : IDispatchObserver, IAlertPublisher
{
    private readonly TaskCompletionSource _killed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _published;

    public IAlertPublisher Inner { get; set; } = null!;

    public int Published => Volatile.Read(ref _published);

    /// <summary>
    /// Completes once the dispatcher has published a batch and reached the point between publish and mark. The broker
    /// may hold the message before that (its confirm comes first), so a test waits for this, not for the queue.
    /// </summary>
    public Task Reached => _reached.Task;

    public void Kill() => _killed.TrySetResult();

    public Task PublishAsync(Guid messageId, string routingKey, Contracts.RegimenAlertRaised alert, CancellationToken cancellationToken) =>
        _killed.Task.IsCompleted
            ? throw new InvalidOperationException("the process is dead")
            : Inner.PublishAsync(messageId, routingKey, alert, cancellationToken);

    public async Task AfterPublishAsync(IReadOnlyList<Guid> messageIds, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _published, messageIds.Count);
        _reached.TrySetResult();
        await _killed.Task.WaitAsync(cancellationToken);
        throw new InvalidOperationException("simulated crash between publish and mark");
    }
}
