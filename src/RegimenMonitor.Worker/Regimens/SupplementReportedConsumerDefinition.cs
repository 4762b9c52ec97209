using MassTransit;
using Microsoft.Extensions.Options;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// <c>&lt;QueuePrefix&gt;.supplement-reported</c>, bound to <c>care.supplement-reported</c>; the contract deserializer;
/// a consume span per attempt.
/// </summary>
internal sealed class SupplementReportedConsumerDefinition(
    IOptions<MessagingOptions> messaging, IOptions<DatabaseOptions> database, IOptions<RegimenOptions> regimen, TimeProvider clock)
    : EventConsumerDefinition<SupplementReportedConsumer>(messaging.Value, database.Value, ReceiveEndpoints.SupplementQueue(messaging.Value))
{
    protected override string Exchange => SupplementReported.ExchangeName;

    protected override void ConfigureDeserializers(IReceiveEndpointConfigurator endpoint) =>
        ReceiveEndpoints.UseContractDeserializer<SupplementReported>(endpoint, EventContract.SupplementType, clock, regimen.Value.MaxFutureSkew);

    protected override void ConfigureConsumerPipe(IConsumerConfigurator<SupplementReportedConsumer> consumer) =>
        consumer.ConsumerMessage<SupplementReported>(m => m.UseFilter(
            new ConsumeTelemetryFilter<SupplementReportedConsumer, SupplementReported>(SupplementReportedConsumer.EventType, message => message.EventId)));
}
