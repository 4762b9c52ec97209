using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using Microsoft.Extensions.DependencyInjection;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Fhir;
using RegimenMonitor.Worker.Tests.Fhir;
using RegimenMonitor.Worker.Tests.Infrastructure;

using static RegimenMonitor.Worker.Tests.Infrastructure.AlertTestSupport;

namespace RegimenMonitor.Worker.Tests.Integration.Fhir;

/// <summary>FHIR in, FHIR out: dispenses published as FHIR raise an alert that a care-team system receives as a DetectedIssue.</summary>
public sealed class FhirAlertTests : AlertTest
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async System.Threading.Tasks.Task A_contraindicated_regimen_from_fhir_dispenses_reaches_the_fhir_exchange_as_a_detected_issue()
    {
        await Broker.DeclareExchangeAsync(FhirAlertPublisher.ExchangeName, "topic", Ct);
        await Broker.DeclareQueueAsync("ehr-detected-issues", FhirAlertPublisher.ExchangeName, "*.contraindicated", Ct);
        await Broker.SubscribeToAlertsAsync("care-team-native", "*.contraindicated", Ct);
        var worker = await StartWorkerAsync();
        var now = Clock.GetUtcNow();
        var bundle = FhirTestResources.Bundle("transaction",
            FhirTestResources.Dispense("PT-fhir-1", "Nardil 15 mg tablet", DaysAgo(now, 20), "RX-maoi"),
            FhirTestResources.Dispense("PT-fhir-1", "SERTRALINE HCL 100MG TAB", DaysAgo(now, 5), "RX-ssri"));
        // a second patient with the same combination: two alerts in one dispatch batch, published concurrently
        var other = FhirTestResources.Bundle("collection",
            FhirTestResources.Dispense("PT-fhir-2", "Nardil 15 mg tablet", DaysAgo(now, 20), "RX-maoi-2"),
            FhirTestResources.Dispense("PT-fhir-2", "SERTRALINE HCL 100MG TAB", DaysAgo(now, 5), "RX-ssri-2"));
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, bundle, Ct, contentType: FhirJson.ContentType));
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, other, Ct, contentType: FhirJson.ContentType));
        await worker.WaitForProcessedAsync(4, Wait, Ct);

        var messages = await Broker.WaitForMessagesAsync("ehr-detected-issues", 2, Wait, Ct);
        var natives = await Broker.WaitForMessagesAsync("care-team-native", 2, Wait, Ct);
        Assert.Equal(2, messages.Count);
        var row = Assert.Single(await OutboxAsync(worker), r => r.PayloadJson.Contains("PT-fhir-1", StringComparison.Ordinal));
        var message = Assert.Single(messages, m => m.MessageId == row.Id.ToString());
        var native = Assert.Single(natives, m => m.MessageId == row.Id.ToString());
        Assert.Equal(FhirJson.ContentType, message.ContentType);
        Assert.Equal("serotonergic-contraindicated.contraindicated", message.RoutingKey);
        Assert.Equal(row.Id.ToString(), message.MessageId);
        Assert.Equal(native.MessageId, message.MessageId);
        Assert.Equal(native.Headers.ContainsKey("traceparent"), message.Headers.ContainsKey("traceparent"));

        var issue = Assert.IsType<DetectedIssue>(FhirJsonDeserializer.STRICT.DeserializeResource(message.Payload));
        Assert.Equal(row.AlertId.ToString(), issue.Id);
        Assert.Equal("urn:uuid:" + row.AlertId, Assert.Single(issue.Identifier).Value);
        Assert.Equal(ObservationStatus.Final, issue.Status);
        Assert.Equal(DetectedIssue.DetectedIssueSeverity.High, issue.Severity);
        Assert.Equal("Patient/PT-fhir-1", issue.Patient!.Reference);
        Assert.Equal(2, issue.Implicated.Count);
        Assert.All(issue.Implicated, i => Assert.Equal("MedicationDispense", i.Type));
        Assert.Equal("urn:regimen-monitor:rule:SER-01", issue.Reference);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_withdrawn_fhir_dispense_resolves_the_issue_as_cancelled_with_the_acknowledgement_as_mitigation()
    {
        await Broker.DeclareExchangeAsync(FhirAlertPublisher.ExchangeName, "topic", Ct);
        await Broker.DeclareQueueAsync("ehr-detected-issues", FhirAlertPublisher.ExchangeName, "#", Ct);
        var worker = await StartWorkerAsync();
        var now = Clock.GetUtcNow();
        var ssri = FhirTestResources.Dispense("PT-fhir-3", "SERTRALINE HCL 100MG TAB", DaysAgo(now, 5), "RX-ssri-3");
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, FhirTestResources.Bundle("collection",
            FhirTestResources.Dispense("PT-fhir-3", "Nardil 15 mg tablet", DaysAgo(now, 20), "RX-maoi-3"), ssri), Ct, contentType: FhirJson.ContentType));
        var active = Assert.IsType<DetectedIssue>(FhirJsonDeserializer.STRICT.DeserializeResource(
            Assert.Single(await Broker.WaitForMessagesAsync("ehr-detected-issues", 1, Wait, Ct)).Payload));
        Assert.Equal(ObservationStatus.Final, active.Status);

        Assert.True(await Broker.PublishAsync(AlertAcknowledged.ExchangeName, $$"""
            {"eventId": "{{Guid.NewGuid()}}", "alertId": "{{active.Id}}", "acknowledgedBy": "nurse.lee",
             "acknowledgedAt": "{{now:yyyy-MM-ddTHH:mm:ssZ}}", "outcome": "overridden", "reason": "reviewed with prescriber"}
            """, Ct));
        await WaitForAsync(() => worker.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Acknowledgements, Ct)));
        // the pharmacy marks the SSRI dispense entered-in-error: the combination is gone
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, ssri.Replace("\"completed\"", "\"entered-in-error\"", StringComparison.Ordinal), Ct, contentType: FhirJson.ContentType));

        var resolved = Assert.IsType<DetectedIssue>(FhirJsonDeserializer.STRICT.DeserializeResource(
            Assert.Single(await Broker.WaitForMessagesAsync("ehr-detected-issues", 1, Wait, Ct)).Payload));
        Assert.Equal(active.Id, resolved.Id);
        Assert.Equal(ObservationStatus.Cancelled, resolved.Status);
        var mitigation = Assert.Single(resolved.Mitigation);
        Assert.Equal("overridden", mitigation.Action!.Coding[0].Code);
        Assert.Equal("overridden: reviewed with prescriber", mitigation.Action.Text);
        Assert.Equal("nurse.lee", mitigation.Author!.Display);
    }

    [Fact]
    public async System.Threading.Tasks.Task An_acknowledged_alert_that_changes_while_open_keeps_its_acknowledgement()
    {
        // found by a newcomer: only resolved alerts carried their acknowledgements, so the superseded DetectedIssue of an
        // answered alert (the latest resource of its id, the alert's state) showed it as unanswered
        await Broker.DeclareExchangeAsync(FhirAlertPublisher.ExchangeName, "topic", Ct);
        await Broker.DeclareQueueAsync("ehr-detected-issues", FhirAlertPublisher.ExchangeName, "#", Ct);
        var worker = await StartWorkerAsync();
        var now = Clock.GetUtcNow();
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange,
            FhirTestResources.Dispense("PT-fhir-7", "SERTRALINE HCL 100MG TAB", DaysAgo(now, 5), "RX-ssri-7"), Ct, contentType: FhirJson.ContentType));
        Assert.True(await Broker.PublishAsync(SupplementReported.ExchangeName,
            Events.Supplement(Guid.NewGuid(), "PT-fhir-7", "St John's wort 300 mg", now.AddDays(-2).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture)), Ct));
        var active = Assert.IsType<DetectedIssue>(FhirJsonDeserializer.STRICT.DeserializeResource(
            Assert.Single(await Broker.WaitForMessagesAsync("ehr-detected-issues", 1, Wait, Ct)).Payload));
        Assert.Empty(active.Mitigation);

        Assert.True(await Broker.PublishAsync(AlertAcknowledged.ExchangeName, $$"""
            {"eventId": "{{Guid.NewGuid()}}", "alertId": "{{active.Id}}", "acknowledgedBy": "nurse.lee",
             "acknowledgedAt": "{{now:yyyy-MM-ddTHH:mm:ssZ}}", "outcome": "accepted"}
            """, Ct));
        await WaitForAsync(() => worker.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.AnyAsync(db.Acknowledgements, Ct)));
        // tramadol joins the pair: the alert is superseded by the three-product one, and stays standing until then
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange,
            FhirTestResources.Dispense("PT-fhir-7", "TRAMADOL HCL 50MG TAB", DaysAgo(now, 1), "RX-opioid-7"), Ct, contentType: FhirJson.ContentType));

        var later = (await Broker.WaitForMessagesAsync("ehr-detected-issues", 2, Wait, Ct))
            .Select(m => Assert.IsType<DetectedIssue>(FhirJsonDeserializer.STRICT.DeserializeResource(m.Payload))).ToList();
        var again = Assert.Single(later, i => i.Id == active.Id);
        Assert.Equal("nurse.lee", Assert.Single(again.Mitigation).Author!.Display);
        Assert.Empty(Assert.Single(later, i => i.Id != active.Id).Mitigation); // the new alert has had no answer
    }

    [Fact]
    public async System.Threading.Tasks.Task Alerts_resolved_together_each_carry_their_own_acknowledgements()
    {
        // the acknowledgements of a batch's resolved alerts are read in one query: each issue must still get its own
        await Broker.DeclareExchangeAsync(FhirAlertPublisher.ExchangeName, "topic", Ct);
        await Broker.DeclareQueueAsync("ehr-detected-issues", FhirAlertPublisher.ExchangeName, "#", Ct);
        var worker = await StartWorkerAsync();
        var now = Clock.GetUtcNow();
        string[] patients = ["PT-fhir-4", "PT-fhir-5", "PT-fhir-6"];
        var ssris = patients.ToDictionary(p => p, p => FhirTestResources.Dispense(p, "SERTRALINE HCL 100MG TAB", DaysAgo(now, 5), "RX-ssri-" + p));
        foreach (var patient in patients)
        {
            Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, FhirTestResources.Bundle("collection",
                FhirTestResources.Dispense(patient, "Nardil 15 mg tablet", DaysAgo(now, 20), "RX-maoi-" + patient), ssris[patient]), Ct, contentType: FhirJson.ContentType));
        }

        var actives = (await Broker.WaitForMessagesAsync("ehr-detected-issues", 3, Wait, Ct))
            .Select(m => Assert.IsType<DetectedIssue>(FhirJsonDeserializer.STRICT.DeserializeResource(m.Payload)))
            .ToDictionary(i => i.Patient!.Reference!, i => i.Id);
        // the first two patients' alerts are acknowledged, by different nurses; the third is not
        foreach (var (patient, nurse) in new[] { ("PT-fhir-4", "nurse.one"), ("PT-fhir-5", "nurse.two") })
        {
            Assert.True(await Broker.PublishAsync(AlertAcknowledged.ExchangeName, $$"""
                {"eventId": "{{Guid.NewGuid()}}", "alertId": "{{actives["Patient/" + patient]}}", "acknowledgedBy": "{{nurse}}",
                 "acknowledgedAt": "{{now:yyyy-MM-ddTHH:mm:ssZ}}", "outcome": "accepted"}
                """, Ct));
        }

        await WaitForAsync(async () => await worker.QueryAsync(db => Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.CountAsync(db.Acknowledgements, Ct)) == 2);
        foreach (var patient in patients)
        {
            Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, ssris[patient].Replace("\"completed\"", "\"entered-in-error\"", StringComparison.Ordinal), Ct, contentType: FhirJson.ContentType));
        }

        var resolved = (await Broker.WaitForMessagesAsync("ehr-detected-issues", 3, Wait, Ct))
            .Select(m => Assert.IsType<DetectedIssue>(FhirJsonDeserializer.STRICT.DeserializeResource(m.Payload)))
            .ToDictionary(i => i.Patient!.Reference!);
        Assert.All(resolved.Values, i => Assert.Equal(ObservationStatus.Cancelled, i.Status));
        Assert.Equal("nurse.one", Assert.Single(resolved["Patient/PT-fhir-4"].Mitigation).Author!.Display);
        Assert.Equal("nurse.two", Assert.Single(resolved["Patient/PT-fhir-5"].Mitigation).Author!.Display);
        Assert.Empty(resolved["Patient/PT-fhir-6"].Mitigation);
        Assert.Equal(actives["Patient/PT-fhir-4"], resolved["Patient/PT-fhir-4"].Id);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_native_subscriber_alone_gets_the_alert_and_the_unwanted_fhir_copy_is_not_returned()
    {
        // no FHIR queue: the DetectedIssue is not published mandatory once the native alert reached a queue, so the broker
        // drops it instead of returning it (before: a send fault and an error log line with a stack trace per alert)
        await Broker.SubscribeToAlertsAsync("care-team-native-only", "*.contraindicated", Ct);
        var faults = new SendFaults();
        var worker = await StartWorkerAsync();
        using var observer = worker.Host.Services.GetRequiredService<MassTransit.IBus>().ConnectSendObserver(faults);
        var now = Clock.GetUtcNow();
        var bundle = FhirTestResources.Bundle("transaction",
            FhirTestResources.Dispense("PT-fhir-3", "Nardil 15 mg tablet", DaysAgo(now, 20), "RX-maoi-3"),
            FhirTestResources.Dispense("PT-fhir-3", "SERTRALINE HCL 100MG TAB", DaysAgo(now, 5), "RX-ssri-3"));
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, bundle, Ct, contentType: FhirJson.ContentType));

        Assert.Single(await Broker.WaitForMessagesAsync("care-team-native-only", 1, Wait, Ct));
        await WaitForOutboxDrainedAsync(worker, Wait);
        Assert.Equal(0, faults.Count);
    }

    [Fact]
    public async System.Threading.Tasks.Task With_fhir_only_an_alert_is_held_until_a_fhir_queue_takes_it_and_no_native_copy_is_sent()
    {
        // noticed in review: with both formats, an EHR that reads only FHIR lost every DetectedIssue published while its
        // queue was missing (the native alert reached an audit queue, so the DetectedIssue was not mandatory)
        await Broker.SubscribeToAlertsAsync("audit-native", "#", Ct);
        var (worker, row) = await MaoiWithSsriAsync("Fhir", "PT-fhir-8");

        // no FHIR queue yet: the alert is kept as unroutable, naming the FHIR exchange

        Assert.Null(row.DispatchedAt);
        Assert.StartsWith(RegimenMonitor.Worker.Alerts.AlertDispatcher.UnroutablePrefix, row.LastError, StringComparison.Ordinal);
        Assert.Contains($"no queue is bound to {FhirAlertPublisher.ExchangeName} for routing key", row.LastError, StringComparison.Ordinal);

        await Broker.DeclareQueueAsync("ehr-detected-issues", FhirAlertPublisher.ExchangeName, "#", Ct);
        var message = Assert.Single(await Broker.WaitForMessagesAsync("ehr-detected-issues", 1, Wait, Ct));
        Assert.Equal(row.Id.ToString(), message.MessageId);
        Assert.Equal(row.AlertId.ToString(), Assert.IsType<DetectedIssue>(FhirJsonDeserializer.STRICT.DeserializeResource(message.Payload)).Id);
        await WaitForOutboxDrainedAsync(worker, Wait);
        Assert.Empty(await Broker.GetAsync("audit-native", 10, Ct));
    }

    [Fact]
    public async System.Threading.Tasks.Task With_native_only_no_detected_issue_is_published_and_a_fhir_queue_does_not_count_as_delivery()
    {
        await Broker.DeclareExchangeAsync(FhirAlertPublisher.ExchangeName, "topic", Ct);
        await Broker.DeclareQueueAsync("ehr-detected-issues", FhirAlertPublisher.ExchangeName, "#", Ct);
        var (worker, row) = await MaoiWithSsriAsync("native", "PT-fhir-9"); // any letter case, as the binder reads enums

        Assert.Null(row.DispatchedAt);
        Assert.Contains($"no queue is bound to {RegimenAlertRaised.ExchangeName} for routing key", row.LastError, StringComparison.Ordinal);

        await Broker.SubscribeToAlertsAsync("care-team-native", "#", Ct);
        Assert.Equal(row.Id.ToString(), Assert.Single(await Broker.WaitForMessagesAsync("care-team-native", 1, Wait, Ct)).MessageId);
        await WaitForOutboxDrainedAsync(worker, Wait);
        Assert.Empty(await Broker.GetAsync("ehr-detected-issues", 10, Ct));
    }

    private sealed class SendFaults : MassTransit.ISendObserver
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public System.Threading.Tasks.Task PreSend<T>(MassTransit.SendContext<T> context)
            where T : class => System.Threading.Tasks.Task.CompletedTask;

        public System.Threading.Tasks.Task PostSend<T>(MassTransit.SendContext<T> context)
            where T : class => System.Threading.Tasks.Task.CompletedTask;

        public System.Threading.Tasks.Task SendFault<T>(MassTransit.SendContext<T> context, Exception exception)
            where T : class
        {
            Interlocked.Increment(ref _count);
            return System.Threading.Tasks.Task.CompletedTask;
        }
    }

    /// <summary>
    /// A worker publishing <paramref name="formats"/> with short back-offs, a patient's MAOI and SSRI dispenses as one
    /// FHIR Bundle, and the alert's outbox row once the dispatcher has tried it.
    /// </summary>
    private async System.Threading.Tasks.Task<(WorkerTestHost Worker, RegimenMonitor.Worker.Infrastructure.Database.OutboxMessage Row)> MaoiWithSsriAsync(string formats, string patient)
    {
        var worker = await StartWorkerAsync(new Dictionary<string, string?>
        {
            ["Alerts:Formats"] = formats,
            ["Alerts:DispatchInitialBackoff"] = "00:00:01",
            ["Alerts:DispatchMaxBackoff"] = "00:00:02",
        });
        var now = Clock.GetUtcNow();
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, FhirTestResources.Bundle("collection",
            FhirTestResources.Dispense(patient, "Nardil 15 mg tablet", DaysAgo(now, 20), "RX-maoi-" + patient),
            FhirTestResources.Dispense(patient, "SERTRALINE HCL 100MG TAB", DaysAgo(now, 5), "RX-ssri-" + patient)), Ct, contentType: FhirJson.ContentType));
        return (worker, await FirstAttemptAsync(worker));
    }

    /// <summary>The patient's one outbox row, once the dispatcher has tried to publish it.</summary>
    private static async System.Threading.Tasks.Task<RegimenMonitor.Worker.Infrastructure.Database.OutboxMessage> FirstAttemptAsync(WorkerTestHost worker)
    {
        await worker.WaitForProcessedAsync(2, Wait, Ct);
        var deadline = DateTime.UtcNow + Wait;
        while (true)
        {
            var rows = await OutboxAsync(worker);
            Assert.True(rows.Count <= 1, "one alert expected");
            if (rows is [{ Attempts: > 0 } row])
            {
                return row;
            }

            Assert.True(DateTime.UtcNow < deadline, "the dispatcher never tried the alert");
            await System.Threading.Tasks.Task.Delay(100, Ct);
        }
    }

    private static async System.Threading.Tasks.Task WaitForAsync(Func<System.Threading.Tasks.Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await System.Threading.Tasks.Task.Delay(100, Ct);
        }
    }
}
