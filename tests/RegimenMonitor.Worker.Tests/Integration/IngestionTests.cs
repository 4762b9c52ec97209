using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>The ingestion pipeline on a real RabbitMQ (own vhost) and a real PostgreSQL (own database).</summary>
public sealed class IngestionTests : PipelineTest
{
    private const string DispensedError = "regimen-monitor.medication-dispensed_error";
    [Fact]
    public async Task Raw_json_published_through_the_management_api_lands_in_the_regimen()
    {
        var eventId = Guid.NewGuid();
        var routed = await Broker.PublishAsync(MedicationDispensed.ExchangeName,
            Events.Dispense(eventId, "PT-raw-1", "Zoloft 50 mg tablet", "2026-11-01T09:00:00-05:00", 30, "D-1"), Ct);
        Assert.True(routed);
        var supplementId = Guid.NewGuid();
        Assert.True(await Broker.PublishAsync(SupplementReported.ExchangeName,
            Events.Supplement(supplementId, "PT-raw-1", "St. John's Wort 300 mg", startedOn: "2026-10-15"), Ct, contentType: null));

        await Worker.WaitForProcessedAsync(2, TimeSpan.FromSeconds(30), Ct);
        var patient = await Worker.PatientAsync("PT-raw-1");
        Assert.NotNull(patient);
        var dispense = Assert.Single(patient.Items, i => i.Kind == "medication");
        Assert.Equal("Zoloft 50 mg tablet", dispense.ProductText);
        Assert.Equal("D-1", dispense.ItemKey);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 14, 0, 0, TimeSpan.Zero), dispense.StartedAt);
        Assert.Equal(30, dispense.DaysSupply);
        Assert.False(dispense.DaysSupplyAssumed);
        Assert.Equal(eventId, dispense.SourceEventId);
        var supplement = Assert.Single(patient.Items, i => i.Kind == "supplement");
        Assert.Equal(new DateTimeOffset(2026, 10, 15, 0, 0, 0, TimeSpan.Zero), supplement.StartedAt);
        Assert.Null(supplement.StoppedAt);
    }

    [Fact]
    public async Task A_masstransit_envelope_from_a_dotnet_publisher_is_consumed()
    {
        var builder = RegimenMonitorHost.CreateBuilder([], HostRole.Publisher, new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = Broker.AmqpUri,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        using var publisher = builder.Build();
        await publisher.StartAsync(Ct);
        await publisher.Services.GetRequiredService<IBus>().Publish(new MedicationDispensed
        {
            EventId = Guid.NewGuid(),
            PatientId = "PT-envelope",
            DispensedAt = new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero),
            Medication = new MedicationProduct { Text = "Lexapro 10 mg tablet", Atc = "N06AB10" },
        }, Ct);
        await publisher.StopAsync(Ct);

        await Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(30), Ct);
        var item = Assert.Single((await Worker.PatientAsync("PT-envelope"))!.Items);
        Assert.Equal("N06AB10", item.Atc);
        Assert.Equal(30, item.DaysSupply);
        Assert.True(item.DaysSupplyAssumed);
    }

    [Fact]
    public async Task The_same_event_published_twice_is_applied_once()
    {
        var body = Events.Dispense(Guid.NewGuid(), "PT-dup", "Zoloft 50 mg tablet");
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, body, Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, body, Ct);
        var marker = Guid.NewGuid();
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(marker, "PT-dup-marker", "Zoloft 50 mg tablet"), Ct);

        await Worker.WaitForProcessedAsync(2, TimeSpan.FromSeconds(30), Ct);
        // the redelivered copy too has been handled (acknowledged), not merely not yet seen
        await Broker.WaitForAcknowledgedAsync("regimen-monitor.medication-dispensed", 3, TimeSpan.FromSeconds(30), Ct);
        var patient = await Worker.PatientAsync("PT-dup");
        Assert.Single(patient!.Items);
        Assert.Equal(1, patient.Version);
        Assert.Equal(2, await Worker.ProcessedCountAsync());
    }

    [Fact]
    public async Task A_stop_before_the_start_an_earlier_report_gave_is_refused_and_the_statement_kept()
    {
        // found by an independent edge probe: the stop (a typo for 12-27) dropped the reported start and resolved SER-09
        await Broker.PublishAsync(SupplementReported.ExchangeName,
            Events.Supplement(Guid.NewGuid(), "PT-sbs", "St. John's Wort 300 mg capsule", "2026-12-04T12:00:00Z", "ST-sbs", startedOn: "2026-12-02"), Ct);
        await Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(30), Ct);
        var stop = Events.Supplement(Guid.NewGuid(), "PT-sbs", "St. John's Wort 300 mg capsule", "2026-12-05T12:00:00Z", "ST-sbs", stoppedOn: "2026-11-27");
        await Broker.PublishAsync(SupplementReported.ExchangeName, stop, Ct);

        var error = Assert.Single(await Broker.WaitForMessagesAsync("regimen-monitor.supplement-reported_error", 1, TimeSpan.FromSeconds(30), Ct));
        Assert.Equal(stop, error.Payload);
        Assert.True(error.Headers.TryGetValue("MT-Fault-Message", out var reason), "the _error message carries its reason");
        Assert.StartsWith("Invalid event: stoppedOn: the stop is before the start an earlier report of this statement (statementId) gave in startedOn.", reason, StringComparison.Ordinal);
        var statement = Assert.Single((await Worker.PatientAsync("PT-sbs"))!.Items);
        Assert.Equal((new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.Zero), (DateTimeOffset?)null), (statement.StartedAt, statement.StoppedAt));
        Assert.Equal(1, await Worker.ProcessedCountAsync()); // nothing of it recorded: sent again once corrected, it is applied
    }

    [Fact]
    public async Task An_event_reusing_an_applied_events_id_with_other_content_is_refused_not_dropped()
    {
        var eventId = Guid.NewGuid();
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(eventId, "PT-reuse", "Zoloft 50 mg tablet", dispenseId: "D-r1"), Ct);
        await Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(30), Ct);
        // the same id again, re-serialised (another property order): a redelivery, acknowledged and dropped
        await Broker.PublishAsync(MedicationDispensed.ExchangeName,
            $$"""{"medication":{"text":"Zoloft 50 mg tablet"},"daysSupply":30,"dispenseId":"D-r1","dispensedAt":"2026-11-01T09:00:00Z","patientId":"PT-reuse","eventId":"{{eventId}}"}""", Ct);
        // the same id for a withdrawal of the dispense: another event, which a duplicate would silently lose
        var reused = Events.Dispense(eventId, "PT-reuse", "Zoloft 50 mg tablet", dispenseId: "D-r1", status: "entered-in-error");
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, reused, Ct);

        var error = Assert.Single(await Broker.WaitForMessagesAsync(DispensedError, 1, TimeSpan.FromSeconds(30), Ct));
        Assert.Equal(reused, error.Payload);
        Assert.True(error.Headers.TryGetValue("MT-Fault-Message", out var reason), "the _error message carries its reason");
        Assert.Contains("eventId: already applied for an event that said something else", reason, StringComparison.Ordinal);
        Assert.DoesNotContain("PT-reuse", reason, StringComparison.Ordinal);
        await Broker.WaitForAcknowledgedAsync("regimen-monitor.medication-dispensed", 3, TimeSpan.FromSeconds(30), Ct);
        var patient = await Worker.PatientAsync("PT-reuse");
        var item = Assert.Single(patient!.Items);
        Assert.False(item.Withdrawn);
        Assert.Equal(1, patient.Version);
        Assert.Equal(1, await Worker.ProcessedCountAsync());
    }

    [Fact]
    public async Task A_reversal_withdraws_the_dispense_and_an_older_correction_arriving_late_is_ignored()
    {
        await Broker.PublishAsync(MedicationDispensed.ExchangeName,
            Events.Dispense(Guid.NewGuid(), "PT-corr", "Ultram 50 mg tablet", "2026-11-10T10:00:00Z", 10, "D-9"), Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName,
            Events.Dispense(Guid.NewGuid(), "PT-corr", "Ultram 50 mg tablet", "2026-11-10T10:00:00Z", 10, "D-9", "entered-in-error"), Ct);
        await Worker.WaitForProcessedAsync(2, TimeSpan.FromSeconds(30), Ct);
        var withdrawn = Assert.Single((await Worker.PatientAsync("PT-corr"))!.Items);
        Assert.True(withdrawn.Withdrawn);
        Assert.Equal("entered-in-error", withdrawn.Status);

        // a correction with an earlier dispensedAt arrives after the reversal: it must not resurrect the dispense
        await Broker.PublishAsync(MedicationDispensed.ExchangeName,
            Events.Dispense(Guid.NewGuid(), "PT-corr", "Ultram 50 mg tablet", "2026-11-09T10:00:00Z", 30, "D-9"), Ct);
        await Worker.WaitForProcessedAsync(3, TimeSpan.FromSeconds(30), Ct);
        var after = Assert.Single((await Worker.PatientAsync("PT-corr"))!.Items);
        Assert.True(after.Withdrawn);
        Assert.Equal(10, after.DaysSupply);

        // a newer correction does replace it
        await Broker.PublishAsync(MedicationDispensed.ExchangeName,
            Events.Dispense(Guid.NewGuid(), "PT-corr", "Ultram 50 mg tablet", "2026-11-11T10:00:00Z", 5, "D-9"), Ct);
        await Worker.WaitForProcessedAsync(4, TimeSpan.FromSeconds(30), Ct);
        var replaced = Assert.Single((await Worker.PatientAsync("PT-corr"))!.Items);
        Assert.False(replaced.Withdrawn);
        Assert.Equal(5, replaced.DaysSupply);
    }

    [Fact]
    public async Task A_stopped_supplement_statement_ends_the_item_and_keeps_its_start()
    {
        await Broker.PublishAsync(SupplementReported.ExchangeName,
            Events.Supplement(Guid.NewGuid(), "PT-stop", "5-HTP 100 mg", "2026-10-01T12:00:00Z", "S-1", startedOn: "2026-09-20"), Ct);
        await Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(30), Ct);
        await Broker.PublishAsync(SupplementReported.ExchangeName,
            Events.Supplement(Guid.NewGuid(), "PT-stop", "5-HTP 100 mg", "2026-11-01T12:00:00Z", "S-1", "stopped"), Ct);
        await Worker.WaitForProcessedAsync(2, TimeSpan.FromSeconds(30), Ct);

        var item = Assert.Single((await Worker.PatientAsync("PT-stop"))!.Items);
        Assert.Equal("stopped", item.Status);
        Assert.Equal(new DateTimeOffset(2026, 9, 20, 0, 0, 0, TimeSpan.Zero), item.StartedAt);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 12, 0, 0, TimeSpan.Zero), item.StoppedAt);
    }

    [Fact]
    public async Task A_whole_days_supply_written_as_a_decimal_is_applied()
    {
        var body = Events.Dispense(Guid.NewGuid(), "PT-days-decimal", "Zoloft 50 mg tablet").Replace("\"daysSupply\":30", "\"daysSupply\":30.0", StringComparison.Ordinal);
        Assert.Contains("\"daysSupply\":30.0", body, StringComparison.Ordinal);
        Assert.True(await Broker.PublishAsync(MedicationDispensed.ExchangeName, body, Ct));

        await Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(30), Ct);
        var dispense = Assert.Single((await Worker.PatientAsync("PT-days-decimal"))!.Items);
        Assert.Equal(30, dispense.DaysSupply);
        Assert.False(dispense.DaysSupplyAssumed);
    }

    [Fact]
    public async Task A_body_labelled_as_compressed_is_refused_and_a_charset_in_the_label_is_taken_as_sent()
    {
        var labelledGzip = Events.Dispense(Guid.NewGuid(), "PT-gzip", "Zoloft 50 mg tablet");
        await AmqpPublisher.PublishAsync(Broker.AmqpUri, MedicationDispensed.ExchangeName, [labelledGzip], Ct, contentEncoding: "gzip");

        var error = Assert.Single(await Broker.WaitForMessagesAsync(DispensedError, 1, TimeSpan.FromSeconds(30), Ct));
        Assert.True(error.Headers.TryGetValue("MT-Fault-Message", out var reason), "the _error message carries its reason");
        Assert.Contains("content_encoding must be absent or identity: the body is read as uncompressed UTF-8 JSON (was gzip)", reason, StringComparison.Ordinal);

        await AmqpPublisher.PublishAsync(Broker.AmqpUri, MedicationDispensed.ExchangeName,
            [Events.Dispense(Guid.NewGuid(), "PT-utf8-label", "Zoloft 50 mg tablet")], Ct, contentEncoding: "utf-8");
        await Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(30), Ct);
        Assert.NotNull(await Worker.PatientAsync("PT-utf8-label"));
        Assert.Null(await Worker.PatientAsync("PT-gzip"));
    }

    public static TheoryData<string, string, string> InvalidMessages() => new()
    {
        { "not json", "this is not json {", "JSON" },
        { "missing eventId", """{"patientId":"PT-x","dispensedAt":"2026-11-01T09:00:00Z","medication":{"text":"Zoloft"}}""", "eventId" },
        { "malformed eventId", """{"eventId":"12","patientId":"PT-x","dispensedAt":"2026-11-01T09:00:00Z","medication":{"text":"Zoloft"}}""", "eventId" },
        { "missing patientId", $$$"""{"eventId":"{{{Guid.NewGuid()}}}","dispensedAt":"2026-11-01T09:00:00Z","medication":{"text":"Zoloft"}}""", "patientId" },
        { "missing medication text", $$$"""{"eventId":"{{{Guid.NewGuid()}}}","patientId":"PT-x","dispensedAt":"2026-11-01T09:00:00Z","medication":{"atc":"N06AB06"}}""", "medication.text" },
        { "missing medication", $$$"""{"eventId":"{{{Guid.NewGuid()}}}","patientId":"PT-x","dispensedAt":"2026-11-01T09:00:00Z"}""", "medication" },
        { "bad timestamp", $$$"""{"eventId":"{{{Guid.NewGuid()}}}","patientId":"PT-x","dispensedAt":"yesterday","medication":{"text":"Zoloft"}}""", "dispensedAt" },
        { "timestamp without offset", $$$"""{"eventId":"{{{Guid.NewGuid()}}}","patientId":"PT-x","dispensedAt":"2026-11-01T09:00:00","medication":{"text":"Zoloft"}}""", "dispensedAt" },
        { "daysSupply a fraction", $$$"""{"eventId":"{{{Guid.NewGuid()}}}","patientId":"PT-x","dispensedAt":"2026-11-01T09:00:00Z","medication":{"text":"Zoloft"},"daysSupply":30.5}""", "daysSupply" },
        { "daysSupply out of range", $$$"""{"eventId":"{{{Guid.NewGuid()}}}","patientId":"PT-x","dispensedAt":"2026-11-01T09:00:00Z","medication":{"text":"Zoloft"},"daysSupply":401}""", "daysSupply" },
        { "oversized patientId", $$$"""{"eventId":"{{{Guid.NewGuid()}}}","patientId":"{{{new string('p', 65)}}}","dispensedAt":"2026-11-01T09:00:00Z","medication":{"text":"Zoloft"}}""", "patientId" },
        { "unknown status", $$$"""{"eventId":"{{{Guid.NewGuid()}}}","patientId":"PT-x","status":"lost","dispensedAt":"2026-11-01T09:00:00Z","medication":{"text":"Zoloft"}}""", "status" },
    };

    [Theory]
    [MemberData(nameof(InvalidMessages))]
    public async Task An_invalid_message_ends_in_the_error_queue_with_a_reason_naming_the_field(string _, string body, string field)
    {
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, body, Ct);

        var errors = await Broker.WaitForMessagesAsync(DispensedError, 1, TimeSpan.FromSeconds(30), Ct);
        var error = Assert.Single(errors);
        Assert.Equal(body, error.Payload);
        Assert.True(error.Headers.TryGetValue("MT-Fault-Message", out var reason), "the _error message carries its reason");
        Assert.Contains(field, reason, StringComparison.Ordinal);
        Assert.DoesNotContain("PT-x", reason, StringComparison.Ordinal);

        // the worker keeps running: a valid event afterwards is consumed
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-after-error", "Zoloft 50 mg tablet"), Ct);
        await Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(30), Ct);
        Assert.NotNull(await Worker.PatientAsync("PT-after-error"));
    }
}
