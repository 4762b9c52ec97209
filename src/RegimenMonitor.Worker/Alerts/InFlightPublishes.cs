using System.Collections.Concurrent;

namespace RegimenMonitor.Worker.Alerts;

/// <summary>
/// Publishes of outbox messages that outlived their dispatch run's wait (<see cref="AlertDispatcher.PublishTimeout"/>)
/// and may still reach the broker: a connection the broker blocks (a disk or memory alarm) keeps the message it was
/// given and delivers it when the alarm ends. Sending the message again on its retry put it on the queue twice, with one
/// message id (an independent fault probe: 57 of 84 alerts delivered twice after one disk alarm). The retry of such a
/// message waits for the publish under way instead, and takes its answer when it has come meanwhile. A publish
/// unanswered for <see cref="GiveUpAfter"/> is given up: the message is sent again (at least once, never lost to a
/// publish that never ends). So is one unanswered when a publish started after it was answered (confirmed or returned)
/// <see cref="AnsweredAroundIt"/> or more after it started: the broker answers again, and this answer is not coming (an
/// independent fault probe froze the broker for 50-71 s: the publishes under way then never completed, their retries
/// waited on them for the 15 minutes, and the alerts behind them on their routing keys with them, on every replica).
/// Answers that came sooner say nothing: a publish of the same batch that reached the socket just before a disk alarm
/// blocked the connection is answered at once, and the one held behind it will still be delivered (a review).
/// In memory, per process: after a restart the message is sent again (same message id).
/// </summary>
internal sealed class InFlightPublishes(TimeProvider time)
{
    /// <summary>How long a retry waits for an unanswered earlier publish of its message before it sends the message again.</summary>
    internal static readonly TimeSpan GiveUpAfter = TimeSpan.FromMinutes(15);

    /// <summary>
    /// How long a publish may stay unanswered while later ones are answered: the dispatcher's own wait for a publish, so
    /// a publish merely slower than those after it is still waited for.
    /// </summary>
    internal static readonly TimeSpan AnsweredAroundIt = AlertDispatcher.PublishTimeout;

    private readonly ConcurrentDictionary<Guid, (Task Publish, long StartedAt)> _publishes = new();

    private readonly Lock _lock = new();

    // the broker's latest answer: when the publish it answered started, and when it came (monotonic timestamps)
    private (long StartedAt, long AnsweredAt)? _latestAnswer;

    /// <summary>Publishes still unanswered, or answered with nobody yet told.</summary>
    public int Count => _publishes.Count;

    /// <summary>
    /// The publish of <paramref name="messageId"/>: the earlier one while it is under way or once it succeeded, else a
    /// new one from <paramref name="start"/>, which must not depend on the caller's cancellation (the caller's wait may
    /// end; the publish goes on).
    /// </summary>
    public Task Publish(Guid messageId, Func<Task> start)
    {
        ArgumentNullException.ThrowIfNull(start);
        var now = time.GetTimestamp(); // monotonic: a step of the clock neither stretches nor cuts the wait
        Prune(now);
        if (_publishes.TryGetValue(messageId, out var earlier) && Reusable(earlier, now))
        {
            return earlier.Publish;
        }

        var publish = start();
        _publishes[messageId] = (publish, now);
        _ = publish.ContinueWith(t => Answered(t, now), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return publish;
    }

    // confirmed, or returned for want of a queue: either way the broker answered a publish started at startedAt
    private void Answered(Task publish, long startedAt)
    {
        if (publish.Status != TaskStatus.RanToCompletion && publish.Exception?.InnerException is not MassTransit.MessageReturnedException)
        {
            return;
        }

        var answeredAt = time.GetTimestamp();
        lock (_lock)
        {
            if (_latestAnswer is not { } latest || answeredAt >= latest.AnsweredAt)
            {
                _latestAnswer = (startedAt, answeredAt);
            }
        }
    }

    // a publish started after this one was answered AnsweredAroundIt or more after this one started
    private bool AnsweredAround(long startedAt)
    {
        (long StartedAt, long AnsweredAt)? latest;
        lock (_lock)
        {
            latest = _latestAnswer;
        }

        return latest is { } answer && answer.StartedAt > startedAt && time.GetElapsedTime(startedAt, answer.AnsweredAt) >= AnsweredAroundIt;
    }

    /// <summary>The caller was told how <paramref name="publish"/> ended: it is forgotten.</summary>
    public void Done(Guid messageId, Task publish)
    {
        if (_publishes.TryGetValue(messageId, out var entry) && entry.Publish == publish)
        {
            _publishes.TryRemove(new KeyValuePair<Guid, (Task, long)>(messageId, entry));
        }
    }

    // under way (and not given up on), or delivered: a failed or returned publish delivered nothing, so sending again is
    // no duplicate
    private bool Reusable((Task Publish, long StartedAt) entry, long now) =>
        entry.Publish.Status == TaskStatus.RanToCompletion
        || (!entry.Publish.IsCompleted && time.GetElapsedTime(entry.StartedAt, now) is var waited && waited < GiveUpAfter
            && !AnsweredAround(entry.StartedAt));

    // answered publishes no retry came for (another replica dispatched the row), and ones given up on
    private void Prune(long now)
    {
        if (_publishes.IsEmpty)
        {
            return;
        }

        foreach (var (id, entry) in _publishes)
        {
            if (time.GetElapsedTime(entry.StartedAt, now) >= GiveUpAfter)
            {
                _publishes.TryRemove(new KeyValuePair<Guid, (Task, long)>(id, entry));
            }
        }
    }
}
