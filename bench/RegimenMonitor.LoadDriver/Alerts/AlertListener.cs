using System.Collections.Concurrent;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using RegimenMonitor.Contracts;

namespace RegimenMonitor.LoadDriver.Alerts;

/// <summary>
/// A private queue bound to <c>care.regimen-alerts</c> with <c>#</c>: every alert the worker publishes, with the time it
/// arrived. Declares the exchange as infra/rabbitmq/definitions.json does (durable topic) so the binding exists before
/// the worker's first alert.
/// </summary>
internal sealed class AlertListener : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly ConcurrentQueue<ReceivedAlert> _alerts = new();
    private long _unparsed;

    private AlertListener(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public IReadOnlyCollection<ReceivedAlert> Alerts => _alerts;

    /// <summary>Messages on the alert exchange that were not alerts the driver could read.</summary>
    public long Unparsed => Interlocked.Read(ref _unparsed);

    public static async Task<AlertListener> StartAsync(Uri amqpUri, CancellationToken ct)
    {
        var factory = new ConnectionFactory { Uri = amqpUri, ClientProvidedName = "regimen-load alert listener" };
        var connection = await factory.CreateConnectionAsync(ct);
        var channel = await connection.CreateChannelAsync(cancellationToken: ct);
        var listener = new AlertListener(connection, channel);
        await channel.ExchangeDeclareAsync(RegimenAlertRaised.ExchangeName, ExchangeType.Topic, durable: true, autoDelete: false, cancellationToken: ct);
        var queue = await channel.QueueDeclareAsync(string.Empty, durable: false, exclusive: true, autoDelete: true, cancellationToken: ct);
        await channel.QueueBindAsync(queue.QueueName, RegimenAlertRaised.ExchangeName, "#", cancellationToken: ct);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            var received = DateTime.UtcNow.Ticks;
            if (ReceivedAlert.Parse(delivery.Body.Span, delivery.RoutingKey, received) is { } alert)
            {
                listener._alerts.Enqueue(alert);
            }
            else
            {
                Interlocked.Increment(ref listener._unparsed);
            }

            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer, ct);
        return listener;
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
