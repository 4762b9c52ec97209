using MassTransit;
using RabbitMQ.Client;
using RegimenMonitor.Worker.Configuration;
using RegimenMonitor.Worker.Hosting;

namespace RegimenMonitor.Worker.Fhir;

/// <summary>
/// The FHIR input endpoints: two durable fanout exchanges, one queue each, both consumed by
/// <see cref="FhirResourceConsumer"/> (either accepts either resource type and Bundles mixing them; two exchanges let
/// publishers route and watch dispenses and statements apart). Same retry, prefetch and <c>_error</c> policy as the
/// native endpoints; bodies may be <c>application/fhir+json</c>, <c>application/json</c> or untyped.
/// </summary>
internal static class FhirMessaging
{
    public const string DispenseExchange = "fhir.medication-dispense";
    public const string StatementExchange = "fhir.medication-statement";

    public static string DispenseQueue(MessagingOptions options) => $"{options.QueuePrefix}.fhir-medication-dispense";

    public static string StatementQueue(MessagingOptions options) => $"{options.QueuePrefix}.fhir-medication-statement";

    public static void AddRabbitEndpoints(IRabbitMqBusFactoryConfigurator cfg, IBusRegistrationContext context, MessagingOptions messaging, int concurrency)
    {
        foreach (var (queue, exchange) in Endpoints(messaging))
        {
            cfg.ReceiveEndpoint(queue, e =>
            {
                MessagingConfiguration.ConfigureRabbitEndpoint(e, messaging, concurrency);
                e.Bind(exchange, b => b.ExchangeType = ExchangeType.Fanout);
                AddFhirDeserializers(e);
                MessagingConfiguration.ConfigureRetry(e, messaging);
                e.ConfigureConsumer<FhirResourceConsumer>(context);
            });
        }
    }

    public static void AddInMemoryEndpoints(IInMemoryBusFactoryConfigurator cfg, IBusRegistrationContext context, MessagingOptions messaging, int concurrency)
    {
        foreach (var (queue, _) in Endpoints(messaging))
        {
            cfg.ReceiveEndpoint(queue, e =>
            {
                e.ConcurrentMessageLimit = concurrency;
                AddFhirDeserializers(e);
                MessagingConfiguration.ConfigureRetry(e, messaging);
                e.ConfigureConsumer<FhirResourceConsumer>(context);
            });
        }
    }

    private static void AddFhirDeserializers(IReceiveEndpointConfigurator e)
    {
        // plain JSON (application/json or no content type) as the default; the FHIR media types beside it. The body is
        // then checked by FhirEventMapper (strict R4 parse), whose failures go to _error naming the FHIRPath.
        e.UseRawJsonDeserializer(RawSerializerOptions.AnyMessageType, isDefault: true);
        e.AddDeserializer(new FhirBodyDeserializer(FhirBodyDeserializer.FhirJsonContentType));
        e.AddDeserializer(new FhirBodyDeserializer(FhirBodyDeserializer.LegacyFhirJsonContentType));
    }

    private static (string Queue, string Exchange)[] Endpoints(MessagingOptions messaging) =>
        [(DispenseQueue(messaging), DispenseExchange), (StatementQueue(messaging), StatementExchange)];
}
