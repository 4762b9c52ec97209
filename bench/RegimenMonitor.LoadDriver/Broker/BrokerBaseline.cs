using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RegimenMonitor.Contracts;
using RegimenMonitor.LoadDriver.EventMix;

namespace RegimenMonitor.LoadDriver.Broker;

/// <summary>
/// Phase 1, the physical limit of this broker on this machine: the worker's topology (the two durable fanout exchanges,
/// one queue each, of the same queue type) with a no-op RabbitMQ.Client consumer per queue that acknowledges each
/// message, with the worker's prefetch. The very same bodies as the pipeline's events are published with the same
/// publisher. Throughput = messages / (first publish → last acknowledgement).
/// </summary>
internal static class BrokerBaseline
{
    public static async Task<BaselineResult> RunAsync(Uri amqpUri, IReadOnlyList<LoadEvent> warmup, IReadOnlyList<LoadEvent> events,
        int prefetch, bool quorumQueues, int confirmBatch, Action<string> report, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(warmup);
        ArgumentNullException.ThrowIfNull(events);
        var factory = new ConnectionFactory { Uri = amqpUri, ClientProvidedName = "regimen-load baseline consumer" };
        await using var connection = await factory.CreateConnectionAsync(ct);
        var acknowledged = new AckCounter();
        var channels = new List<IChannel>();
        try
        {
            foreach (var exchange in new[] { MedicationDispensed.ExchangeName, SupplementReported.ExchangeName })
            {
                var channel = await connection.CreateChannelAsync(cancellationToken: ct);
                channels.Add(channel);
                var queue = "baseline." + exchange;
                var arguments = quorumQueues ? new Dictionary<string, object?> { ["x-queue-type"] = "quorum" } : null;
                await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: ct);
                await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments, cancellationToken: ct);
                await channel.QueueBindAsync(queue, exchange, string.Empty, cancellationToken: ct);
                await channel.BasicQosAsync(0, (ushort)Math.Clamp(prefetch, 1, ushort.MaxValue), false, ct);
                var consumer = new AsyncEventingBasicConsumer(channel);
                consumer.ReceivedAsync += async (_, delivery) =>
                {
                    await channel.BasicAckAsync(delivery.DeliveryTag, false, CancellationToken.None);
                    acknowledged.Increment();
                };
                await channel.BasicConsumeAsync(queue, autoAck: false, consumer, ct);
            }

            await using var publisher = await ConfirmingPublisher.ConnectAsync(amqpUri, ct);
            if (warmup.Count > 0)
            {
                report($"baseline: warm-up, {warmup.Count:N0} messages");
                await publisher.PublishAllAsync(warmup, confirmBatch, null, ct);
                await acknowledged.WaitForAsync(warmup.Count, TimeSpan.FromSeconds(120), ct);
            }

            report($"baseline: {events.Count:N0} messages");
            var target = warmup.Count + events.Count;
            var started = Stopwatch.GetTimestamp();
            using var progress = new PeriodicReporter(TimeSpan.FromSeconds(2), () =>
                report($"baseline: acknowledged {acknowledged.Count - warmup.Count:N0}/{events.Count:N0}"));
            var published = await publisher.PublishAllAsync(events, confirmBatch, null, ct);
            await acknowledged.WaitForAsync(target, TimeSpan.FromSeconds(Math.Max(120, events.Count / 200.0)), ct);
            var elapsed = Stopwatch.GetElapsedTime(started);
            return new BaselineResult
            {
                Messages = events.Count,
                Seconds = Math.Round(elapsed.TotalSeconds, 3),
                MessagesPerSecond = Math.Round(events.Count / elapsed.TotalSeconds, 1),
                PublishSeconds = Math.Round(published.Duration.TotalSeconds, 3),
                PublishPerSecond = Math.Round(events.Count / published.Duration.TotalSeconds, 1),
                QueueType = quorumQueues ? "quorum" : "classic",
                Prefetch = prefetch,
            };
        }
        finally
        {
            foreach (var channel in channels)
            {
                await channel.DisposeAsync();
            }
        }
    }

    /// <summary>Counts acknowledgements and lets the driver wait for a number of them.</summary>
    private sealed class AckCounter
    {
        private long _count;

        public long Count => Interlocked.Read(ref _count);

        public void Increment() => Interlocked.Increment(ref _count);

        public async Task WaitForAsync(long target, TimeSpan timeout, CancellationToken ct)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            while (Count < target)
            {
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    throw new TimeoutException($"the baseline consumers acknowledged {Count:N0} of {target:N0} messages within {timeout.TotalSeconds:N0} s");
                }

                await Task.Delay(1, ct);
            }
        }
    }
}

/// <summary>Phase 1 figures.</summary>
internal sealed record BaselineResult
{
    public required int Messages { get; init; }

    public required double Seconds { get; init; }

    public required double MessagesPerSecond { get; init; }

    public required double PublishSeconds { get; init; }

    public required double PublishPerSecond { get; init; }

    public required string QueueType { get; init; }

    public required int Prefetch { get; init; }

    /// <summary>CPU of the measured part (RabbitMQ node, driver, machine); filled in by the runner.</summary>
    public Measurement.CpuUsage? Cpu { get; init; }
}
