namespace RegimenMonitor.Worker.Tests.Fhir;

/// <summary>The specification's examples (copied next to the test assembly) and small hand-written resources.</summary>
internal static class FhirTestResources
{
    public static string Example(string file) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fhir", "Examples", file));

    public static IEnumerable<string> ExampleFiles() =>
        Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fhir", "Examples"), "*.json").Select(Path.GetFileName).Order()!;

    /// <summary>A completed dispense as a US Core pharmacy system would send it.</summary>
    public static string Dispense(string patient, string text, string handedOver = "2026-11-01T09:30:00-05:00", string id = "RX-1",
        string status = "completed", int daysSupply = 30, string? rxnorm = null, string? versionId = null)
    {
        var meta = versionId is null ? "" : "\"meta\": {\"versionId\": \"" + versionId + "\"},";
        var coding = rxnorm is null ? "" : "\"coding\": [{\"system\": \"http://www.nlm.nih.gov/research/umls/rxnorm\", \"code\": \"" + rxnorm + "\"}],";
        return $$$"""
        {
          "resourceType": "MedicationDispense",
          "id": "md-{{{id}}}",
          {{{meta}}}
          "identifier": [{"system": "urn:oid:2.16.840.1.113883.3.999.1", "value": "{{{id}}}"}],
          "status": "{{{status}}}",
          "medicationCodeableConcept": {
            {{{coding}}}
            "text": "{{{text}}}"
          },
          "subject": {"reference": "Patient/{{{patient}}}"},
          "performer": [{"actor": {"reference": "Organization/pharmacy-7"}}],
          "authorizingPrescription": [{"reference": "MedicationRequest/rx-42"}],
          "quantity": {"value": 30, "unit": "tablet", "system": "http://terminology.hl7.org/CodeSystem/v3-orderableDrugForm", "code": "TAB"},
          "daysSupply": {"value": {{{daysSupply}}}, "unit": "days", "system": "http://unitsofmeasure.org", "code": "d"},
          "whenHandedOver": "{{{handedOver}}}",
          "dosageInstruction": [{"text": "1 tablet daily"}]
        }
        """;
    }

    public static string Statement(string patient, string text, string id = "MS-1", string status = "active", string start = "2026-10-15",
        string asserted = "2026-11-01T12:00:00Z") => $$$"""
        {
          "resourceType": "MedicationStatement",
          "id": "ms-{{{id}}}",
          "identifier": [{"value": "{{{id}}}"}],
          "status": "{{{status}}}",
          "medicationCodeableConcept": {"text": "{{{text}}}"},
          "subject": {"reference": "Patient/{{{patient}}}"},
          "effectivePeriod": {"start": "{{{start}}}"},
          "dateAsserted": "{{{asserted}}}",
          "informationSource": {"reference": "Patient/{{{patient}}}"}
        }
        """;

    public static string Bundle(string type, params string[] resources)
    {
        var entries = resources.Select((r, i) =>
            "{\"fullUrl\": \"urn:uuid:00000000-0000-4000-8000-00000000000" + i + "\", \"resource\": " + r +
            (type is "transaction" or "batch" or "history" ? ", \"request\": " + Request(type, r) + "}" : "}"));
        return "{\"resourceType\": \"Bundle\", \"type\": \"" + type + "\", \"entry\": [" + string.Join(",", entries) + "]}";
    }

    // bdl-3: each entry of a batch, transaction or history Bundle has a request; a history Bundle's Parameters is a
    // subscription notification's status, read by GET …/$status
    private static string Request(string type, string resource) =>
        type == "history" && ResourceType(resource) == "Parameters"
            ? "{\"method\": \"GET\", \"url\": \"Subscription/s1/$status\"}"
            : "{\"method\": \"POST\", \"url\": \"" + ResourceType(resource) + "\"}";

    private static string ResourceType(string json) => System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("resourceType").GetString()!;
}
