using MassTransit;
using RabbitMQ.Client;
using RegimenMonitor.Worker.Infrastructure.Configuration;

namespace RegimenMonitor.Worker.Infrastructure.Messaging;

/// <summary>
/// The receive-endpoint policy every consumer of the wire shares, as a MassTransit consumer definition: the queue
/// (<c>&lt;QueuePrefix&gt;.&lt;event&gt;</c>), its concurrency and prefetch, a (quorum) queue bound to the fixed fanout
/// exchange of its contract instead of MassTransit's type-named exchanges, a content type MassTransit's reader would
/// throw on kept out of its way (<see cref="ContentTypeGuardFilter"/>), the endpoint's deserializers, and retry
/// (<see cref="ReceiveEndpoints.ConfigureRetry"/>: transient failures in process, a database outage for as long as it
/// lasts, invalid data never; then <c>_error</c>). A definition says only what is its own (queue, exchange,
/// deserializers); the bus creates one endpoint per definition (<c>ConfigureEndpoints</c> in
/// Hosting/MessagingConfiguration).
/// </summary>
internal abstract class EventConsumerDefinition<TConsumer> : ConsumerDefinition<TConsumer>
    where TConsumer : class, IConsumer
{
    /// <param name="messaging">The messaging options.</param>
    /// <param name="database">The database options.</param>
    /// <param name="queue">The endpoint's queue.</param>
    /// <param name="concurrentMessageLimit">
    /// The messages this endpoint consumes at once when not <see cref="ReceiveEndpoints.ConcurrencyLimit"/> (an
    /// endpoint that takes one at a time).
    /// </param>
    protected EventConsumerDefinition(MessagingOptions messaging, DatabaseOptions database, string queue, int? concurrentMessageLimit = null)
    {
        ArgumentNullException.ThrowIfNull(messaging);
        ArgumentNullException.ThrowIfNull(database);
        Messaging = messaging;
        Database = database;
        EndpointName = queue;
        var concurrency = concurrentMessageLimit ?? ReceiveEndpoints.ConcurrencyLimit(messaging, database);
        var rabbitMq = messaging.EffectiveTransport == MessagingTransport.RabbitMq;
        Endpoint(e =>
        {
            e.ConcurrentMessageLimit = concurrency;
            if (rabbitMq)
            {
                // bound explicitly to the wire exchange below; in memory, the type's entity name is that exchange
                e.ConfigureConsumeTopology = false;
                e.PrefetchCount = messaging.PrefetchCount;
            }
        });
    }

    protected MessagingOptions Messaging { get; }

    protected DatabaseOptions Database { get; }

    /// <summary>The durable fanout exchange publishers send this endpoint's messages to.</summary>
    protected abstract string Exchange { get; }

    /// <summary>How this endpoint reads bodies (its only deserializers).</summary>
    protected abstract void ConfigureDeserializers(IReceiveEndpointConfigurator endpoint);

    /// <summary>What runs around the consumer on this endpoint (telemetry), inside the retry.</summary>
    protected virtual void ConfigureConsumerPipe(IConsumerConfigurator<TConsumer> consumer)
    {
    }

    protected override void ConfigureConsumer(IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<TConsumer> consumerConfigurator, IRegistrationContext context)
    {
        ArgumentNullException.ThrowIfNull(endpointConfigurator);
        if (endpointConfigurator is IRabbitMqReceiveEndpointConfigurator rabbit)
        {
            if (Messaging.QuorumQueues)
            {
                rabbit.SetQuorumQueue();
            }

            rabbit.Bind(Exchange, b => b.ExchangeType = ExchangeType.Fanout);
        }

        // No Fault<T> is published for a rejected message (MassTransit's default would copy the whole event, patient
        // id and product text, to its MassTransit:Fault exchanges); nor sent to an address the message names
        // (NoReplyConsumeContext). The endpoint's _error queue is the record.
        endpointConfigurator.PublishFaults = false;
        // first of all, a content type MassTransit's reader would throw on is taken out of its way (ContentTypeGuardFilter)
        endpointConfigurator.ConfigureReceive(r => r.UseFilter(new ContentTypeGuardFilter()));
        ConfigureDeserializers(endpointConfigurator);
        ReceiveEndpoints.ConfigureRetry(endpointConfigurator, Messaging, Database, context?.GetService<Health.WriteRefusals>());
        ConfigureConsumerPipe(consumerConfigurator);
    }
}
