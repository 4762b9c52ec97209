using Microsoft.EntityFrameworkCore;
using RegimenMonitor.Worker.Fhir;
using RegimenMonitor.Worker.Tests.Infrastructure;

using static RegimenMonitor.Worker.Tests.Fhir.FhirTestResources;
using static RegimenMonitor.Worker.Tests.Unit.Fhir.FhirEventMapperTests;

namespace RegimenMonitor.Worker.Tests.Integration.Fhir;

/// <summary>
/// R4 subscription notifications as the Subscriptions Backport IG shapes them, and versions of one dispense in any
/// order (probe-fhir findings 3 and 4), on a real RabbitMQ and PostgreSQL.
/// </summary>
public sealed class FhirNotificationTests : PipelineTest
{
    private const string DispenseQueue = "regimen-monitor.fhir-medication-dispense";
    private const string DispenseError = DispenseQueue + "_error";

    private static string Entry(string resource, string method, string url, string status) =>
        """{"fullUrl": "https://ehr.example/fhir/r4/""" + url + "\", \"resource\": " + resource
        + ", \"request\": {\"method\": \"" + method + "\", \"url\": \"" + url + "\"}, \"response\": {\"status\": \"" + status + "\"}}";

    [Fact]
    public async Task A_full_resource_notification_is_applied()
    {
        var bundle = Notification(NotificationStatus("event-notification", "https://ehr.example/fhir/r4/MedicationDispense/md-RX-1"),
            Entry(Dispense("PT-sub", "Zoloft 50 mg tablet"), "POST", "MedicationDispense/md-RX-1", "201"),
            Entry("""{"resourceType": "Patient", "id": "PT-sub"}""", "GET", "Patient/PT-sub", "200"));
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, bundle, Ct, contentType: FhirJson.ContentType));

        await Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(30), Ct);
        var item = Assert.Single((await Worker.PatientAsync("PT-sub"))!.Items);
        // the identifier's value (the key's form is not this test's business)
        Assert.EndsWith("RX-1", item.ItemKey, StringComparison.Ordinal);
        Assert.Equal("Zoloft 50 mg tablet", item.ProductText);
    }

    [Fact]
    public async Task Heartbeats_handshakes_and_empty_or_id_only_notifications_are_acknowledged_and_change_nothing()
    {
        string[] notifications =
        [
            Notification(NotificationStatus("heartbeat")),
            Notification(NotificationStatus("handshake")),
            Notification(NotificationStatus("event-notification")), // empty
            Notification(NotificationStatus("event-notification", "https://ehr.example/fhir/r4/MedicationDispense/md-RX-1")), // id-only
            Notification(NotificationStatus("event-notification"), // id-only, the IG's earlier form
                """{"fullUrl": "https://ehr.example/fhir/r4/MedicationDispense/md-RX-1", "request": {"method": "POST", "url": "MedicationDispense"}, "response": {"status": "201"}}"""),
            // probe-fhir's heartbeat: a status without the IG's profile, named by its parameters
            """{"resourceType":"Bundle","type":"history","entry":[{"fullUrl":"urn:uuid:2ec7c86b-421a-462d-a1a8-64bdb289c965","resource":{"resourceType":"Parameters","parameter":[{"name":"subscription","valueReference":{"reference":"https://example.org/fhir/r4/Subscription/admission"}},{"name":"status","valueCode":"active"},{"name":"type","valueCode":"heartbeat"}]},"request":{"method":"GET","url":"https://example.org/fhir/r4/Subscription/admission/$status"},"response":{"status":"200"}}]}""",
        ];
        foreach (var notification in notifications)
        {
            Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, notification, Ct, contentType: FhirJson.ContentType));
        }

        await Broker.WaitForAcknowledgedAsync(DispenseQueue, notifications.Length, TimeSpan.FromSeconds(60), Ct);
        Assert.Empty(await Broker.GetAsync(DispenseError, notifications.Length, Ct));
        Assert.Equal(0, await Worker.ProcessedCountAsync());
    }

    private async Task OnSertralineAsync(string patient)
    {
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange,
            Dispense(patient, "Zoloft 50 mg tablet", handedOver: "2026-11-28T09:00:00Z", id: "RX-ser-" + patient), Ct, contentType: FhirJson.ContentType));
        await Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(30), Ct);
    }

    private async Task AssertCorrectedAsync(string patient)
    {
        var item = Assert.Single((await Worker.PatientAsync(patient))!.Items, i => i.ItemKey.EndsWith("RX-h1", StringComparison.Ordinal));
        Assert.Equal("Acetaminophen 500 mg tablet", item.ProductText);
        // no serotonergic alert for the tramadol the correction replaced
        Assert.Empty(await Worker.QueryAsync(db => db.Findings.Where(f => f.State == "active").ToListAsync()));
    }

    [Fact]
    public async Task A_history_bundle_listing_the_newest_version_first_leaves_the_newest_version()
    {
        await OnSertralineAsync("PT-h1");
        // probe-fhir h1: v2 (acetaminophen, the correction) before v1 (tramadol), as a server's history lists them
        var bundle = Notification(
            Entry(Version("2", "2026-11-28T12:00:00Z", "Acetaminophen 500 mg tablet"), "PUT", "MedicationDispense/md-RX-h1", "200"),
            Entry(Version("1", "2026-11-28T10:01:00Z", "Tramadol 50 mg tablet"), "POST", "MedicationDispense/md-RX-h1", "201"));
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, bundle, Ct, contentType: FhirJson.ContentType));

        await Worker.WaitForProcessedAsync(3, TimeSpan.FromSeconds(30), Ct);
        await AssertCorrectedAsync("PT-h1");
    }

    [Fact]
    public async Task A_version_arriving_after_its_correction_does_not_overwrite_it()
    {
        await OnSertralineAsync("PT-h2");
        // probe-fhir h2: v2 and then v1, in separate messages; both handed over at 10:00, told apart by meta.lastUpdated
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange,
            Version("2", "2026-11-28T12:00:00Z", "Acetaminophen 500 mg tablet", "PT-h2"), Ct, contentType: FhirJson.ContentType));
        await Worker.WaitForProcessedAsync(2, TimeSpan.FromSeconds(30), Ct);
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange,
            Version("1", "2026-11-28T10:01:00Z", "Tramadol 50 mg tablet", "PT-h2"), Ct, contentType: FhirJson.ContentType));

        await Worker.WaitForProcessedAsync(3, TimeSpan.FromSeconds(30), Ct);
        await AssertCorrectedAsync("PT-h2");
    }
}
