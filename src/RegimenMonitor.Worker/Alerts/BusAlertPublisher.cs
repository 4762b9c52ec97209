using System.Diagnostics;
using MassTransit;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Alerts;

/// <summary>
/// Through the alert bus (<see cref="IAlertBus"/>: on RabbitMQ a connection of its own). The bus runs with publisher
/// confirms and alerts are published <c>mandatory</c>, so the task completes when the broker has routed the message to
/// at least one queue, and fails with <see cref="MessageReturnedException"/> when no queue is bound for its routing
/// key; the outbox id is the AMQP <c>message_id</c>; the body is plain contract JSON.
/// </summary>
internal sealed class BusAlertPublisher(IAlertBus bus) : IAlertPublisher
{
    public Task PublishAsync(Guid messageId, string routingKey, RegimenAlertRaised alert, CancellationToken cancellationToken)
    {
        // W3C context of the dispatch span, for care-team systems that trace without MassTransit (no span, no header:
        // spans exist only when tracing is enabled)
        var traceParent = Activity.Current?.Id;
        return bus.Publish(alert, context =>
        {
            context.MessageId = messageId;
            context.TrySetRoutingKey(routingKey);
            context.Durable = true;

            // Mandatory: a message no queue is bound for is returned by the broker (MessageReturnedException) instead
            // of being confirmed and dropped; the dispatcher then keeps it in the outbox (AlertDispatcher).
            if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
            {
                rabbit.Mandatory = true;
            }
            if (traceParent is not null)
            {
                context.Headers.Set("traceparent", traceParent);
            }
        }, cancellationToken);
    }
}
