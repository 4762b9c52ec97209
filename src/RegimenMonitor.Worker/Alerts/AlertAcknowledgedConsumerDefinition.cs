using MassTransit;
using Microsoft.Extensions.Options;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Alerts;

/// <summary>
/// <c>&lt;QueuePrefix&gt;.alert-acknowledged</c>, bound to <c>care.alert-acknowledged</c>; the contract deserializer. One
/// message at a time: two copies of one acknowledgement consumed at once would each find no row and insert one, and the
/// second insert, refused by the unique index on <c>event_id</c>, was logged as an error with its stack and retried
/// (found by an edge probe). One at a time, the second copy finds the first's row and is a redelivery, silently.
/// Acknowledgements are a few a minute, a person's action each; they need no concurrency. Across replicas copies can
/// still race: <see cref="AcknowledgementRecorder"/> then reads the row that won and compares, without a retry.
/// </summary>
internal sealed class AlertAcknowledgedConsumerDefinition(
    IOptions<MessagingOptions> messaging, IOptions<DatabaseOptions> database, IOptions<RegimenOptions> regimen, TimeProvider clock)
    : EventConsumerDefinition<AlertAcknowledgedConsumer>(messaging.Value, database.Value, ReceiveEndpoints.AcknowledgementQueue(messaging.Value), concurrentMessageLimit: 1)
{
    protected override string Exchange => AlertAcknowledged.ExchangeName;

    protected override void ConfigureDeserializers(IReceiveEndpointConfigurator endpoint) =>
        ReceiveEndpoints.UseContractDeserializer<AlertAcknowledged>(endpoint, EventContract.AcknowledgedType, clock, regimen.Value.MaxFutureSkew);
}
