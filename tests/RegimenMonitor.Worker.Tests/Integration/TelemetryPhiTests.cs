using System.Globalization;
using System.Text.Json;
using System.Text;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// The PHI test of the operations issue: the real pipeline, with every log category at Debug, exports traces,
/// metrics and logs through the real OTLP exporter (http/protobuf) to a receiver inside the test; none of the bytes
/// received carry a patient id, product text, prescription, pharmacy, dispense or statement id, or dosage text.
/// </summary>
public sealed class TelemetryPhiTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Recent(int daysAgo) =>
        DateTimeOffset.UtcNow.AddDays(-daysAgo).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Exported_traces_metrics_and_logs_carry_no_patient_product_prescription_or_pharmacy_data()
    {
        // one random marker inside every sensitive value: if any part of one leaks, the marker is found
        var tag = Guid.NewGuid().ToString("N")[..12];
        var patientRaw = $"PHI-PT-RAW-{tag}";
        var patientEnvelope = $"PHI-PT-MT-{tag}";
        var patientInvalid = $"PHI-PT-BAD-{tag}";
        var zoloft = $"Zoloft 50 mg tablet QZM{tag}";
        var wort = $"St. John's Wort 300 mg capsule QZS{tag}";
        var lexapro = $"Lexapro 10 mg tablet QZL{tag}";
        var prozac = $"Prozac 20 mg QZI{tag}";
        var prescription = $"RX-{tag}";
        var pharmacy = $"PHARM-{tag}";
        var dispense = $"DSP-{tag}";
        var statement = $"STM-{tag}";
        var dosage = $"one tablet at bedtime QZD{tag}";
        string[] secrets = [patientRaw, patientEnvelope, patientInvalid, zoloft, wort, lexapro, prozac, prescription, pharmacy, dispense, statement, dosage, tag];

        await using var pipeline = await ExportingPipeline.StartAsync("http/protobuf", Ct, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "Debug",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Debug",
            ["Logging:LogLevel:MassTransit"] = "Debug",
            ["Logging:LogLevel:Microsoft"] = "Debug",
        });
        var broker = pipeline.Broker;

        // raw JSON from a non-.NET publisher: a dispense (sent twice), a supplement that opens a finding with it
        var dispenseBody = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["eventId"] = Guid.NewGuid(),
            ["patientId"] = patientRaw,
            ["dispenseId"] = dispense,
            ["dispensedAt"] = Recent(5),
            ["medication"] = new { text = zoloft },
            ["daysSupply"] = 30,
            ["quantity"] = 30,
            ["dosageText"] = dosage,
            ["pharmacyId"] = pharmacy,
            ["prescriptionId"] = prescription,
        });
        Assert.True(await broker.PublishAsync(MedicationDispensed.ExchangeName, dispenseBody, Ct));
        Assert.True(await broker.PublishAsync(MedicationDispensed.ExchangeName, dispenseBody, Ct));
        Assert.True(await broker.PublishAsync(SupplementReported.ExchangeName, JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["eventId"] = Guid.NewGuid(),
            ["patientId"] = patientRaw,
            ["statementId"] = statement,
            ["reportedAt"] = Recent(2),
            ["supplement"] = new { text = wort },
            ["startedOn"] = Recent(3)[..10],
            ["source"] = "patient",
        }), Ct, messageId: $"MSG-{tag}")); // a publisher's own message id, as some build them from a prescription number

        // a MassTransit envelope from a .NET publisher
        using (var publisher = RegimenMonitorHost.CreateBuilder([], HostRole.Publisher, new Dictionary<string, string?>
               {
                   ["ConnectionStrings:RabbitMq"] = broker.AmqpUri,
                   ["Logging:LogLevel:Default"] = "Warning",
               }).Build())
        {
            await publisher.StartAsync(Ct);
            await publisher.Services.GetRequiredService<IBus>().Publish(new MedicationDispensed
            {
                EventId = Guid.NewGuid(),
                PatientId = patientEnvelope,
                DispenseId = dispense + "-2",
                DispensedAt = DateTimeOffset.UtcNow.AddDays(-1),
                Medication = new MedicationProduct { Text = lexapro },
                DosageText = dosage,
                PharmacyId = pharmacy,
                PrescriptionId = prescription,
            }, Ct);
            await publisher.StopAsync(Ct);
        }

        // two invalid events carrying patient and product: one fails validation, one cannot be read
        await broker.PublishAsync(MedicationDispensed.ExchangeName, JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["eventId"] = Guid.NewGuid(),
            ["patientId"] = patientInvalid,
            ["medication"] = new { text = prozac },
            ["pharmacyId"] = pharmacy,
        }), Ct);
        await broker.PublishAsync(MedicationDispensed.ExchangeName, JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["eventId"] = Guid.NewGuid(),
            ["patientId"] = patientInvalid,
            ["dispensedAt"] = prozac,
            ["medication"] = new { text = prozac },
        }), Ct);

        // and a content type made up of patient data: refused without quoting it (edge probe)
        await broker.PublishAsync(MedicationDispensed.ExchangeName, dispenseBody, Ct, contentType: $"application/CT-{tag}");

        await pipeline.Worker.WaitForProcessedAsync(3, TimeSpan.FromSeconds(60), Ct);
        Assert.Equal(3, (await broker.WaitForMessagesAsync("regimen-monitor.medication-dispensed_error", 3, TimeSpan.FromSeconds(30), Ct)).Count);
        Assert.True(await pipeline.Worker.QueryAsync(db => db.Findings.AnyAsync(f => f.State == "active")), "the pipeline opened a finding");
        await pipeline.StopWorkerAsync();

        var collector = pipeline.Collector;
        // the export really happened: our spans, MassTransit's and Npgsql's; our metrics; our logs
        var spans = collector.Spans();
        Assert.Contains(spans, s => s.Scope == "RegimenMonitor" && s.Name == "consume medication-dispensed" && s.Attributes.GetValueOrDefault("regimen_monitor.event.outcome") == "applied");
        Assert.Contains(spans, s => s.Scope == "RegimenMonitor" && s.Name == "consume medication-dispensed" && s.Attributes.GetValueOrDefault("regimen_monitor.event.outcome") == "duplicate");
        Assert.Contains(spans, s => s.Scope == "RegimenMonitor" && s.Name == "consume medication-dispensed" && s.Attributes.GetValueOrDefault("regimen_monitor.event.outcome") == "invalid");
        Assert.Contains(spans, s => s.Scope == "RegimenMonitor" && s.Name == "consume supplement-reported" && s.Attributes.GetValueOrDefault("regimen_monitor.event.outcome") == "applied");
        // whichever of the dispense and the supplement is applied second opens the finding
        Assert.Contains(spans, s => s.Scope == "RegimenMonitor" && s.Name.StartsWith("consume ", StringComparison.Ordinal) && s.Attributes.GetValueOrDefault("regimen_monitor.findings.opened") == "1");
        Assert.Contains(spans, s => s.Scope == "RegimenMonitor" && s.Name == "evaluate regimen" && s.Attributes.GetValueOrDefault("regimen_monitor.findings.count") == "1");
        Assert.Contains(spans, s => s.Scope == "MassTransit");
        Assert.Contains(spans, s => s.Scope == "Npgsql");
        // (MassTransit's own instruments are not asserted: MassTransit binds them once per process to the first host's
        // meter factory, and in this test process that may be another test's host, long disposed)
        var metrics = Encoding.UTF8.GetString([.. collector.Signal("metrics").SelectMany(r => r.Body)]);
        foreach (var name in (string[])["regimen_monitor.events.consumed", "regimen_monitor.evaluation.duration", "regimen_monitor.findings.changed",
                     "regimen_monitor.products.normalised"])
        {
            Assert.Contains(name, metrics, StringComparison.Ordinal);
        }

        // the instrumentation the hosting setup adds: the runtime's dotnet.* instruments and Npgsql's db.client.*
        Assert.Contains("dotnet.gc.collections", metrics, StringComparison.Ordinal);
        Assert.Contains("db.client.", metrics, StringComparison.Ordinal);

        var logs = Encoding.UTF8.GetString([.. collector.Signal("logs").SelectMany(r => r.Body)]);
        Assert.Contains("RegimenMonitor starting", logs, StringComparison.Ordinal);
        Assert.Contains("Applied medication-dispensed", logs, StringComparison.Ordinal);
        Assert.Contains("Rejected medication-dispensed", logs, StringComparison.Ordinal);

        var received = collector.AllBytes();
        Assert.NotEmpty(received);
        foreach (var secret in secrets)
        {
            foreach (var variant in Variants(secret))
            {
                foreach (var encoding in (Encoding[])[Encoding.UTF8, Encoding.Unicode, Encoding.BigEndianUnicode])
                {
                    var at = received.AsSpan().IndexOf(encoding.GetBytes(variant));
                    Assert.True(at < 0, $"'{variant}' ({encoding.WebName}) found in the exported telemetry: …{Context(received, at)}…");
                }
            }
        }
    }

    private static IEnumerable<string> Variants(string secret) =>
        new[]
        {
            secret,
            secret.ToUpperInvariant(),
            secret.ToLowerInvariant(),
            secret.Replace("'", "\\u0027", StringComparison.Ordinal),
            JsonSerializer.Serialize(secret).Trim('"'),
        }.Distinct(StringComparer.Ordinal);

    private static string Context(byte[] bytes, int at) =>
        at < 0 ? string.Empty : Encoding.UTF8.GetString(bytes, Math.Max(0, at - 120), Math.Min(bytes.Length - Math.Max(0, at - 120), 240));
}
