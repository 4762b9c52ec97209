using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Quartz;
using RegimenMonitor.Worker.Alerts;

namespace RegimenMonitor.Worker.Tests.Unit.Alerts;

/// <summary>
/// Readiness from the scheduler, on a real Quartz scheduler (its in-memory store). Found by an independent fault probe:
/// with Quartz's tables locked no replica dispatched an alert for 5 minutes, while every replica said "scheduler
/// running" and stayed ready until the outbox's own threshold passed. The dispatch trigger's last firing now counts.
/// </summary>
public sealed class SchedulerHealthCheckTests : IAsyncLifetime
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly Started _lifetime = new();
    private readonly DispatchRuns _runs = new();
    private IScheduler _scheduler = null!;
    private StandaloneSchedulerFactory _factory = null!;

    public async ValueTask InitializeAsync()
    {
        _factory = QuartzSchedulerBuilder.Create(q =>
        {
            q.ConfigureScheduler(o => o.InstanceName = $"scheduler-health-{Guid.NewGuid():N}");
            q.UseInMemoryStore();
        }).Build();
        _scheduler = await _factory.GetScheduler(Ct);
        await _scheduler.Start(Ct);
    }

    public async ValueTask DisposeAsync() => await _scheduler.Shutdown(waitForJobsToComplete: false);

    private SchedulerHealthCheck Check(TimeSpan stalledAfter) =>
        new(_factory, _lifetime, Options.Create(new AlertOptions()), _runs) { DispatchStalledAfter = stalledAfter };

    private static async Task<HealthCheckResult> AskAsync(SchedulerHealthCheck check)
    {
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration(SchedulerHealthCheck.Name, check, HealthStatus.Unhealthy, ["ready"]) };
        return await check.CheckHealthAsync(context, Ct);
    }

    private async Task ScheduleDispatchAsync()
    {
        var job = JobBuilder.Create<Nothing>().WithIdentity(AlertDispatchJob.Name).Build();
        var trigger = TriggerBuilder.Create().WithIdentity(AlertDispatchJob.Name).StartNow()
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMilliseconds(100)).RepeatForever()).Build();
        await _scheduler.ScheduleJob(job, trigger, cancellationToken: Ct);
        for (var waited = 0; (await _scheduler.GetTrigger(trigger.Key, Ct))?.PreviousFireTimeUtc is null; waited++)
        {
            Assert.True(waited < 100, "the dispatch trigger never fired");
            await Task.Delay(100, Ct);
        }
    }

    // asked until the answer is the one expected (within 10 s), as a readiness probe asks
    private static async Task<HealthCheckResult> UntilAsync(SchedulerHealthCheck check, HealthStatus status)
    {
        var result = await AskAsync(check);
        for (var waited = 0; result.Status != status && waited < 100; waited++)
        {
            await Task.Delay(100, Ct);
            result = await AskAsync(check);
        }

        return result;
    }

    [Fact]
    public async Task A_dispatch_trigger_that_fires_is_ready_and_one_that_stopped_firing_is_not()
    {
        await ScheduleDispatchAsync();
        var check = Check(TimeSpan.FromSeconds(1));
        var firing = await AskAsync(check);
        Assert.Equal((HealthStatus.Healthy, "scheduler running"), (firing.Status, firing.Description));

        // no firing (the trigger paused here; Quartz's tables locked in the probe's case)
        await _scheduler.PauseTrigger(new TriggerKey(AlertDispatchJob.Name), Ct);
        var stalled = await UntilAsync(check, HealthStatus.Unhealthy);
        Assert.Equal(HealthStatus.Unhealthy, stalled.Status);
        Assert.Matches(@"^alert dispatch has not fired for \d+ s \(more than 1 s\): no replica publishes alerts", stalled.Description);

        await _scheduler.ResumeTrigger(new TriggerKey(AlertDispatchJob.Name), Ct);
        var resumed = await UntilAsync(check, HealthStatus.Healthy);
        Assert.Equal((HealthStatus.Healthy, "scheduler running"), (resumed.Status, resumed.Description));
    }

    [Fact]
    public async Task A_scheduler_without_the_dispatch_trigger_is_not_ready()
    {
        var result = await AskAsync(Check(TimeSpan.FromSeconds(1)));

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.StartsWith("alert dispatch is not scheduled", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_trigger_not_yet_fired_is_judged_from_its_start()
    {
        // as a replica's start stores the trigger again, without a last firing: not a stall of the older replicas'
        var job = JobBuilder.Create<Nothing>().WithIdentity(AlertDispatchJob.Name).Build();
        var trigger = TriggerBuilder.Create().WithIdentity(AlertDispatchJob.Name).StartAt(DateTimeOffset.UtcNow.AddSeconds(1))
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromHours(1)).RepeatForever()).Build();
        await _scheduler.ScheduleJob(job, trigger, cancellationToken: Ct);
        var check = Check(TimeSpan.FromMilliseconds(500));

        Assert.Equal(HealthStatus.Healthy, (await AskAsync(check)).Status);
        // it fires once, then not for an hour
        Assert.Equal(HealthStatus.Unhealthy, (await UntilAsync(check, HealthStatus.Unhealthy)).Status);
    }

    [Fact]
    public async Task A_dispatch_run_under_way_is_progress_however_long_it_takes()
    {
        // a long drain after an outage keeps its trigger from firing again (the job never runs twice at once)
        using var release = new SemaphoreSlim(0);
        _scheduler.Context[nameof(Draining)] = release;
        _scheduler.Context[nameof(DispatchRuns)] = _runs;
        var job = JobBuilder.Create<Draining>().WithIdentity(AlertDispatchJob.Name).Build();
        var trigger = TriggerBuilder.Create().WithIdentity(AlertDispatchJob.Name).StartNow()
            .WithSimpleSchedule(s => s.WithInterval(TimeSpan.FromMilliseconds(100)).RepeatForever()).Build();
        await _scheduler.ScheduleJob(job, trigger, cancellationToken: Ct);
        var check = Check(TimeSpan.FromMilliseconds(300));

        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        var running = await AskAsync(check);
        release.Release(int.MaxValue / 2);

        Assert.Equal((HealthStatus.Healthy, "scheduler running; alert dispatch running"), (running.Status, running.Description));
    }

    // as AlertDispatchJob does: the run marked while it drains
    [DisallowConcurrentExecution]
    private sealed class Draining : IJob
    {
        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default)
        {
            using var running = ((DispatchRuns)context.Scheduler.Context[nameof(DispatchRuns)]!).Start();
            await ((SemaphoreSlim)context.Scheduler.Context[nameof(Draining)]!).WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
        }
    }

    [Fact]
    public async Task Before_the_host_started_it_answers_without_touching_the_scheduler()
    {
        var lifetime = new Started(started: false);
        var check = new SchedulerHealthCheck(_factory, lifetime, Options.Create(new AlertOptions()), _runs);
        var context = new HealthCheckContext { Registration = new HealthCheckRegistration(SchedulerHealthCheck.Name, check, HealthStatus.Unhealthy, ["ready"]) };

        var result = await check.CheckHealthAsync(context, Ct);

        Assert.Equal((HealthStatus.Unhealthy, "scheduler not started yet"), (result.Status, result.Description));
    }

    private sealed class Nothing : IJob
    {
        public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;
    }

    private sealed class Started : IHostApplicationLifetime
    {
        public Started(bool started = true)
        {
            ApplicationStarted = started ? new CancellationToken(canceled: true) : CancellationToken.None;
        }

        public CancellationToken ApplicationStarted { get; }

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
