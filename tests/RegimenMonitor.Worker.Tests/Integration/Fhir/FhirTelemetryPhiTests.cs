using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RegimenMonitor.Worker.Fhir;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration.Fhir;

/// <summary>
/// The PHI test for the FHIR path: FHIR resources (applied, redelivered and invalid — the invalid one with values the
/// FHIR SDK would quote in its own messages) go through the real pipeline with every log category at Debug, and
/// nothing exported (traces, metrics, logs over OTLP) spells a patient id, product text, identifier, prescription,
/// pharmacy or dosage text.
/// </summary>
public sealed class FhirTelemetryPhiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Recent(int daysAgo) =>
        DateTimeOffset.UtcNow.AddDays(-daysAgo).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Dispense(string patient, string text, string identifier, string prescription, string pharmacy, string dosage, string status = "completed") => $$$"""
        {"resourceType": "MedicationDispense", "identifier": [{"value": "{{{identifier}}}"}], "status": "{{{status}}}",
         "medicationCodeableConcept": {"text": "{{{text}}}"}, "subject": {"reference": "Patient/{{{patient}}}"},
         "performer": [{"actor": {"reference": "Organization/{{{pharmacy}}}"}}], "authorizingPrescription": [{"reference": "MedicationRequest/{{{prescription}}}"}],
         "daysSupply": {"value": 30, "system": "http://unitsofmeasure.org", "code": "d"}, "whenHandedOver": "{{{Recent(5)}}}",
         "dosageInstruction": [{"text": "{{{dosage}}}"}]}
        """;

    [Fact]
    public async Task Fhir_resources_leave_no_patient_product_or_identifier_data_in_exported_telemetry()
    {
        var tag = Guid.NewGuid().ToString("N")[..12];
        var patient = $"PHI-FHIR-PT-{tag}";
        var patientInvalid = $"PHI-FHIR-BAD-{tag}";
        var zoloft = $"Zoloft 50 mg tablet QZF{tag}";
        var wort = $"St. John's Wort 300 mg QZW{tag}";
        var identifier = $"FHIR-DSP-{tag}";
        var statementId = $"FHIR-STM-{tag}";
        var prescription = $"FHIR-RX-{tag}";
        var pharmacy = $"FHIR-PH-{tag}";
        var dosage = $"one tablet QZD{tag}";
        var badCode = $"done{tag}";
        string[] secrets = [patient, patientInvalid, zoloft, wort, identifier, statementId, prescription, pharmacy, dosage, badCode, tag];

        await using var pipeline = await ExportingPipeline.StartAsync("http/protobuf", Ct, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Debug",
            ["Logging:LogLevel:MassTransit"] = "Debug",
            ["Logging:LogLevel:Microsoft"] = "Debug",
        });
        var broker = pipeline.Broker;
        var dispense = Dispense(patient, zoloft, identifier, prescription, pharmacy, dosage);
        var statement = $$"""
            {"resourceType": "MedicationStatement", "identifier": [{"value": "{{statementId}}"}], "status": "active",
             "medicationCodeableConcept": {"text": "{{wort.Replace("'", "\\u0027", StringComparison.Ordinal)}}"}, "subject": {"reference": "Patient/{{patient}}"},
             "effectiveDateTime": "{{Recent(3)[..10]}}", "dateAsserted": "{{Recent(2)}}"}
            """;
        Assert.True(await broker.PublishAsync(FhirMessaging.DispenseExchange, dispense, Ct, contentType: FhirJson.ContentType));
        Assert.True(await broker.PublishAsync(FhirMessaging.DispenseExchange, dispense, Ct, contentType: FhirJson.ContentType));
        Assert.True(await broker.PublishAsync(FhirMessaging.StatementExchange, statement, Ct, contentType: FhirJson.ContentType));
        // invalid: a status outside the value set (the SDK's message would quote it) and no handover time
        Assert.True(await broker.PublishAsync(FhirMessaging.DispenseExchange,
            Dispense(patientInvalid, zoloft, identifier, prescription, pharmacy, dosage, badCode), Ct, contentType: FhirJson.ContentType));

        await pipeline.Worker.WaitForProcessedAsync(2, TimeSpan.FromSeconds(60), Ct);
        Assert.Single(await broker.WaitForMessagesAsync("regimen-monitor.fhir-medication-dispense_error", 1, TimeSpan.FromSeconds(30), Ct));
        Assert.True(await pipeline.Worker.QueryAsync(db => db.Findings.AnyAsync(f => f.State == "active")), "the pipeline opened a finding");
        await pipeline.StopWorkerAsync();

        var spans = pipeline.Collector.Spans();
        Assert.Contains(spans, s => s.Scope == "RegimenMonitor" && s.Name == "consume fhir" && s.Attributes.GetValueOrDefault("regimen_monitor.event.outcome") == "applied");
        Assert.Contains(spans, s => s.Scope == "RegimenMonitor" && s.Name == "consume fhir" && s.Attributes.GetValueOrDefault("regimen_monitor.event.outcome") == "invalid");
        var logs = Encoding.UTF8.GetString([.. pipeline.Collector.Signal("logs").SelectMany(r => r.Body)]);
        Assert.Contains("Rejected fhir", logs, StringComparison.Ordinal);
        Assert.Contains("MedicationDispense.status", logs, StringComparison.Ordinal);

        var received = pipeline.Collector.AllBytes();
        foreach (var secret in secrets)
        {
            foreach (var variant in new[] { secret, secret.ToUpperInvariant(), secret.ToLowerInvariant(), secret.Replace("'", "\\u0027", StringComparison.Ordinal) }.Distinct())
            {
                foreach (var encoding in (Encoding[])[Encoding.UTF8, Encoding.Unicode, Encoding.BigEndianUnicode])
                {
                    var at = received.AsSpan().IndexOf(encoding.GetBytes(variant));
                    Assert.True(at < 0, $"'{variant}' ({encoding.WebName}) found in the exported telemetry: …{Context(received, at)}…");
                }
            }
        }
    }

    private static string Context(byte[] bytes, int at) =>
        at < 0 ? string.Empty : Encoding.UTF8.GetString(bytes, Math.Max(0, at - 120), Math.Min(bytes.Length - Math.Max(0, at - 120), 240));
}
