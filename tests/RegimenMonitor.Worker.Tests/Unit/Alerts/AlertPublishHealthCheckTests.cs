using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using RegimenMonitor.Worker.Alerts;

namespace RegimenMonitor.Worker.Tests.Unit.Alerts;

/// <summary>
/// Readiness from the broker's answers to alert publishes (pure: the monitor's state with a fake clock). A broker that
/// blocks publishers keeps the connection up, so only unanswered publishes tell.
/// </summary>
public sealed class AlertPublishHealthCheckTests
{
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(15);

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 5, 9, 0, 0, TimeSpan.Zero));
    private readonly AlertPublishMonitor _monitor = new();

    private async Task<HealthCheckResult> CheckAsync()
    {
        var check = new AlertPublishHealthCheck(_monitor, Options.Create(new AlertOptions { PublishStallThreshold = Threshold }), _clock);
        var context = new HealthCheckContext
        {
            Registration = new HealthCheckRegistration(AlertPublishHealthCheck.Name, check, HealthStatus.Unhealthy, ["ready"]),
        };
        return await check.CheckHealthAsync(context, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Idle_and_answered_publishes_are_ready_however_long_ago_the_last_one_was()
    {
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);
        _monitor.Started(_clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromMilliseconds(5));
        _monitor.Answered(_clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromHours(3));
        var result = await CheckAsync();
        Assert.Equal(HealthStatus.Healthy, result.Status);
        Assert.Equal("alert publishes answered", result.Description);

        // the first publish after a long idle spell counts from its own start, not from the last answer
        _monitor.Started(_clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);
    }

    [Fact]
    public async Task A_publish_the_broker_holds_fails_readiness_past_the_threshold_before_it_times_out()
    {
        _monitor.Started(_clock.GetUtcNow());
        _clock.Advance(Threshold);
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);
        _clock.Advance(TimeSpan.FromSeconds(1));
        var result = await CheckAsync();
        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("broker answered no alert publish for 16 s (threshold 15 s): blocking publishers or unreachable", result.Description);
    }

    [Fact]
    public async Task Failed_publishes_keep_readiness_failing_through_the_back_off_until_one_is_answered()
    {
        _monitor.Started(_clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(30));
        _monitor.Failed();
        // nothing in flight while the rows back off: still no answer since the first attempt
        _clock.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync()).Status);
        // a retry after the back-off does not restart the count
        _monitor.Started(_clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Contains("for 71 s", (await CheckAsync()).Description, StringComparison.Ordinal);

        _monitor.Answered(_clock.GetUtcNow());
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);
    }

    [Fact]
    public void While_publishes_fail_the_dispatcher_probes_every_interval_and_retries_all_once_one_is_answered()
    {
        var interval = TimeSpan.FromSeconds(30);
        Assert.Equal(RetryAdvice.None, _monitor.Retry(_clock.GetUtcNow(), interval));
        _monitor.Started(_clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(30));
        _monitor.Failed();
        // the rows back off (up to 5 min); a probe comes once no publish started for the interval (a publish the
        // broker holds until it times out: at once, so one waits whenever the broker unblocks)
        Assert.Equal(RetryAdvice.Probe, _monitor.Retry(_clock.GetUtcNow(), interval));
        _monitor.Started(_clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(1));
        _monitor.Failed(); // refused at once (no connection)
        _clock.Advance(TimeSpan.FromSeconds(28));
        Assert.Equal(RetryAdvice.None, _monitor.Retry(_clock.GetUtcNow(), interval));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(RetryAdvice.Probe, _monitor.Retry(_clock.GetUtcNow(), interval));

        // a probe in flight: no second one
        _monitor.Started(_clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(45));
        Assert.Equal(RetryAdvice.None, _monitor.Retry(_clock.GetUtcNow(), interval));

        // answered: every waiting alert is retried, once
        _monitor.Answered(_clock.GetUtcNow());
        Assert.Equal(RetryAdvice.All, _monitor.Retry(_clock.GetUtcNow(), interval));
        Assert.Equal(RetryAdvice.None, _monitor.Retry(_clock.GetUtcNow(), interval));
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(RetryAdvice.None, _monitor.Retry(_clock.GetUtcNow(), interval));
    }

    [Fact]
    public void Answered_publishes_without_a_spell_of_failures_before_them_advise_nothing()
    {
        _monitor.Started(_clock.GetUtcNow());
        _monitor.Answered(_clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(RetryAdvice.None, _monitor.Retry(_clock.GetUtcNow(), TimeSpan.FromSeconds(30)));

        // one alert of a batch failed, another was answered: the failed one keeps its back-off
        _monitor.Started(_clock.GetUtcNow());
        _monitor.Started(_clock.GetUtcNow());
        _monitor.Failed();
        _monitor.Answered(_clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(RetryAdvice.None, _monitor.Retry(_clock.GetUtcNow(), TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task A_publish_still_waiting_after_others_were_answered_counts_from_the_last_answer()
    {
        // two alerts in one batch: the broker confirms one, then blocks (an alarm raised between them)
        _monitor.Started(_clock.GetUtcNow());
        _monitor.Started(_clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(1));
        _monitor.Answered(_clock.GetUtcNow());
        _clock.Advance(Threshold + TimeSpan.FromSeconds(1));
        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync()).Status);
    }

    [Fact]
    public async Task A_returned_publish_is_an_answer_and_a_failure_after_an_answer_starts_a_new_count()
    {
        _monitor.Started(_clock.GetUtcNow());
        _monitor.Failed();
        _clock.Advance(TimeSpan.FromMinutes(1));
        _monitor.Started(_clock.GetUtcNow());
        _monitor.Answered(_clock.GetUtcNow());
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);
        _monitor.Started(_clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromSeconds(2));
        _monitor.Failed();
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(HealthStatus.Healthy, (await CheckAsync()).Status);
        _clock.Advance(TimeSpan.FromSeconds(4));
        Assert.Equal(HealthStatus.Unhealthy, (await CheckAsync()).Status);
    }
}
