namespace RegimenMonitor.Worker.Fhir;

/// <summary>
/// The message type of the FHIR endpoints. It has no properties: the consumer reads the body itself as FHIR JSON
/// (a resource or a Bundle), so MassTransit only has to hand it over. Never published by us.
/// </summary>
internal sealed record FhirResourcePublished;
