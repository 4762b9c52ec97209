using Microsoft.EntityFrameworkCore;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Fhir;
using RegimenMonitor.Worker.Regimens;
using RegimenMonitor.Worker.Tests.Infrastructure;

using static RegimenMonitor.Worker.Tests.Fhir.FhirTestResources;

namespace RegimenMonitor.Worker.Tests.Integration.Fhir;

/// <summary>FHIR resources published as an EHR or pharmacy system would, on a real RabbitMQ and PostgreSQL.</summary>
public sealed class FhirIngestionTests : PipelineTest
{
    private const string DispenseError = "regimen-monitor.fhir-medication-dispense_error";

    [Fact]
    public async Task A_spec_example_published_as_fhir_json_gives_the_same_regimen_item_as_its_native_event()
    {
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, Example("medicationdispense0307.json"), Ct, contentType: FhirJson.ContentType));
        Assert.True(await Broker.PublishAsync(MedicationDispensed.ExchangeName, $$"""
            {"eventId": "{{Guid.NewGuid()}}", "patientId": "pat1-native", "dispenseId": "MedicationDispense/meddisp0307",
             "dispensedAt": "2015-01-15T16:20:00Z", "medication": {"text": "Myleran 2mg tablet, film coated", "ndc": "76388-713-25"},
             "daysSupply": 30, "quantity": 90, "dosageText": "Take 3 tablets (6mg) once daily",
             "pharmacyId": "Practitioner/f006", "prescriptionId": "MedicationRequest/medrx0306"}
            """, Ct));

        await Worker.WaitForProcessedAsync(2, TimeSpan.FromSeconds(30), Ct);
        var fhir = Assert.Single((await Worker.PatientAsync("pat1"))!.Items);
        var native = Assert.Single((await Worker.PatientAsync("pat1-native"))!.Items);
        Assert.Equal(
            (native.Kind, native.ItemKey, native.Status, native.Withdrawn, native.ProductText, native.Ndc, native.Rxnorm, native.Atc, native.StartedAt, native.DaysSupply, native.DaysSupplyAssumed, native.StoppedAt, native.EffectiveAt, native.DetailsJson),
            (fhir.Kind, fhir.ItemKey, fhir.Status, fhir.Withdrawn, fhir.ProductText, fhir.Ndc, fhir.Rxnorm, fhir.Atc, fhir.StartedAt, fhir.DaysSupply, fhir.DaysSupplyAssumed, fhir.StoppedAt, fhir.EffectiveAt, fhir.DetailsJson));
    }

    [Theory]
    [InlineData("application/fhir+json; charset=utf-8")]
    [InlineData("application/fhir+json; fhirVersion=4.0")]
    [InlineData("application/json+fhir")]
    [InlineData("application/json")]
    [InlineData(null)]
    public async Task A_resource_is_accepted_with_the_content_types_fhir_systems_send(string? contentType)
    {
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, Dispense("PT-ct", "Zoloft 50 mg tablet"), Ct, contentType: contentType));

        await Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(30), Ct);
        Assert.Equal("urn:oid:2.16.840.1.113883.3.999.1|RX-1", Assert.Single((await Worker.PatientAsync("PT-ct"))!.Items).ItemKey);
    }

    [Fact]
    public async Task A_transaction_bundle_applies_each_resource_and_a_redelivery_changes_nothing()
    {
        var bundle = Bundle("transaction", Dispense("PT-fb", "Zoloft 50 mg tablet"), Statement("PT-fb", "St. John's Wort 300 mg"));
        Assert.True(await Broker.PublishAsync(FhirMessaging.StatementExchange, bundle, Ct, contentType: FhirJson.ContentType));
        await Worker.WaitForProcessedAsync(2, TimeSpan.FromSeconds(30), Ct);
        var patient = (await Worker.PatientAsync("PT-fb"))!;
        Assert.Equal(["medication", "supplement"], patient.Items.Select(i => i.Kind).Order());
        Assert.Equal(2, patient.Version);

        // an EHR retrying: the same two resources again, in a bundle that ends with a new one (consumed in order, so once
        // the new one is processed the retried ones were too)
        var retry = Bundle("collection", Statement("PT-fb", "St. John's Wort 300 mg"), Dispense("PT-fb", "Zoloft 50 mg tablet"),
            Dispense("PT-fb-marker", "Zoloft 50 mg tablet"));
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, retry, Ct, contentType: null));
        await Worker.WaitForProcessedAsync(3, TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(2, (await Worker.PatientAsync("PT-fb"))!.Version);
        Assert.Equal(3, await Worker.ProcessedCountAsync());
    }

    [Fact]
    public async Task A_later_version_with_its_identifiers_in_another_order_changes_the_same_item()
    {
        // R4 gives identifiers no order, and the key is chosen from them (found by an independent edge probe: the
        // entered-in-error version, its two identifiers reversed, was stored as a second item; the dispense it withdrew
        // stayed, and so did its major alert)
        const string One = """{"system": "urn:oid:1.2.3.4", "value": "A-21"}""", Two = """{"system": "urn:oid:1.2.3.5", "value": "B-21"}""";
        static string Identified(string resource, string first, string second) =>
            resource.Replace("""[{"system": "urn:oid:2.16.840.1.113883.3.999.1", "value": "RX-1"}]""", $"[{first}, {second}]", StringComparison.Ordinal);
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange,
            Identified(Dispense("PT-fo", "Ultram 50 mg tablet", versionId: "1"), One, Two), Ct, contentType: FhirJson.ContentType));
        await Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(30), Ct);

        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange,
            Identified(Dispense("PT-fo", "Ultram 50 mg tablet", versionId: "2", status: "entered-in-error"), Two, One), Ct, contentType: FhirJson.ContentType));
        await Worker.WaitForProcessedAsync(2, TimeSpan.FromSeconds(30), Ct);

        var item = Assert.Single((await Worker.PatientAsync("PT-fo"))!.Items);
        Assert.True(item.Withdrawn, "the version withdrew the dispense it corrects");
        Assert.Equal("urn:oid:1.2.3.4|A-21", item.ItemKey); // the key it was first stored under
    }

    [Fact]
    public async Task Two_servers_numbering_a_patients_dispenses_alike_keep_two_items()
    {
        // the resource id alone does not say it is the same dispense: another server's MedicationDispense/md-RX-1 with
        // its own identifier is another dispense (found by a review of the change above)
        static string Identified(string resource, string system) =>
            resource.Replace("urn:oid:2.16.840.1.113883.3.999.1", system, StringComparison.Ordinal);
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange,
            Identified(Dispense("PT-ft", "Ultram 50 mg tablet", versionId: "1"), "urn:oid:1.2.3.4"), Ct, contentType: FhirJson.ContentType));
        await Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(30), Ct);

        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange,
            Identified(Dispense("PT-ft", "Zoloft 50 mg tablet", versionId: "2", status: "entered-in-error"), "urn:oid:2.9.9.9"), Ct, contentType: FhirJson.ContentType));
        await Worker.WaitForProcessedAsync(2, TimeSpan.FromSeconds(30), Ct);

        var items = (await Worker.PatientAsync("PT-ft"))!.Items.OrderBy(i => i.ItemKey, StringComparer.Ordinal).ToList();
        Assert.Equal([("urn:oid:1.2.3.4|RX-1", false), ("urn:oid:2.9.9.9|RX-1", true)], items.Select(i => (i.ItemKey, i.Withdrawn)));
    }

    [Fact]
    public async Task A_resource_sent_again_under_its_version_with_other_content_is_refused_not_dropped()
    {
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, Dispense("PT-fv", "Zoloft 50 mg tablet", versionId: "1"), Ct, contentType: FhirJson.ContentType));
        await Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(30), Ct);
        // the same id and versionId, now entered in error: a server that changed the resource without a new version
        var changed = Dispense("PT-fv", "Zoloft 50 mg tablet", versionId: "1", status: "entered-in-error");
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, changed, Ct, contentType: FhirJson.ContentType));

        var error = Assert.Single(await Broker.WaitForMessagesAsync(DispenseError, 1, TimeSpan.FromSeconds(30), Ct));
        Assert.True(error.Headers.TryGetValue("MT-Fault-Message", out var reason));
        Assert.Contains(EventConflict.FhirReason, reason!.ToString()!, StringComparison.Ordinal);
        Assert.False(Assert.Single((await Worker.PatientAsync("PT-fv"))!.Items).Withdrawn);
        Assert.Equal(1, await Worker.ProcessedCountAsync());
    }

    [Fact]
    public async Task A_transaction_with_a_resource_refused_by_what_is_stored_applies_none_of_its_resources()
    {
        // R4: a transaction succeeds or fails whole (found by an independent edge probe: the Bundle's other entries were
        // committed, and opened an alert, while the Bundle itself sat in _error)
        var handedOver = DateTimeOffset.UtcNow.AddDays(-2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, Dispense("PT-fa", "Zoloft 50 mg tablet", handedOver, versionId: "1"), Ct, contentType: FhirJson.ContentType));
        await Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(30), Ct);
        // St John's wort with the SSRI would open a major alert; the dispense's version 1 again, changed, is refused
        string Refused(string type) => Bundle(type, Statement("PT-fa", "St. John's Wort 300 mg"),
            Dispense("PT-fa", "Zoloft 50 mg tablet", handedOver, versionId: "1", status: "entered-in-error"));
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, Refused("transaction"), Ct, contentType: FhirJson.ContentType));

        var error = Assert.Single(await Broker.WaitForMessagesAsync(DispenseError, 1, TimeSpan.FromSeconds(30), Ct));
        Assert.True(error.Headers.TryGetValue("MT-Fault-Message", out var reason));
        Assert.Contains($"{EventConflict.FhirReason} (Bundle.entry[1].resource)", reason!.ToString()!, StringComparison.Ordinal);
        Assert.Contains(FhirMapping.NothingApplied, reason.ToString()!, StringComparison.Ordinal);
        var patient = (await Worker.PatientAsync("PT-fa"))!;
        Assert.Equal(["medication"], patient.Items.Select(i => i.Kind));
        Assert.Equal(1, patient.Version);
        Assert.Equal(0, await Worker.QueryAsync(db => db.Findings.CountAsync()));
        Assert.Equal(1, await Worker.ProcessedCountAsync());

        // the same two entries as a collection (a subscription notification, a batch alike): applied entry by entry, so one
        // refused for good does not hold back the others (a review), and the alert opens
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, Refused("collection"), Ct, contentType: FhirJson.ContentType));
        var second = Assert.Single(await Broker.WaitForMessagesAsync(DispenseError, 1, TimeSpan.FromSeconds(30), Ct));
        Assert.True(second.Headers.TryGetValue("MT-Fault-Message", out var secondReason));
        Assert.DoesNotContain(FhirMapping.NothingApplied, secondReason!.ToString()!, StringComparison.Ordinal);
        Assert.Equal(["medication", "supplement"], (await Worker.PatientAsync("PT-fa"))!.Items.Select(i => i.Kind).Order());
        Assert.Equal(1, await Worker.QueryAsync(db => db.Findings.CountAsync()));
    }

    [Fact]
    public async Task An_invalid_resource_ends_in_the_error_queue_with_the_fhirpath_and_no_value()
    {
        var invalid = Dispense("PT-secret-77", "Secret product").Replace("\"whenHandedOver\": \"2026-11-01T09:30:00-05:00\",", "", StringComparison.Ordinal);
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, invalid, Ct, contentType: FhirJson.ContentType));

        var error = Assert.Single(await Broker.WaitForMessagesAsync(DispenseError, 1, TimeSpan.FromSeconds(30), Ct));
        Assert.True(error.Headers.TryGetValue("MT-Fault-Message", out var reason));
        var text = reason!.ToString()!;
        Assert.Contains("MedicationDispense.whenHandedOver is required", text, StringComparison.Ordinal);
        Assert.DoesNotContain("PT-secret-77", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret product", text, StringComparison.Ordinal);
        Assert.Equal(0, await Worker.ProcessedCountAsync());
    }

    [Fact]
    public async Task A_batch_applies_its_valid_entries_and_refuses_the_invalid_one_alone()
    {
        // R4: a batch's entries are processed independently; until 2026-12-05 one bad entry lost another patient's
        // phenelzine (found by an independent FHIR probe)
        var invalid = Dispense("PT-batch-1", "Zoloft 50 mg tablet", id: "RX-b1").Replace("\"whenHandedOver\": \"2026-11-01T09:30:00-05:00\",", "", StringComparison.Ordinal);
        var bundle = Bundle("batch", invalid, Dispense("PT-batch-2", "Nardil 15 mg tablet", id: "RX-b2"));
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, bundle, Ct, contentType: FhirJson.ContentType));

        var error = Assert.Single(await Broker.WaitForMessagesAsync(DispenseError, 1, TimeSpan.FromSeconds(30), Ct));
        Assert.True(error.Headers.TryGetValue("MT-Fault-Message", out var reason));
        Assert.Contains("Bundle.entry[0].resource.whenHandedOver is required", reason!.ToString()!, StringComparison.Ordinal);
        Assert.Equal("Nardil 15 mg tablet", Assert.Single((await Worker.PatientAsync("PT-batch-2"))!.Items).ProductText);
        Assert.Null(await Worker.PatientAsync("PT-batch-1"));
        Assert.Equal(1, await Worker.ProcessedCountAsync());
    }

    [Fact]
    public async Task A_batch_entry_the_strict_reader_refuses_does_not_hold_back_the_others()
    {
        // until 2026-12-05 a status outside its value set refused the whole batch, and its redelivery again (edge probe)
        var invalid = Dispense("PT-batch-3", "Zoloft 50 mg tablet", id: "RX-b3").Replace("\"status\": \"completed\"", "\"status\": \"bogus\"", StringComparison.Ordinal);
        var bundle = Bundle("batch", Dispense("PT-batch-4", "Nardil 15 mg tablet", id: "RX-b4"), invalid);
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, bundle, Ct, contentType: FhirJson.ContentType));

        var error = Assert.Single(await Broker.WaitForMessagesAsync(DispenseError, 1, TimeSpan.FromSeconds(30), Ct));
        Assert.True(error.Headers.TryGetValue("MT-Fault-Message", out var reason));
        Assert.Contains("Bundle.entry[1].resource.status is not a code of its required value set: R4 allows preparation, in-progress, cancelled, on-hold, completed, entered-in-error, stopped, declined or unknown, case-sensitive (PVAL116)", reason!.ToString()!, StringComparison.Ordinal);
        Assert.Equal("Nardil 15 mg tablet", Assert.Single((await Worker.PatientAsync("PT-batch-4"))!.Items).ProductText);
        Assert.Null(await Worker.PatientAsync("PT-batch-3"));
        Assert.Equal(1, await Worker.ProcessedCountAsync());
    }

    [Fact]
    public async Task A_reason_longer_than_the_fault_header_holds_ends_with_how_many_reasons_it_leaves_out()
    {
        // fifty entries, each without whenHandedOver: MassTransit cut this list at 2,048 characters, mid-reason, unmarked
        var entries = Enumerable.Range(0, 50).Select(i => $"{{\"fullUrl\": \"urn:uuid:00000000-0000-4000-8000-{i:D12}\", \"resource\": "
            + Dispense("PT-long-1", "Secret product", id: $"RX-{i}").Replace("\"whenHandedOver\": \"2026-11-01T09:30:00-05:00\",", "", StringComparison.Ordinal) + "}");
        var bundle = "{\"resourceType\": \"Bundle\", \"type\": \"collection\", \"entry\": [" + string.Join(",", entries) + "]}";
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, bundle, Ct, contentType: FhirJson.ContentType));

        var error = Assert.Single(await Broker.WaitForMessagesAsync(DispenseError, 1, TimeSpan.FromSeconds(30), Ct));
        Assert.True(error.Headers.TryGetValue("MT-Fault-Message", out var reason));
        var text = reason!.ToString()!;
        Assert.True(text.Length <= 2048, $"{text.Length} characters");
        var match = System.Text.RegularExpressions.Regex.Match(text, @"; … \((?<more>\d+) more reasons\)$");
        Assert.True(match.Success, text);
        // the reasons kept are whole, and with those counted make the fifty
        var kept = text["Invalid event: ".Length..match.Index].Split("; ");
        Assert.All(kept, r => Assert.Matches(@"^Bundle\.entry\[\d+\]\.resource\.whenHandedOver is required when status is completed$", r));
        Assert.Equal(50, kept.Length + int.Parse(match.Groups["more"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.DoesNotContain("PT-long-1", text, StringComparison.Ordinal);
        Assert.Equal(0, await Worker.ProcessedCountAsync());
    }

    [Theory]
    [InlineData("future", FhirJson.ContentType, "MedicationDispense.whenHandedOver must not be in the future")]
    [InlineData("no-status", FhirJson.ContentType, "MedicationDispense.status is required")]
    [InlineData("no-resource-type", FhirJson.ContentType, "resourceType is required")]
    [InlineData("empty-name", FhirJson.ContentType, "cannot be read as FHIR R4 JSON")]
    [InlineData("array", "application/json", "body is not a FHIR resource: a JSON object with resourceType is expected")]
    [InlineData("truncated", null, "body is not valid JSON (line 13")]
    [InlineData("valid", "text/plain", "content_type must be application/fhir+json, application/json or absent (was text/plain)")]
    [InlineData("valid", "application/vnd.masstransit+json", "content_type must be application/fhir+json, application/json or absent (was application/vnd.masstransit+json)")]
    [InlineData("nested", FhirJson.ContentType, "body is nested too deeply (at most 64 levels of objects and arrays)")]
    [InlineData("duplicate-status", FhirJson.ContentType, "MedicationDispense.status appears more than once")]
    [InlineData("duplicate-resource-type", FhirJson.ContentType, "resourceType appears more than once in one resource")]
    [InlineData("unknown-element", FhirJson.ContentType, "MedicationDispense has an element that is not part of FHIR R4 (PVAL128); its name is not logged")]
    [InlineData("contained-subject", FhirJson.ContentType, "MedicationDispense.subject must not be a local reference (#id)")]
    [InlineData("subject-id", FhirJson.ContentType, "MedicationDispense.subject.reference must be Patient/<id> with a FHIR id")]
    [InlineData("nul-text", FhirJson.ContentType, "MedicationDispense.medication.text must not contain control characters (U+0000 at character 15)")]
    [InlineData("nul-dosage", FhirJson.ContentType, "MedicationDispense.dosageInstruction.text must not contain control characters (U+0001 at character 2)")]
    [InlineData("surrogate-name", FhirJson.ContentType, "property names must be valid Unicode (no unpaired surrogate escapes)")]
    [InlineData("surrogate-text", FhirJson.ContentType, "MedicationDispense.medicationCodeableConcept.text must be valid Unicode text (no unpaired surrogates)")]
    [InlineData("id-only-entry", FhirJson.ContentType, "Bundle.entry[0].resource is missing")]
    [InlineData("far-end", FhirJson.ContentType, "MedicationStatement.effectivePeriod.end is out of range (years 1900 to 2200)")]
    [InlineData("valid", "application/fhir+json; fhirVersion=5.0", "content_type fhirVersion must be 4.0 (FHIR R4, 4.0.1 too) or absent")]
    [InlineData("ingredient-reference", FhirJson.ContentType, "MedicationDispense.contained[0].ingredient[1].item: an ingredient given by reference without a display is not read here")]
    [InlineData("bundle-in-bundle", FhirJson.ContentType, "Bundle.entry[1].resource is a Bundle inside a Bundle, which is not read here")]
    [InlineData("ingredient-code-only", FhirJson.ContentType, "MedicationDispense.contained[0].ingredient[1].item: an ingredient given by code alone (no text, no display) is not read here")]
    [InlineData("modifier-extension", FhirJson.ContentType, "MedicationDispense.dosageInstruction[0].modifierExtension is not understood here")]
    [InlineData("days-comparator", FhirJson.ContentType, "MedicationDispense.daysSupply must not have a comparator (SimpleQuantity, sqty-1)")]
    [InlineData("contained-object", FhirJson.ContentType, "MedicationDispense.contained must be an array of resources")]
    public async Task A_body_the_edge_refuses_ends_in_the_error_queue_with_its_reason_in_our_words(string body, string? contentType, string expected)
    {
        var dispense = Dispense("PT-edge-55", "Secret product");
        var text = body switch
        {
            "future" => dispense.Replace("2026-11-01T09:30:00-05:00", "2099-01-01T00:00:00Z", StringComparison.Ordinal),
            "no-status" => dispense.Replace("\"status\": \"completed\",", "", StringComparison.Ordinal),
            "no-resource-type" => dispense.Replace("\"resourceType\": \"MedicationDispense\",", "", StringComparison.Ordinal),
            "contained-object" => dispense.Replace("\"status\": \"completed\",", "\"status\": \"completed\", \"contained\": {\"resourceType\": \"Medication\", \"id\": \"m1\"},", StringComparison.Ordinal),
            "empty-name" => dispense.Replace("\"resourceType\": \"MedicationDispense\",", "\"resourceType\": \"MedicationDispense\", \"\": 1,", StringComparison.Ordinal),
            "contained-subject" => dispense.Replace("\"subject\": {\"reference\": \"Patient/PT-edge-55\"}",
                "\"contained\": [{\"resourceType\": \"Patient\", \"id\": \"p1\", \"identifier\": [{\"value\": \"PT-edge-55\"}]}], \"subject\": {\"reference\": \"#p1\"}", StringComparison.Ordinal),
            "nested" => dispense.Replace("\"status\": \"completed\",", "\"status\": \"completed\", \"extension\": " + string.Concat(Enumerable.Repeat("[{\"extension\": ", 40)) + "[]" + string.Concat(Enumerable.Repeat("}]", 40)) + ",", StringComparison.Ordinal),
            "duplicate-status" => dispense.Replace("\"status\": \"completed\",", "\"status\": \"completed\", \"status\": \"completed\",", StringComparison.Ordinal),
            "duplicate-resource-type" => dispense.Replace("\"status\": \"completed\",", "\"status\": \"completed\", \"resourceType\": \"Patient\",", StringComparison.Ordinal),
            "unknown-element" => dispense.Replace("\"status\": \"completed\",", "\"status\": \"completed\", \"badElemPT-edge-55\": 1,", StringComparison.Ordinal),
            "subject-id" => dispense.Replace("Patient/PT-edge-55", "Patient/ PT-edge-55", StringComparison.Ordinal),
            "nul-text" => dispense.Replace("Secret product", "Secret product\\u0000", StringComparison.Ordinal),
            "nul-dosage" => dispense.Replace("1 tablet daily", "1\\u0001tablet daily", StringComparison.Ordinal),
            "surrogate-name" => dispense.Replace("\"resourceType\": \"MedicationDispense\",", "\"\\ud800\": 1, \"resourceType\": \"MedicationDispense\",", StringComparison.Ordinal),
            "surrogate-text" => dispense.Replace("Secret product", "Secret \\ud800 product", StringComparison.Ordinal),
            // the dispense after it would be applied without it
            "id-only-entry" => Bundle("collection", dispense).Replace("\"entry\": [", "\"entry\": [{\"fullUrl\": \"https://ehr.example/fhir/MedicationDispense/md-z\"}, ", StringComparison.Ordinal),
            "far-end" => Statement("PT-edge-55", "Secret product", status: "completed").Replace("\"start\": \"2026-10-15\"", "\"start\": \"2026-10-15\", \"end\": \"9999-12-31\"", StringComparison.Ordinal),
            // each of these was applied without what it says: the referenced ingredient, the nested Bundle's resources,
            // the modifier extension, the comparator
            "ingredient-reference" => System.Text.RegularExpressions.Regex.Replace(dispense, "\"medicationCodeableConcept\": \\{[^}]*\\},",
                "\"contained\": [{\"resourceType\": \"Medication\", \"id\": \"m1\", \"ingredient\": [{\"itemCodeableConcept\": {\"text\": \"St John's wort\"}}, {\"itemReference\": {\"reference\": \"#s1\"}}]}, "
                + "{\"resourceType\": \"Substance\", \"id\": \"s1\", \"code\": {\"text\": \"Secret product\"}}], \"medicationReference\": {\"reference\": \"#m1\"},"),
            // the coded ingredient was left out of the product's name, so out of every check
            "ingredient-code-only" => System.Text.RegularExpressions.Regex.Replace(dispense, "\"medicationCodeableConcept\": \\{[^}]*\\},",
                "\"contained\": [{\"resourceType\": \"Medication\", \"id\": \"m1\", \"ingredient\": [{\"itemCodeableConcept\": {\"text\": \"St John's wort\"}}, "
                + "{\"itemCodeableConcept\": {\"coding\": [{\"system\": \"http://www.nlm.nih.gov/research/umls/rxnorm\", \"code\": \"36437\"}]}}]}], \"medicationReference\": {\"reference\": \"#m1\"},"),
            "bundle-in-bundle" => Bundle("collection", dispense, Bundle("collection", Statement("PT-edge-55", "Secret product"))),
            "modifier-extension" => dispense.Replace("\"dosageInstruction\": [{", "\"dosageInstruction\": [{\"modifierExtension\": [{\"url\": \"http://example.org/PT-edge-55\", \"valueBoolean\": true}], ", StringComparison.Ordinal),
            "days-comparator" => dispense.Replace("\"daysSupply\": {\"value\": 30, ", "\"daysSupply\": {\"value\": 30, \"comparator\": \"<\", ", StringComparison.Ordinal),
            "array" => "[1, 2]",
            "truncated" => dispense[..(dispense.Length / 2)],
            _ => dispense,
        };
        Assert.True(body == "valid" || text != dispense, "the case changed the resource");
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, text, Ct, contentType: contentType));

        var error = Assert.Single(await Broker.WaitForMessagesAsync(DispenseError, 1, TimeSpan.FromSeconds(30), Ct));
        Assert.True(error.Headers.TryGetValue("MT-Fault-Message", out var reason));
        var message = reason!.ToString()!;
        Assert.StartsWith("Invalid event: ", message, StringComparison.Ordinal); // as on the native endpoints (until 2026-12-04 not for the body-level reasons)
        Assert.Contains(expected, message, StringComparison.Ordinal);
        Assert.DoesNotContain("PT-edge-55", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Secret product", message, StringComparison.Ordinal);
        Assert.Null(await Worker.PatientAsync("PT-edge-55"));
        Assert.Null(await Worker.PatientAsync("p1"));
    }

    [Fact]
    public async Task A_value_the_database_refuses_goes_to_the_error_queue_at_once_not_retried()
    {
        // the database itself refusing a value as data (SQLSTATE class 22), as it refuses a NUL in text
        await using (var connection = new Npgsql.NpgsqlConnection(Database.ConnectionString))
        {
            await connection.OpenAsync(Ct);
            await using var command = new Npgsql.NpgsqlCommand("""
                CREATE FUNCTION refuse_marked() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF NEW.product_text = 'Refused by the database' THEN
                    RAISE EXCEPTION 'refused' USING ERRCODE = '22021';
                  END IF;
                  RETURN NEW;
                END $$;
                CREATE TRIGGER refuse_marked BEFORE INSERT OR UPDATE ON regimen_items FOR EACH ROW EXECUTE FUNCTION refuse_marked();
                """, connection);
            await command.ExecuteNonQueryAsync(Ct);
        }

        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, Dispense("PT-refused-1", "Refused by the database"), Ct, contentType: FhirJson.ContentType));

        var error = Assert.Single(await Broker.WaitForMessagesAsync(DispenseError, 1, TimeSpan.FromSeconds(30), Ct));
        Assert.True(error.Headers.TryGetValue("MT-Fault-Message", out var reason));
        var message = reason!.ToString()!;
        Assert.StartsWith("Invalid event: ", message, StringComparison.Ordinal);
        Assert.Contains("SQLSTATE 22021", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Refused by the database", message, StringComparison.Ordinal);
        Assert.True(!error.Headers.TryGetValue("MT-Fault-RetryCount", out var retries) || Convert.ToInt32(retries, System.Globalization.CultureInfo.InvariantCulture) == 0,
            $"retried {retries} times");
        Assert.Null(await Worker.PatientAsync("PT-refused-1"));
    }

    [Fact]
    public async Task A_dispense_not_yet_handed_over_is_acknowledged_and_changes_nothing()
    {
        var bundle = Bundle("collection", Example("medicationdispense0301.json"), Dispense("PT-nh-marker", "Zoloft 50 mg tablet"));
        Assert.True(await Broker.PublishAsync(FhirMessaging.DispenseExchange, bundle, Ct, contentType: "application/json"));
        await Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(30), Ct);

        Assert.Null(await Worker.PatientAsync("pat1"));
        Assert.NotNull(await Worker.PatientAsync("PT-nh-marker"));
    }
}
