using MassTransit;
using Microsoft.Extensions.Options;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Alerts;

/// <summary><c>&lt;QueuePrefix&gt;.alert-acknowledged</c>, bound to <c>care.alert-acknowledged</c>; the contract deserializer.</summary>
internal sealed class AlertAcknowledgedConsumerDefinition(
    IOptions<MessagingOptions> messaging, IOptions<DatabaseOptions> database, IOptions<RegimenOptions> regimen, TimeProvider clock)
    : EventConsumerDefinition<AlertAcknowledgedConsumer>(messaging.Value, database.Value, ReceiveEndpoints.AcknowledgementQueue(messaging.Value))
{
    protected override string Exchange => AlertAcknowledged.ExchangeName;

    protected override void ConfigureDeserializers(IReceiveEndpointConfigurator endpoint) =>
        ReceiveEndpoints.UseContractDeserializer<AlertAcknowledged>(endpoint, EventContract.AcknowledgedType, clock, regimen.Value.MaxFutureSkew);
}
