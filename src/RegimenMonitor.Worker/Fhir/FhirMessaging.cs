using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Fhir;

/// <summary>
/// The FHIR input endpoints: two durable fanout exchanges, one queue each, both consumed by the same
/// <see cref="FhirResourceConsumer{TInput}"/> code (either accepts either resource type and Bundles mixing them; two
/// exchanges let publishers route and watch dispenses and statements apart). Same retry, prefetch and <c>_error</c>
/// policy as the native endpoints (<see cref="FhirResourceConsumerDefinition{TInput}"/>); bodies may be
/// <c>application/fhir+json</c>, <c>application/json</c> or untyped.
/// </summary>
internal static class FhirMessaging
{
    /// <summary>The event type label of the FHIR endpoints in spans, metrics and logs.</summary>
    public const string EventType = EventContract.FhirType;

    public const string DispenseExchange = "fhir.medication-dispense";
    public const string StatementExchange = "fhir.medication-statement";

    public static string DispenseQueue(MessagingOptions options) => $"{options.QueuePrefix}.fhir-medication-dispense";

    public static string StatementQueue(MessagingOptions options) => $"{options.QueuePrefix}.fhir-medication-statement";
}

/// <summary>One FHIR input: its exchange and queue.</summary>
internal interface IFhirInput
{
    static abstract string Exchange { get; }

    static abstract string Queue(MessagingOptions options);
}

/// <summary>MedicationDispense resources (and Bundles) from <c>fhir.medication-dispense</c>.</summary>
internal sealed class FhirDispenseInput : IFhirInput
{
    public static string Exchange => FhirMessaging.DispenseExchange;

    public static string Queue(MessagingOptions options) => FhirMessaging.DispenseQueue(options);
}

/// <summary>MedicationStatement resources (and Bundles) from <c>fhir.medication-statement</c>.</summary>
internal sealed class FhirStatementInput : IFhirInput
{
    public static string Exchange => FhirMessaging.StatementExchange;

    public static string Queue(MessagingOptions options) => FhirMessaging.StatementQueue(options);
}
