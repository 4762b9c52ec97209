using System.Diagnostics;
using RabbitMQ.Client;
using RegimenMonitor.LoadDriver.EventMix;

namespace RegimenMonitor.LoadDriver.Broker;

/// <summary>
/// Publishes events with publisher confirms on one channel, as a pharmacy system would: persistent, JSON, the event id
/// as message id. Confirms are awaited per batch (RabbitMQ.Client's confirmation rate limiter is not used: 7.1.2 threw
/// SemaphoreFullException, and on 7.1.2 and 7.2.2 publishes stopped completing once some in-flight publishes on the
/// confirm-tracking channel were cancelled). Records the wall-clock time (UTC ticks) each event was handed to
/// the client, so it can be compared with PostgreSQL's commit timestamps.
/// </summary>
internal sealed class ConfirmingPublisher : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;

    private ConfirmingPublisher(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public static async Task<ConfirmingPublisher> ConnectAsync(Uri amqpUri, CancellationToken ct)
    {
        var factory = new ConnectionFactory { Uri = amqpUri, ClientProvidedName = "regimen-load publisher" };
        var connection = await factory.CreateConnectionAsync(ct);
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), ct);
        return new ConfirmingPublisher(connection, channel);
    }

    /// <summary>Publishes every event as fast as the broker confirms them, <paramref name="batch"/> confirms outstanding at a time.</summary>
    public async Task<PublishTimes> PublishAllAsync(IReadOnlyList<LoadEvent> events, int batch, Action<int>? progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(events);
        var times = new long[events.Count];
        var pending = new List<Task>(batch);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < events.Count; i++)
        {
            times[i] = DateTime.UtcNow.Ticks;
            pending.Add(PublishAsync(events[i], ct));
            if (pending.Count >= batch)
            {
                await Task.WhenAll(pending);
                pending.Clear();
                progress?.Invoke(i + 1);
            }
        }

        await Task.WhenAll(pending);
        progress?.Invoke(events.Count);
        return new PublishTimes(times, Stopwatch.GetElapsedTime(started), 0);
    }

    /// <summary>
    /// Publishes at a fixed offered rate (open loop: event i is due at start + i / rate, whatever happened before),
    /// with at most <paramref name="maxOutstanding"/> unconfirmed. Reports the largest delay behind schedule.
    /// </summary>
    public async Task<PublishTimes> PublishPacedAsync(IReadOnlyList<LoadEvent> events, double ratePerSecond, int maxOutstanding, Action<int>? progress,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(events);
        var times = new long[events.Count];
        var outstanding = new Queue<Task>();
        var started = Stopwatch.GetTimestamp();
        var maxLag = TimeSpan.Zero;
        var next = 0;
        var lastProgress = 0L;
        while (next < events.Count)
        {
            var elapsed = Stopwatch.GetElapsedTime(started);
            var due = Math.Min(events.Count, (int)(elapsed.TotalSeconds * ratePerSecond) + 1);
            while (next < due)
            {
                var lag = elapsed - TimeSpan.FromSeconds(next / ratePerSecond);
                if (lag > maxLag)
                {
                    maxLag = lag;
                }

                times[next] = DateTime.UtcNow.Ticks;
                outstanding.Enqueue(PublishAsync(events[next], ct));
                next++;
                while (outstanding.Count > maxOutstanding)
                {
                    await outstanding.Dequeue();
                }
            }

            while (outstanding.Count > 0 && outstanding.Peek().IsCompleted)
            {
                await outstanding.Dequeue();
            }

            if (progress is not null && (long)elapsed.TotalSeconds > lastProgress)
            {
                lastProgress = (long)elapsed.TotalSeconds;
                progress(next);
            }

            if (next < events.Count)
            {
                // Task.Delay counts whole milliseconds: a wait under 1 ms would be Delay(0), a busy loop that took 0.6 of a
                // core from the system under test at 1,000/s. Sleep at least 1 ms; events that fall due meanwhile go out
                // together on waking (each stamped with its real publish time, and the lag behind schedule is reported).
                var wait = TimeSpan.FromSeconds(next / ratePerSecond) - Stopwatch.GetElapsedTime(started);
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, ct);
                }
            }
        }

        await Task.WhenAll(outstanding);
        progress?.Invoke(events.Count);
        return new PublishTimes(times, Stopwatch.GetElapsedTime(started), maxLag.TotalMilliseconds);
    }

    private Task PublishAsync(LoadEvent e, CancellationToken ct)
    {
        var properties = new BasicProperties
        {
            ContentType = "application/json",
            DeliveryMode = DeliveryModes.Persistent,
            MessageId = e.EventId.ToString(),
        };
        return _channel.BasicPublishAsync(e.Exchange, string.Empty, false, properties, e.Body, ct).AsTask();
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}

/// <summary>When each event was handed to the client (UTC ticks, by index), how long publishing took, and pacing lag.</summary>
internal sealed record PublishTimes(long[] UtcTicks, TimeSpan Duration, double MaxScheduleLagMs);
