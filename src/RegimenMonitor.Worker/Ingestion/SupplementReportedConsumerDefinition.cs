using MassTransit;
using Microsoft.Extensions.Options;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Configuration;
using RegimenMonitor.Worker.Diagnostics;
using RegimenMonitor.Worker.Hosting;

namespace RegimenMonitor.Worker.Ingestion;

/// <summary>
/// <c>&lt;QueuePrefix&gt;.supplement-reported</c>, bound to <c>care.supplement-reported</c>; the contract deserializer;
/// a consume span per attempt.
/// </summary>
internal sealed class SupplementReportedConsumerDefinition(
    IOptions<MessagingOptions> messaging, IOptions<DatabaseOptions> database, IOptions<RegimenOptions> regimen, TimeProvider clock)
    : EventConsumerDefinition<SupplementReportedConsumer>(messaging.Value, database.Value, MessagingConfiguration.SupplementQueue(messaging.Value))
{
    protected override string Exchange => SupplementReported.ExchangeName;

    protected override void ConfigureDeserializers(IReceiveEndpointConfigurator endpoint) =>
        MessagingConfiguration.UseContractDeserializer<SupplementReported>(endpoint, EventContract.SupplementType, clock, regimen.Value.MaxFutureSkew);

    protected override void ConfigureConsumerPipe(IConsumerConfigurator<SupplementReportedConsumer> consumer) =>
        consumer.ConsumerMessage<SupplementReported>(m => m.UseFilter(
            new ConsumeTelemetryFilter<SupplementReportedConsumer, SupplementReported>(SupplementReportedConsumer.EventType, message => message.EventId)));
}
