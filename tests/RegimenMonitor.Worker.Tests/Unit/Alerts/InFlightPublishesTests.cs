using Microsoft.Extensions.Time.Testing;
using RegimenMonitor.Worker.Alerts;

namespace RegimenMonitor.Worker.Tests.Unit.Alerts;

/// <summary>
/// A publish that outlived its run's wait is waited for by the message's retry, not sent again (found by an independent
/// fault probe: after a broker disk alarm, 57 of 84 alerts reached the care team twice).
/// </summary>
public sealed class InFlightPublishesTests
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 6, 9, 0, 0, TimeSpan.Zero));
    private int _sent;

    private Func<Task> Send(Task outcome) => () =>
    {
        _sent++;
        return outcome;
    };

    [Fact]
    public async Task A_retry_waits_for_the_publish_under_way_and_takes_its_answer_without_sending_again()
    {
        var publishes = new InFlightPublishes(_clock);
        var id = Guid.NewGuid();
        var broker = new TaskCompletionSource();

        var first = publishes.Publish(id, Send(broker.Task));
        _clock.Advance(TimeSpan.FromMinutes(5)); // the run gave up waiting; the broker still holds the message
        var retry = publishes.Publish(id, Send(Task.CompletedTask));
        Assert.Same(first, retry);

        broker.SetResult(); // the alarm ends: the broker confirms the first publish
        await retry;
        var later = publishes.Publish(id, Send(Task.CompletedTask)); // answered before any retry came: its answer holds
        Assert.Same(first, later);
        Assert.Equal(1, _sent);

        publishes.Done(id, later);
        Assert.Equal(0, publishes.Count);
    }

    [Fact]
    public void A_failed_or_returned_publish_delivered_nothing_so_its_retry_sends_again()
    {
        var publishes = new InFlightPublishes(_clock);
        var failed = Guid.NewGuid();
        var returned = Guid.NewGuid();
        publishes.Publish(failed, Send(Task.FromException(new InvalidOperationException("connection closed"))));
        publishes.Publish(returned, Send(Task.FromException(new MassTransit.MessageReturnedException("no queue"))));

        publishes.Publish(failed, Send(Task.CompletedTask));
        publishes.Publish(returned, Send(Task.CompletedTask));

        Assert.Equal(4, _sent);
    }

    [Fact]
    public void A_publish_unanswered_for_fifteen_minutes_is_given_up_and_sent_again_never_waited_for_forever()
    {
        var publishes = new InFlightPublishes(_clock);
        var id = Guid.NewGuid();
        var never = new TaskCompletionSource().Task;
        publishes.Publish(id, Send(never));

        _clock.Advance(InFlightPublishes.GiveUpAfter - TimeSpan.FromSeconds(1));
        Assert.Same(never, publishes.Publish(id, Send(Task.CompletedTask)));
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.NotSame(never, publishes.Publish(id, Send(Task.CompletedTask)));
        Assert.Equal(2, _sent);
    }

    /// <summary>
    /// Found by an independent fault probe: the broker frozen for 50-71 s, the publishes under way then never completed,
    /// though it answered every later one; their retries waited the 15 minutes, and the alerts behind them with them.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_publish_unanswered_while_a_later_one_was_answered_after_the_dispatchers_wait_is_sent_again(bool laterReturned)
    {
        var publishes = new InFlightPublishes(_clock);
        var stuck = Guid.NewGuid();
        var never = new TaskCompletionSource().Task;
        publishes.Publish(stuck, Send(never));
        _clock.Advance(TimeSpan.FromSeconds(1));
        var later = new TaskCompletionSource();
        publishes.Publish(Guid.NewGuid(), Send(later.Task)); // the freeze: neither is answered

        _clock.Advance(InFlightPublishes.AnsweredAroundIt - TimeSpan.FromSeconds(2));
        if (laterReturned)
        {
            later.SetException(new MassTransit.MessageReturnedException("no queue")); // returned for want of a queue: an answer
        }
        else
        {
            later.SetResult();
        }

        Assert.Same(never, publishes.Publish(stuck, Send(Task.CompletedTask))); // answered 29 s after it started: still waited for
        _clock.Advance(TimeSpan.FromSeconds(1));
        publishes.Publish(Guid.NewGuid(), Send(Task.CompletedTask)); // the broker answers again, 30 s after the stuck one started
        var again = publishes.Publish(stuck, Send(Task.CompletedTask));

        Assert.NotSame(never, again);
        Assert.Equal(4, _sent);
    }

    [Fact]
    public void A_publish_held_by_an_alarm_is_waited_for_though_a_later_one_of_its_batch_was_answered_just_before()
    {
        // found by a review: a batch's publishes reach the socket in any order; one started later and answered just before
        // a disk alarm blocked the connection says nothing of the held one, which the broker will still deliver
        var publishes = new InFlightPublishes(_clock);
        var id = Guid.NewGuid();
        var held = new TaskCompletionSource().Task;
        publishes.Publish(id, Send(held));
        _clock.Advance(TimeSpan.FromMilliseconds(1));
        publishes.Publish(Guid.NewGuid(), Send(Task.CompletedTask));

        _clock.Advance(InFlightPublishes.AnsweredAroundIt + TimeSpan.FromSeconds(1));

        Assert.Same(held, publishes.Publish(id, Send(Task.CompletedTask)));
        Assert.Equal(2, _sent);
    }

    [Fact]
    public void A_publish_is_still_waited_for_while_the_broker_answers_none_after_it()
    {
        // a blocked connection (a disk or memory alarm) answers nothing: the first publish may still be delivered
        var publishes = new InFlightPublishes(_clock);
        var id = Guid.NewGuid();
        var held = new TaskCompletionSource().Task;
        publishes.Publish(id, Send(held));
        _clock.Advance(TimeSpan.FromSeconds(1));
        publishes.Publish(Guid.NewGuid(), Send(new TaskCompletionSource().Task)); // held too
        publishes.Publish(Guid.NewGuid(), Send(Task.FromException(new InvalidOperationException("connection closed")))); // no answer

        _clock.Advance(TimeSpan.FromMinutes(5));

        Assert.Same(held, publishes.Publish(id, Send(Task.CompletedTask)));
        Assert.Equal(3, _sent);
    }

    [Fact]
    public void Answers_no_retry_came_for_are_forgotten_after_the_same_time()
    {
        var publishes = new InFlightPublishes(_clock);
        publishes.Publish(Guid.NewGuid(), Send(Task.CompletedTask)); // another replica dispatched the row: no retry here
        publishes.Publish(Guid.NewGuid(), Send(new TaskCompletionSource().Task));
        Assert.Equal(2, publishes.Count);

        _clock.Advance(InFlightPublishes.GiveUpAfter);
        publishes.Publish(Guid.NewGuid(), Send(Task.CompletedTask));

        Assert.Equal(1, publishes.Count);
    }

    [Fact]
    public void Done_forgets_only_the_publish_it_names()
    {
        var publishes = new InFlightPublishes(_clock);
        var id = Guid.NewGuid();
        var stale = new TaskCompletionSource().Task;
        publishes.Publish(id, Send(stale));
        _clock.Advance(InFlightPublishes.GiveUpAfter);
        var current = publishes.Publish(id, Send(new TaskCompletionSource().Task));

        publishes.Done(id, stale); // the given-up publish ends late: the one under way now stays
        Assert.Same(current, publishes.Publish(id, Send(Task.CompletedTask)));
    }
}
