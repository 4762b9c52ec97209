using MassTransit;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Fhir;

/// <summary>
/// The queue of one FHIR input exchange (<typeparamref name="TInput"/>), bound to it; plain JSON and the FHIR media
/// types; a consume span per attempt. Same retry, prefetch, concurrency and <c>_error</c> policy as the native
/// endpoints.
/// </summary>
internal sealed class FhirResourceConsumerDefinition<TInput>(IOptions<MessagingOptions> messaging, IOptions<DatabaseOptions> database)
    : EventConsumerDefinition<FhirResourceConsumer<TInput>>(messaging.Value, database.Value, TInput.Queue(messaging.Value))
    where TInput : IFhirInput
{
    protected override string Exchange => TInput.Exchange;

    protected override void ConfigureDeserializers(IReceiveEndpointConfigurator endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        // plain JSON (application/json or no content type) as the default, which also refuses any other type; the FHIR
        // media types beside it. Each checks the body is one JSON object; FhirEventMapper then reads it strictly as R4,
        // and its failures go to _error naming the FHIRPath.
        endpoint.AddDeserializer(new FhirBodyDeserializer(new System.Net.Mime.ContentType(ContractDeserializer.JsonMediaType)), isDefault: true);
        endpoint.AddDeserializer(new FhirBodyDeserializer(FhirBodyDeserializer.FhirJsonContentType));
        endpoint.AddDeserializer(new FhirBodyDeserializer(FhirBodyDeserializer.LegacyFhirJsonContentType));
        // a MassTransit envelope is no FHIR body: refused by content type, not handed to MassTransit's envelope reader
        endpoint.AddDeserializer(new FhirBodyDeserializer(new System.Net.Mime.ContentType(ContractDeserializer.EnvelopeMediaType)));
    }

    protected override void ConfigureConsumerPipe(IConsumerConfigurator<FhirResourceConsumer<TInput>> consumer) =>
        consumer.ConsumerMessage<FhirResourcePublished>(m => m.UseFilter(
            new ConsumeTelemetryFilter<FhirResourceConsumer<TInput>, FhirResourcePublished>(FhirMessaging.EventType)));
}
