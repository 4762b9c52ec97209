using System.Collections.Concurrent;
using System.Data.Common;
using System.Globalization;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Quartz;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Database;

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
            ["acknowledgedAt"] = (at ?? DateTimeOffset.UtcNow).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            ["outcome"] = outcome,
            ["reason"] = "reviewed with prescriber",
        }.Where(kv => kv.Value is not null).ToDictionary());
}

/// <summary>
/// Records job runs across hosts: (job, scheduled firing, scheduler instance). A Quartz job listener; a test registers
/// it in the worker's services (<c>AddSingleton&lt;IJobListener&gt;</c>), and each host's scheduler attaches it.
/// </summary>
internal sealed class JobRunLog : IJobListener
{
    public ConcurrentQueue<(string Job, DateTimeOffset? Scheduled, string Instance)> Runs { get; } = new();

    public string Name => nameof(JobRunLog);

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default)
    {
        Runs.Enqueue((context.JobDetail.Key.Name, context.ScheduledFireTimeUtc, context.Scheduler.SchedulerInstanceId));
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// Simulates a worker killed between publish and mark. The first dispatch batch is really published (this wraps the
/// worker's <see cref="IAlertPublisher"/>), then held where the dispatcher saves its mark (an EF interceptor on the
/// worker's DbContext: its transaction open, nothing marked) until <see cref="Kill"/>, which fails the save so the
/// transaction rolls back. From then on the "dead" process publishes nothing and runs no database command (a DbCommand
/// interceptor: the dispatcher's next run would otherwise record the published batch with a statement that bypasses
/// SaveChanges, as a process that survived should), until the test stops the host. Registered by the test:
/// <see cref="Register"/>.
/// </summary>
internal sealed class CrashBetweenPublishAndMark : SaveChangesInterceptor, IAlertPublisher, IDbCommandInterceptor
{
    private readonly TaskCompletionSource _killed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly AsyncLocal<bool> _inspecting = new();
    private int _published;

    public IAlertPublisher Inner { get; set; } = null!;

    /// <summary>Alerts the broker confirmed before the crash.</summary>
    public int Published => Volatile.Read(ref _published);

    /// <summary>
    /// Completes once the dispatcher has published a batch and reached the point between publish and mark. The broker
    /// may hold the message before that (its confirm comes first), so a test waits for this, not for the queue.
    /// </summary>
    public Task Reached => _reached.Task;

    public void Kill() => _killed.TrySetResult();

    /// <summary>Wraps the worker's publisher and intercepts its DbContext.</summary>
    public void Register(IServiceCollection services)
    {
        services.AddScoped<IAlertPublisher>(sp =>
        {
            Inner = ActivatorUtilities.CreateInstance<BusAlertPublisher>(sp);
            return this;
        });
        services.ConfigureDbContext<RegimenDbContext>(o => o.AddInterceptors(this));
    }

    public async Task PublishAsync(Guid messageId, string routingKey, Contracts.RegimenAlertRaised alert, CancellationToken cancellationToken)
    {
        if (_killed.Task.IsCompleted)
        {
            throw new InvalidOperationException("the process is dead");
        }

        await Inner.PublishAsync(messageId, routingKey, alert, cancellationToken);
        Interlocked.Increment(ref _published);
    }

    /// <summary>
    /// Once killed, every command of the worker's DbContext fails before it reaches the database, except the test's own
    /// reads through <see cref="InspectAsync{T}"/>.
    /// </summary>
    public DbCommand CommandInitialized(CommandEndEventData eventData, DbCommand result) =>
        _killed.Task.IsCompleted && !_inspecting.Value ? throw new InvalidOperationException("the process is dead") : result;

    /// <summary>Runs the test's <paramref name="read"/> through the killed host's services (its DbContext is dead to the worker).</summary>
    public async Task<T> InspectAsync<T>(Func<Task<T>> read)
    {
        _inspecting.Value = true;
        return await read(); // the flag flows into the read only; this method's caller never sees it set
    }

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(
        DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        // the dispatcher's mark: the outbox rows of a published batch saved with their attempt counted
        var marking = (Published > 0 || _killed.Task.IsCompleted) && eventData.Context is { } db
            && db.ChangeTracker.Entries<OutboxMessage>().Any(e => e.State == EntityState.Modified && e.Property(m => m.Attempts).IsModified);
        if (!marking)
        {
            return result;
        }

        _reached.TrySetResult();
        await _killed.Task.WaitAsync(cancellationToken);
        throw new InvalidOperationException("simulated crash between publish and mark");
    }
}
