using MassTransit;
using MassTransit.RetryPolicies;

namespace RegimenMonitor.Worker.Infrastructure.Messaging;

/// <summary>
/// Exponential retries with jitter, in process, with two budgets. A failure that says the database is away
/// (<see cref="Database.Dialects.DatabaseDialect.IsOutage"/>) is retried for as long as the outage lasts, at most
/// <see cref="OutageMaxInterval"/> apart: the message was not at fault, so it stays unacknowledged here (and goes back to
/// the queue if the worker stops) instead of reaching <c>_error</c> when the outage outlasts the ordinary budget. Any
/// other handled failure is retried up to <c>Messaging:RetryLimit</c> times, at most <see cref="MaxInterval"/> apart,
/// then goes to <c>_error</c> as before. What the exception filter excludes (invalid data) is never retried.
/// </summary>
internal sealed class OutageRetryPolicy(IExceptionFilter filter, int retryLimit, Func<Exception, bool> isOutage) : IRetryPolicy
{
    public static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(20);

    public static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The longest wait between retries while the database is away, and so about how long an event waits after it is
    /// back (up to this, plus the jitter): 30 s until 2026-12-05, when events waited 32 s after a 70 s outage ended.
    /// With 512 messages in flight it is about 50 connection attempts a second at most against a database that refuses
    /// them at once.
    /// </summary>
    public static readonly TimeSpan OutageMaxInterval = TimeSpan.FromSeconds(10);

    public int RetryLimit { get; } = retryLimit;

    public bool IsHandled(Exception exception) => filter.Match(exception);

    public bool IsOutage(Exception exception) => isOutage(exception);

    /// <summary>Whether the failure of retry number <paramref name="retryCount"/> (0: the first try) is tried again.</summary>
    public bool Allows(Exception exception, int retryCount) =>
        IsHandled(exception) && (retryCount < RetryLimit || IsOutage(exception));

    /// <summary>The wait before retry number <paramref name="retryCount"/>: doubling from 20 ms, capped, ±25 % jitter.</summary>
    public static TimeSpan Interval(int retryCount, bool outage)
    {
        var cap = (outage ? OutageMaxInterval : MaxInterval).TotalMilliseconds;
        var doubled = MinInterval.TotalMilliseconds * Math.Pow(2, Math.Min(retryCount, 20));
        return TimeSpan.FromMilliseconds(Math.Min(doubled, cap) * (0.75 + (Random.Shared.NextDouble() * 0.5)));
    }

    RetryPolicyContext<T> IRetryPolicy.CreatePolicyContext<T>(T context) => new PolicyContext<T>(this, context);

    void IProbeSite.Probe(ProbeContext context)
    {
        context.Set(new { Policy = "Exponential, unbounded while the database is away", Limit = RetryLimit, Max = MaxInterval, OutageMax = OutageMaxInterval });
        filter.Probe(context);
    }

    private sealed class PolicyContext<T>(OutageRetryPolicy policy, T context) : BaseRetryPolicyContext<T>(policy, context)
        where T : class, PipeContext
    {
        public override bool CanRetry(Exception exception, out RetryContext<T> retryContext) =>
            base.CanRetry(exception, out retryContext) && policy.Allows(exception, 0);

        protected override RetryContext<T> CreateRetryContext(Exception exception, CancellationToken cancellationToken) =>
            new Attempt<T>(policy, Context, exception, 0, cancellationToken);
    }

    private sealed class Attempt<T>(OutageRetryPolicy policy, T context, Exception exception, int retryCount, CancellationToken cancellationToken)
        : BaseRetryContext<T>(context, exception, retryCount, cancellationToken), RetryContext<T>
        where T : class, PipeContext
    {
        public override TimeSpan? Delay => Interval(RetryCount, policy.IsOutage(Exception));

        bool RetryContext<T>.CanRetry(Exception exception, out RetryContext<T> retryContext)
        {
            retryContext = new Attempt<T>(policy, Context, exception, RetryCount + 1, CancellationToken);
            return policy.Allows(exception, RetryAttempt);
        }
    }
}
