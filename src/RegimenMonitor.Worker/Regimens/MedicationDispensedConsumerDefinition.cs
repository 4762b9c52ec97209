using MassTransit;
using Microsoft.Extensions.Options;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// <c>&lt;QueuePrefix&gt;.medication-dispensed</c>, bound to <c>pharmacy.medication-dispensed</c>; the contract
/// deserializer; a consume span per attempt.
/// </summary>
internal sealed class MedicationDispensedConsumerDefinition(
    IOptions<MessagingOptions> messaging, IOptions<DatabaseOptions> database, IOptions<RegimenOptions> regimen, TimeProvider clock)
    : EventConsumerDefinition<MedicationDispensedConsumer>(messaging.Value, database.Value, ReceiveEndpoints.DispensedQueue(messaging.Value))
{
    protected override string Exchange => MedicationDispensed.ExchangeName;

    protected override void ConfigureDeserializers(IReceiveEndpointConfigurator endpoint) =>
        ReceiveEndpoints.UseContractDeserializer<MedicationDispensed>(endpoint, EventContract.DispensedType, clock, regimen.Value.MaxFutureSkew);

    protected override void ConfigureConsumerPipe(IConsumerConfigurator<MedicationDispensedConsumer> consumer) =>
        consumer.ConsumerMessage<MedicationDispensed>(m => m.UseFilter(
            new ConsumeTelemetryFilter<MedicationDispensedConsumer, MedicationDispensed>(MedicationDispensedConsumer.EventType, message => message.EventId)));
}
