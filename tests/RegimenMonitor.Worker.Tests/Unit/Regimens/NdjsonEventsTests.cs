using RegimenMonitor.Contracts;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Regimens;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Unit.Regimens;

public sealed class NdjsonEventsTests
{
    [Fact]
    public void A_dispense_line_maps_like_the_consumer_maps_it()
    {
        var line = """{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01T09:30:00+01:00","medication":{"text":"Zoloft 50 mg tablet","atc":"N06AB06"},"extra":"ignored"}""";
        Assert.True(NdjsonEvents.TryParse(line, 7, 30, out var parsed, out var error), error);
        Assert.IsType<MedicationDispensed>(parsed!.Message);
        Assert.Equal(7, parsed.LineNumber);
        Assert.Equal(RegimenItemKind.Medication, parsed.Change.Kind);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 8, 30, 0, TimeSpan.Zero), parsed.Change.StartedAt);
        Assert.Equal("0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01", parsed.Change.ItemKey);
        Assert.True(parsed.Change.DaysSupplyAssumed);
        Assert.Equal(30, parsed.Change.DaysSupply);
    }

    [Theory]
    // found by an independent edge probe: keyed by its own new eventId, such a withdrawal was accepted and withdrew nothing
    [InlineData("medication-dispensed", "entered-in-error", "dispenseId is required when status is entered-in-error: a withdrawal names the dispense it withdraws (without dispenseId it is keyed by its own eventId, and withdraws nothing)")]
    [InlineData("supplement-reported", "entered-in-error", "statementId is required when status is entered-in-error: a withdrawal names the statement it withdraws (without statementId it is keyed by its own eventId, and withdraws nothing)")]
    public void A_withdrawal_without_the_id_of_what_it_withdraws_is_refused_naming_the_field(string type, string status, string expected)
    {
        var line = type == "medication-dispensed"
            ? $$$"""{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","status":"{{{status}}}","dispensedAt":"2026-03-01T09:30:00Z","medication":{"text":"Zoloft 50 mg tablet"}}"""
            : $$$"""{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","status":"{{{status}}}","reportedAt":"2026-03-01T09:30:00Z","supplement":{"text":"St John's wort"},"source":"care-team"}""";

        Assert.False(NdjsonEvents.TryParse(line, 3, 30, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.StartsWith("Invalid event: ", error, StringComparison.Ordinal);
        // with the id it is read
        var field = type == "medication-dispensed" ? "dispenseId" : "statementId";
        Assert.True(NdjsonEvents.TryParse(line.Replace("\"status\"", $"\"{field}\":\"X-1\",\"status\"", StringComparison.Ordinal), 3, 30, out var parsed, out error), error);
        Assert.True(parsed!.Change.Withdraws);
    }

    [Theory]
    // found by a newcomer probe: each was ignored as an unknown property, so the sender's meaning was lost silently
    [InlineData("medication-dispensed", "\"daysSuply\":90", "daysSuply is not a contract field; did you mean daysSupply?")]
    [InlineData("medication-dispensed", "\"days_supply\":90", "days_supply is not a contract field; did you mean daysSupply?")]
    [InlineData("medication-dispensed", "\"DAYS-SUPPLY\":90", "DAYS-SUPPLY is not a contract field; did you mean daysSupply?")]
    [InlineData("medication-dispensed", "\"prescriptonId\":\"RX-1\"", "prescriptonId is not a contract field; did you mean prescriptionId?")]
    [InlineData("supplement-reported", "\"stopedOn\":\"2026-03-02\"", "stopedOn is not a contract field; did you mean stoppedOn?")]
    [InlineData("supplement-reported", "\"sorce\":\"patient\"", "sorce is not a contract field; did you mean source?")]
    [InlineData("supplement-reported", "\"startedAt\":\"2026-03-01\"", "startedAt is not a contract field; did you mean startedOn?")]
    [InlineData("alert-acknowledged", "\"resaon\":\"reviewed\"", "resaon is not a contract field; did you mean reason?")]
    [InlineData("alert-acknowledged", "\"acknowledgedby\u200B\":\"nurse\"", "a property named almost like acknowledgedBy is not a contract field; did you mean acknowledgedBy?")]
    // found by an independent edge probe: a plural, a time's ending left out or another one, with a value of the field's kind
    [InlineData("medication-dispensed", "\"daysSupplys\":90", "daysSupplys is not a contract field; did you mean daysSupply?")]
    [InlineData("medication-dispensed", "\"daysSupplies\":90", "daysSupplies is not a contract field; did you mean daysSupply?")]
    [InlineData("supplement-reported", "\"sources\":\"care-team\"", "sources is not a contract field; did you mean source?")]
    [InlineData("supplement-reported", "\"statu\":\"stopped\"", "statu is not a contract field; did you mean status?")]
    [InlineData("supplement-reported", "\"stopped\":\"2026-03-02\"", "stopped is not a contract field; did you mean stoppedOn?")]
    [InlineData("supplement-reported", "\"started\":\"2026-03-01\"", "started is not a contract field; did you mean startedOn?")]
    [InlineData("supplement-reported", "\"stoppedDate\":\"2026-03-02\"", "stoppedDate is not a contract field; did you mean stoppedOn?")]
    [InlineData("supplement-reported", "\"started_time\":\"2026-03-01\"", "started_time is not a contract field; did you mean startedOn?")]
    // found by an independent edge probe: another form of the field's word, or a sender's usual word for it
    [InlineData("supplement-reported", "\"startDate\":\"2026-03-01\"", "startDate is not a contract field; did you mean startedOn?")]
    [InlineData("supplement-reported", "\"stopDate\":\"2026-03-02\"", "stopDate is not a contract field; did you mean stoppedOn?")]
    [InlineData("supplement-reported", "\"endDate\":\"2026-03-02\"", "endDate is not a contract field; did you mean stoppedOn?")]
    [InlineData("supplement-reported", "\"endedOn\":\"2026-03-02\"", "endedOn is not a contract field; did you mean stoppedOn?")]
    [InlineData("supplement-reported", "\"end\":\"2026-03-02\"", "end is not a contract field; did you mean stoppedOn?")]
    [InlineData("supplement-reported", "\"discontinuedOn\":\"2026-03-02\"", "discontinuedOn is not a contract field; did you mean stoppedOn?")]
    [InlineData("supplement-reported", "\"beginDate\":\"2026-03-01\"", "beginDate is not a contract field; did you mean startedOn?")]
    [InlineData("medication-dispensed", "\"daysSupplied\":90", "daysSupplied is not a contract field; did you mean daysSupply?")]
    [InlineData("medication-dispensed", "\"supplyDays\":90", "supplyDays is not a contract field; did you mean daysSupply?")]
    [InlineData("medication-dispensed", "\"days\":90", "days is not a contract field; did you mean daysSupply?")]
    [InlineData("supplement-reported", "\"stoppedOnDate\":\"2026-03-02\"", "stoppedOnDate is not a contract field; did you mean stoppedOn?")]
    [InlineData("supplement-reported", "\"dateStarted\":\"2026-03-01\"", "dateStarted is not a contract field; did you mean startedOn?")]
    public void A_misspelt_field_is_refused_naming_the_field_it_looks_like(string type, string extra, string expected)
    {
        // the field it looks like is absent (a sender's misspelling replaces it)
        var meant = expected[(expected.LastIndexOf(' ') + 1)..].TrimEnd('?');
        var line = With(Line(type), extra, without: meant);

        Assert.Contains(expected, Refusals(line, type), StringComparison.Ordinal);
        Assert.Empty(Refusals(With(Line(type), "\"x\":1", without: meant), type));
    }

    [Theory]
    // found by an independent edge probe: a product's name under another name was ignored, so a product sent with a code
    // the catalogue does not know was not checked
    [InlineData("medication-dispensed", "name")]
    [InlineData("medication-dispensed", "display")]
    [InlineData("medication-dispensed", "productName")]
    [InlineData("supplement-reported", "description")]
    public void A_products_name_under_another_name_is_refused_naming_text(string type, string name)
    {
        var parent = type == "medication-dispensed" ? "medication" : "supplement";
        var line = type == "medication-dispensed"
            ? $$$"""{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01T09:30:00Z","medication":{"atc":"N06AF03","{{{name}}}":"Nardil 15 mg"}}"""
            : $$$"""{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","reportedAt":"2026-03-01T09:30:00Z","supplement":{"{{{name}}}":"St John's wort"},"source":"patient"}""";

        Assert.Contains($"{parent}.{name} is not a contract field; did you mean {parent}.text?", Refusals(line, type), StringComparison.Ordinal);
        // beside the text, it is a sender's own
        Assert.Empty(Refusals(line.Replace($"\"{name}\"", $"\"text\":\"Nardil\",\"{name}\"", StringComparison.Ordinal), type));
    }

    [Theory]
    [InlineData("rxnorm", "312938")]
    [InlineData("ndc", "0049-4960-30")]
    public void A_display_beside_a_products_code_is_the_senders_own(string system, string code)
    {
        // found by a review: a dispense with a code and a display, without text, is valid (the code names the product)
        var line = $$$"""{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01T09:30:00Z","medication":{"{{{system}}}":"{{{code}}}","display":"sertraline 50 MG Oral Tablet"}}""";

        Assert.Empty(Refusals(line, "medication-dispensed"));
    }

    [Fact]
    public void The_lines_type_is_read_in_any_letter_case_as_every_field_is()
    {
        var line = Line("medication-dispensed").Replace("\"type\":", "\"Type\":", StringComparison.Ordinal);

        Assert.True(NdjsonEvents.TryParse(line, 1, 30, out var parsed, out var error), error);
        Assert.Equal("Zoloft 50 mg tablet", parsed!.Change.ProductText);
        Assert.False(NdjsonEvents.TryParse(line.Replace("{\"Type\"", "{\"type\":\"medication-dispensed\",\"Type\"", StringComparison.Ordinal), 1, 30, out _, out error));
        Assert.Contains("type appears more than once", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_required_time_given_under_another_form_of_its_word_is_named()
    {
        // dispensedAt is required, so its absence is refused anyway; the reason says where the sender put it
        var line = With(Line("medication-dispensed"), "\"dispenseDate\":\"2026-03-01T09:30:00Z\"", without: "dispensedAt");

        Assert.Contains("dispenseDate is not a contract field; did you mean dispensedAt?", Refusals(line, "medication-dispensed"), StringComparison.Ordinal);
    }

    [Theory]
    // found by a review: a sender's own fields beside the contract's, a stem of one with another ending, or a look-alike
    // of a field the event has, were refused as misspellings
    [InlineData("medication-dispensed", "\"pharmacy\":{\"name\":\"Main St\"}")]
    [InlineData("medication-dispensed", "\"prescription\":{}")]
    [InlineData("medication-dispensed", "\"prescriptionNo\":\"1\"")]
    [InlineData("medication-dispensed", "\"medicationId\":\"1\"")]
    [InlineData("medication-dispensed", "\"medications\":[]")]
    [InlineData("medication-dispensed", "\"dispensedBy\":\"x\"")]
    [InlineData("medication-dispensed", "\"patient\":{}")]
    [InlineData("medication-dispensed", "\"parentId\":\"x\"")]
    [InlineData("medication-dispensed", "\"event\":\"x\"")]
    [InlineData("medication-dispensed", "\"agentId\":\"x\"")]
    [InlineData("medication-dispensed", "\"quality\":\"x\"")]
    [InlineData("medication-dispensed", "\"tpye\":\"x\"")] // type is given
    [InlineData("supplement-reported", "\"reportedBy\":\"x\"")]
    [InlineData("supplement-reported", "\"recordedAt\":\"x\"")]
    [InlineData("supplement-reported", "\"startedBy\":\"x\"")]
    [InlineData("supplement-reported", "\"stoppedBy\":\"x\"")]
    [InlineData("supplement-reported", "\"supplementId\":\"x\"")]
    [InlineData("supplement-reported", "\"sorce\":\"x\"")] // source is given
    [InlineData("alert-acknowledged", "\"alertIds\":[]")]
    [InlineData("supplement-reported", "\"stopped\":true")] // a flag of the sender's, not a date
    [InlineData("supplement-reported", "\"statusDate\":\"2026-03-02\"")] // the field has no time ending: a sender's own (a review)
    [InlineData("alert-acknowledged", "\"outcomeAt\":\"2026-03-02T10:00:00Z\"")]
    [InlineData("supplement-reported", "\"sources\":[\"EHR\"]")]
    [InlineData("medication-dispensed", "\"quantities\":{\"tablets\":30}")]
    [InlineData("supplement-reported", "\"endedBy\":\"x\"")]
    [InlineData("supplement-reported", "\"stopReason\":\"x\"")]
    [InlineData("supplement-reported", "\"discontinued\":true")] // a flag, not a date
    [InlineData("medication-dispensed", "\"endDate\":\"2026-03-31\"")] // a dispense has no stop: a sender's own
    [InlineData("medication-dispensed", "\"daysSupplied\":{\"value\":90}")] // not a number: a sender's own
    [InlineData("medication-dispensed", "\"days\":[\"Mon\",\"Thu\"]")] // not a number: a sender's own
    [InlineData("medication-dispensed", "\"name\":\"x\"")] // not in the medication: a sender's own
    // found by a review: another form of a time's word with a value that is no date, a supply alias with a text
    [InlineData("supplement-reported", "\"startTime\":\"08:00\"")]
    [InlineData("supplement-reported", "\"endDate\":true")]
    [InlineData("supplement-reported", "\"discontinuedOn\":false")]
    [InlineData("medication-dispensed", "\"days\":\"Mon,Thu\"")]
    [InlineData("medication-dispensed", "\"supply\":\"mail-order\"")]
    [InlineData("medication-dispensed", "\"resourceType\":\"x\"")] // a valid event that also says resourceType: as any unknown property
    public void A_senders_own_field_like_a_contract_field_is_still_ignored(string type, string extra)
    {
        Assert.Empty(Refusals(With(Line(type), extra, without: null), type));
    }

    // the contract check's reasons alone, joined as the refusal joins them
    private static string ContractReasons(string line, string type)
    {
        using var json = System.Text.Json.JsonDocument.Parse(line);
        return string.Join("; ", RegimenMonitor.Worker.Infrastructure.Messaging.EventContract.Check(
            json.RootElement, type, new RegimenMonitor.Worker.Infrastructure.Messaging.EventTimeLimit(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5))));
    }

    private static string With(string line, string extra, string? without)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject();
        if (without is not null)
        {
            node.Remove(without);
        }

        foreach (var (key, value) in System.Text.Json.Nodes.JsonNode.Parse("{" + extra + "}")!.AsObject().ToList())
        {
            node[key] = value?.DeepClone();
        }

        return node.ToJsonString();
    }

    [Theory]
    [InlineData("\"medication\":{\"txt\":\"Zoloft 50 mg\",\"rxnorm\":\"1\"}", "medication.txt is not a contract field; did you mean medication.text?")]
    [InlineData("\"medication\":{\"text\":\"Zoloft 50 mg\",\"rxnrom\":\"1\"}", "medication.rxnrom is not a contract field; did you mean medication.rxnorm?")]
    [InlineData("\"medication\":{\"text\":\"Zoloft 50 mg\",\"N_D_C\":\"1\"}", "medication.N_D_C is not a contract field; did you mean medication.ndc?")]
    public void A_misspelt_field_inside_the_product_is_refused_too(string medication, string expected)
    {
        var line = Line("medication-dispensed").Replace("\"medication\":{\"text\":\"Zoloft 50 mg tablet\"}", medication, StringComparison.Ordinal);

        Assert.False(NdjsonEvents.TryParse(line, 1, 30, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_fhir_resource_on_a_native_endpoint_is_told_where_fhir_goes_first()
    {
        // found by a newcomer probe: told only "eventId is required; patientId is required; …"
        var reasons = ContractReasons("""{"resourceType":"MedicationDispense","id":"md-1","status":"completed"}""", "medication-dispensed");

        Assert.StartsWith("resourceType is FHIR's: this is a FHIR resource: publish MedicationDispense and MedicationStatement resources (or Bundles of them) as application/fhir+json to fhir.medication-dispense or fhir.medication-statement", reasons, StringComparison.Ordinal);
        Assert.Contains("eventId is required", reasons, StringComparison.Ordinal);
    }

    [Fact]
    public void An_alert_id_given_as_the_detected_issues_identifier_is_told_to_use_the_bare_uuid()
    {
        var line = Line("alert-acknowledged").Replace("\"alertId\":\"", "\"alertId\":\"urn:uuid:", StringComparison.Ordinal);

        Assert.Contains("alertId must be a UUID string, e.g. 0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01, without urn:uuid: (a DetectedIssue's id, not its identifier value)",
            Refusals(line, "alert-acknowledged"), StringComparison.Ordinal);
        Assert.DoesNotContain("urn:uuid", Refusals(Line("alert-acknowledged").Replace("\"alertId\":\"", "\"alertId\":\"x", StringComparison.Ordinal), "alert-acknowledged"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_fhir_content_type_on_a_native_endpoint_is_told_where_fhir_goes()
    {
        var refused = Assert.Throws<RegimenMonitor.Worker.Infrastructure.Messaging.InvalidEventException>(
            () => RegimenMonitor.Worker.Infrastructure.Messaging.ContractDeserializer.IsEnvelope("application/fhir+json"));

        Assert.Equal("content_type must be application/json (or absent) or application/vnd.masstransit+json (was application/fhir+json); "
            + RegimenMonitor.Worker.Infrastructure.Messaging.EventContract.FhirElsewhere, Assert.Single(refused.Failures));
        Assert.DoesNotContain("fhir", Assert.Throws<RegimenMonitor.Worker.Infrastructure.Messaging.InvalidEventException>(
            () => RegimenMonitor.Worker.Infrastructure.Messaging.ContractDeserializer.IsEnvelope("text/plain")).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"outcome\":null")]
    [InlineData(null)]
    public void An_acknowledgement_without_an_outcome_is_told_it_is_required(string? outcome)
    {
        // found by an independent edge probe: null got "must be one of", though null reads as absent
        var line = outcome is null ? With(Line("alert-acknowledged"), "\"x\":1", without: "outcome") : With(Line("alert-acknowledged"), outcome, without: null);

        Assert.Equal("outcome is required (a string, one of accepted, overridden)", ContractReasons(line, "alert-acknowledged"));
    }

    [Fact]
    public void A_line_with_an_envelopes_message_is_refused_as_the_broker_refuses_it()
    {
        // found by an independent edge probe: evaluate read the outer event and dropped the envelope's own (a Nardil
        // dispense) unseen, and replay published the outer one, while the worker refuses the same body
        var inner = Line("medication-dispensed").Replace("Zoloft", "Nardil", StringComparison.Ordinal);
        var both = With(Line("medication-dispensed"), $"\"messageType\":[\"urn:message:RegimenMonitor.Contracts:MedicationDispensed\"],\"message\":{inner}", without: null);
        Assert.False(NdjsonEvents.TryParse(both, 7, 30, out _, out var error));
        Assert.Equal("Invalid event: the line has an event's fields and also an envelope's messageType and message: a line is the event alone (the envelope's message would be dropped unseen)", error);

        var envelope = $"{{\"type\":\"medication-dispensed\",\"messageType\":[\"urn:message:RegimenMonitor.Contracts:MedicationDispensed\"],\"message\":{inner}}}";
        Assert.False(NdjsonEvents.TryParse(envelope, 7, 30, out _, out error));
        Assert.StartsWith("Invalid event: the line is a MassTransit envelope (messageType and message): a line is the event alone, with its type; eventId is required", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_misspelt_field_after_many_other_unknown_properties_is_still_refused()
    {
        // found by an independent edge probe: only the first 16 unknown names were looked at, so daysSuply after 16 of a
        // sender's own fields was ignored and a 90-day supply became an assumed 30 days
        var own = string.Join(",", Enumerable.Range(0, 1000).Select(i => $"\"x{i}\":{i}"));
        var line = With(Line("medication-dispensed"), own + ",\"daysSuply\":90", without: "daysSupply");

        Assert.Contains("daysSuply is not a contract field; did you mean daysSupply?", Refusals(line, "medication-dispensed"), StringComparison.Ordinal);
    }

    [Theory]
    // other unknown properties are still ignored: a publisher's own fields, and names that only share letters with one
    [InlineData("medication-dispensed", "\"pharmacyName\":\"Main St\"")]
    [InlineData("medication-dispensed", "\"state\":\"x\"")]
    [InlineData("medication-dispensed", "\"time\":\"x\"")]
    [InlineData("medication-dispensed", "\"ndc11\":\"x\"")]
    [InlineData("medication-dispensed", "\"at\":\"x\"")]
    [InlineData("supplement-reported", "\"note\":\"x\"")]
    [InlineData("alert-acknowledged", "\"comment\":\"x\"")]
    public void An_unknown_property_not_like_any_field_is_still_ignored(string type, string extra)
    {
        var line = Line(type).Replace("{\"type\"", "{" + extra + ",\"type\"", StringComparison.Ordinal);

        Assert.Empty(Refusals(line, type));
    }

    // what the broker's endpoints and the NDJSON verbs refuse in an event, by the one contract check both use; the
    // NDJSON path's own words are checked for a dispense
    private static string Refusals(string line, string type)
    {
        var reasons = ContractReasons(line, type);
        if (type == "medication-dispensed")
        {
            Assert.Equal(reasons.Length == 0, NdjsonEvents.TryParse(line, 1, 30, out _, out var error));
            Assert.Equal(reasons.Length == 0 ? null : "Invalid event: " + reasons, error);
        }

        return reasons;
    }

    private static string Line(string type) => type switch
    {
        "medication-dispensed" => """{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01T09:30:00Z","medication":{"text":"Zoloft 50 mg tablet"}}""",
        "supplement-reported" => """{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","statementId":"S-1","reportedAt":"2026-03-01T09:30:00Z","supplement":{"text":"St John's wort"},"source":"patient"}""",
        _ => """{"type":"alert-acknowledged","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","alertId":"1b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","acknowledgedBy":"nurse.lee","acknowledgedAt":"2026-03-01T09:30:00Z","outcome":"accepted"}""",
    };

    [Theory]
    [InlineData("cancelled")]
    [InlineData("declined")]
    public void A_dispense_cancelled_or_declined_without_dispenseId_is_kept(string status)
    {
        // it may be the only record of a dispense never handed over: it changes nothing, and is no mistake (a review)
        var line = $$$"""{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","status":"{{{status}}}","dispensedAt":"2026-03-01T09:30:00Z","medication":{"text":"Zoloft 50 mg tablet"}}""";

        Assert.True(NdjsonEvents.TryParse(line, 1, 30, out var parsed, out var error), error);
        Assert.True(parsed!.Change.Withdraws);
    }

    [Fact]
    public void A_stop_without_statementId_is_kept_as_a_report_of_a_period_that_ended()
    {
        // not refused: a stop needs no earlier statement to mean something (a washout counts from it, and a care team's
        // stop ends the dispenses of its product, which are matched by product, not by statementId)
        var line = """{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","status":"stopped","reportedAt":"2026-03-01T09:30:00Z","supplement":{"text":"St John's wort"},"source":"care-team"}""";

        Assert.True(NdjsonEvents.TryParse(line, 1, 30, out var parsed, out var error), error);
        Assert.Equal(new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.Zero), parsed!.Change.StoppedAt);
        Assert.False(parsed.Change.Withdraws);
    }

    [Theory]
    [InlineData("\u3164")] // Hangul filler
    [InlineData("\u2800")] // braille blank
    [InlineData("\u034F\uFE0F")] // lone combining marks
    public void A_patient_id_that_shows_nothing_is_refused_naming_the_field(string id)
    {
        var line = $$$"""{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"{{{id}}}","dispensedAt":"2026-03-01T09:30:00Z","medication":{"text":"Zoloft"}}""";
        Assert.False(NdjsonEvents.TryParse(line, 1, 30, out _, out var error));
        Assert.Contains("patientId must contain a visible character", error, StringComparison.Ordinal);
    }

    [Theory]
    // a Unicode space inside an id shows as the ASCII space and is another id (found by an edge probe: two patients)
    [InlineData("patientId", "PT\u00a0NB", "patientId must not contain spaces other than the ASCII space (U+00A0 at character 3; patient ids are compared exactly)")]
    [InlineData("patientId", "PT-9\u3000X", "patientId must not contain spaces other than the ASCII space (U+3000 at character 5;")]
    [InlineData("patientId", "PT\u1680X", "patientId must not contain spaces other than the ASCII space (U+1680 at")]
    [InlineData("patientId", "PT\u2000\u200aX", "patientId must not contain spaces other than the ASCII space (U+2000 at")]
    [InlineData("patientId", "PT\u202fX", "patientId must not contain spaces other than the ASCII space (U+202F at")]
    [InlineData("patientId", "PT\u205fX", "patientId must not contain spaces other than the ASCII space (U+205F at")]
    [InlineData("dispenseId", "D\u2007-1", "dispenseId must not contain spaces other than the ASCII space (U+2007 at character 2; item ids are compared exactly)")]
    [InlineData("statementId", "S\u00a01", "statementId must not contain spaces other than the ASCII space (U+00A0 at character 2; item ids are compared exactly)")]
    [InlineData("patientId", "PT 9", null)] // the ASCII space stays allowed inside
    [InlineData("dispenseId", "D 1", null)]
    [InlineData("statementId", "S 1", null)]
    public void An_id_with_a_space_other_than_the_ASCII_one_inside_is_refused_naming_the_field(string field, string id, string? expected) =>
        AssertIdRule(field, id, expected);

    [Theory]
    // an invisible or blank code point inside an id shows nothing and is another id (found by an edge probe: each of
    // these was a patient of its own), named by code point and position
    [InlineData("patientId", "PT-C04\u034fX", "patientId must not contain invisible or blank characters (U+034F at character 7: ")]
    [InlineData("patientId", "PT-C10\ufe0fX", "patientId must not contain invisible or blank characters (U+FE0F at character 7: ")]
    [InlineData("patientId", "PT-C07\u3164X", "patientId must not contain invisible or blank characters (U+3164 at character 7: ")]
    [InlineData("patientId", "PT-\u3164-9", "patientId must not contain invisible or blank characters (U+3164 at character 4: ")]
    [InlineData("patientId", "PT-C11\u2800X", "patientId must not contain invisible or blank characters (U+2800 at")]
    [InlineData("patientId", "PT-C12\u1160X", "patientId must not contain invisible or blank characters (U+1160 at")]
    [InlineData("patientId", "PT\u115fX", "patientId must not contain invisible or blank characters (U+115F at")]
    [InlineData("patientId", "PT\uffa0X", "patientId must not contain invisible or blank characters (U+FFA0 at")]
    [InlineData("patientId", "PT\ufe00X", "patientId must not contain invisible or blank characters (U+FE00 at")]
    [InlineData("patientId", "PT\u180bX", "patientId must not contain invisible or blank characters (U+180B at")]
    [InlineData("patientId", "PT\u17b4X", "patientId must not contain invisible or blank characters (U+17B4 at")]
    [InlineData("patientId", "PT\udb40\udd00X", "patientId must not contain invisible or blank characters (U+E0100 at character 3: ")] // VS17
    [InlineData("dispenseId", "D-1\u034f", "dispenseId must not contain invisible or blank characters (U+034F at character 4: ")]
    [InlineData("statementId", "S\ufe0f1", "statementId must not contain invisible or blank characters (U+FE0F at character 2: ")]
    // the default-ignorable format characters were refused before, and still are
    [InlineData("patientId", "PT\u200bX", "patientId must not contain invisible format characters or noncharacters")]
    [InlineData("patientId", "PT\u200fX", "patientId must not contain invisible format characters or noncharacters")]
    [InlineData("patientId", "PT\u2060X", "patientId must not contain invisible format characters or noncharacters")]
    [InlineData("patientId", "PT\u2064X", "patientId must not contain invisible format characters or noncharacters")]
    [InlineData("patientId", "PT\ufeffX", "patientId must not contain invisible format characters or noncharacters")]
    [InlineData("dispenseId", "D\u00ad1", "dispenseId must not contain invisible format characters or noncharacters")]
    // another form of the same text: refused, not normalised
    [InlineData("patientId", "PT-C02-e\u0301", "patientId must be in Unicode normalization form C (NFC: e.g. ")]
    [InlineData("dispenseId", "D-\u212b", "dispenseId must be in Unicode normalization form C")] // the Angstrom sign: NFC is U+00C5
    [InlineData("statementId", "S-A\u030a", "statementId must be in Unicode normalization form C")]
    [InlineData("patientId", "PT-C02-\u00e9", null)] // é precomposed
    [InlineData("patientId", "PT-x\u0301", null)] // NFC keeps a mark with no precomposed form
    [InlineData("patientId", "PT-\u2764X", null)] // a symbol without its variation selector
    [InlineData("dispenseId", "D-\u6797", null)]
    public void An_id_with_an_invisible_or_blank_character_or_not_in_NFC_is_refused_naming_the_field(string field, string id, string? expected) =>
        AssertIdRule(field, id, expected);

    private static void AssertIdRule(string field, string id, string? expected)
    {
        var supplement = field == "statementId";
        var line = supplement
            ? $$$"""{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","statementId":"S-1","reportedAt":"2026-03-01T09:30:00Z","supplement":{"text":"Zinc"}}"""
            : $$$"""{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispenseId":"D-1","dispensedAt":"2026-03-01T09:30:00Z","medication":{"text":"Zoloft"}}""";
        line = line.Replace($"\"{field}\":\"{(field == "patientId" ? "PT-1" : supplement ? "S-1" : "D-1")}\"", $"\"{field}\":\"{id}\"", StringComparison.Ordinal);
        Assert.Contains(id, line, StringComparison.Ordinal);

        Assert.Equal(expected is null, NdjsonEvents.TryParse(line, 1, 30, out var parsed, out var error));

        if (expected is null)
        {
            Assert.Equal(id, field == "patientId" ? parsed!.Change.PatientRef : parsed!.Change.ItemKey);
        }
        else
        {
            Assert.StartsWith("Invalid event: " + expected, error, StringComparison.Ordinal);
            Assert.DoesNotContain(id, error, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Ren\u00e9e-\u6797")]
    [InlineData("PT 9-\u00e9")]
    public void A_patient_id_with_something_visible_is_accepted(string id)
    {
        var line = $$$"""{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"{{{id}}}","dispensedAt":"2026-03-01T09:30:00Z","medication":{"text":"Zoloft"}}""";
        Assert.True(NdjsonEvents.TryParse(line, 1, 30, out _, out var error), error);
    }

    [Fact]
    public void An_invisible_text_beside_a_code_is_no_text_the_code_names_the_product()
    {
        var line = """{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01T09:30:00Z","medication":{"text":"\u200b","rxnorm":"312938"}}""";
        Assert.True(NdjsonEvents.TryParse(line, 1, 30, out var parsed, out var error), error);
        Assert.Equal("RxNorm 312938", parsed!.Change.ProductText);
    }

    [Theory]
    [InlineData("\ud83c\udf3f St John's Wort")]
    [InlineData("\ud83d\udc68\u200d\u2695\ufe0f")]
    [InlineData("\u91d1\u94f6\u82b1")]
    [InlineData("Cafe\u0301ine 200 mg")]
    [InlineData("\ud840\udc0b")]
    public void Visible_text_beyond_ascii_is_accepted_emoji_cjk_and_combining_marks(string text)
    {
        var line = $$$"""{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a02","patientId":"PT-1","reportedAt":"2026-03-05T10:00:00Z","supplement":{"text":"{{{text}}}"}}""";
        Assert.True(NdjsonEvents.TryParse(line, 1, 30, out var parsed, out var error), error);
        Assert.Equal(System.Text.Json.JsonSerializer.Deserialize<string>("\"" + text + "\""), parsed!.Change.ProductText);
    }

    [Fact]
    public void A_stopped_statement_without_stoppedOn_stops_at_reportedAt()
    {
        var line = """{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a02","patientId":"PT-1","reportedAt":"2026-03-05T10:00:00Z","status":"stopped","supplement":{"text":"5-HTP"}}""";
        Assert.True(NdjsonEvents.TryParse(line, 1, 30, out var parsed, out var error), error);
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 10, 0, 0, TimeSpan.Zero), parsed!.Change.StoppedAt);
        Assert.True(parsed.Change.StartInferred);
    }

    [Theory]
    // found by a newcomer probe: a typo in a line's type got no hint, where verbs and configuration keys get one
    [InlineData("medication-dispensd", "medication-dispensed")]
    [InlineData("Medication-Dispensed", "medication-dispensed")]
    [InlineData("suplement-reported", "supplement-reported")]
    [InlineData("supplement_reported", "supplement-reported")]
    public void A_type_close_to_one_gets_did_you_mean_naming_only_the_type(string typed, string suggested)
    {
        var line = $$$"""{"type":"{{{typed}}}","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01T00:00:00Z","medication":{"text":"x"}}""";

        Assert.False(NdjsonEvents.TryParse(line, 1, 30, out _, out var error));
        Assert.Equal($"Invalid event: type must be \"medication-dispensed\" or \"supplement-reported\"; did you mean \"{suggested}\"?", error);
    }

    [Theory]
    // not close to a type: it may be any text, and is never shown
    [InlineData("St John's wort 300 mg")]
    [InlineData("dispensed")]
    [InlineData("medication")]
    [InlineData("")]
    [InlineData("medication-dispensed medication-dispensed medication-dispensed")]
    public void A_type_not_close_to_one_gets_no_suggestion_and_is_not_shown(string typed)
    {
        var line = $$"""{"type":"{{typed}}","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01"}""";

        Assert.False(NdjsonEvents.TryParse(line, 1, 30, out _, out var error));
        Assert.Equal("Invalid event: type must be \"medication-dispensed\" or \"supplement-reported\"", error);
    }

    [Theory]
    [InlineData("""{"type":"something-else"}""", "type must be")]
    [InlineData("""{"type":"medication-dispensed\ud800","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01T00:00:00Z","medication":{"text":"x"}}""", "type must be \"medication-dispensed\" or \"supplement-reported\"")]
    [InlineData("""{"type":"\udc00","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01"}""", "type must be \"medication-dispensed\" or \"supplement-reported\"")]
    // probe-edge15 L2: a missing type is named as missing, as the broker's reasons name a missing field
    [InlineData("""{"eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01T00:00:00Z","medication":{"text":"x"}}""", "type is required (\"medication-dispensed\" or \"supplement-reported\"")]
    [InlineData("""{"type":null,"eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01"}""", "type must be \"medication-dispensed\" or \"supplement-reported\"")]
    [InlineData("""[1,2]""", "not a JSON object")]
    [InlineData("""{"type":"medication-dispensed",""", "not valid JSON")]
    [InlineData("""{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01","medication":{"text":"x"}}""", "dispensedAt")]
    [InlineData("""{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01T00:00:00Z","medication":{"text":"x"},"daysSupply":0}""", "daysSupply")]
    [InlineData("""{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","reportedAt":"2026-03-01T00:00:00Z","supplement":{"text":"x"},"startedOn":"2026-03-02","stoppedOn":"2026-03-01"}""", "stoppedOn")]
    [InlineData("""{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","reportedAt":"2026-03-01T00:00:00Z","supplement":{"text":"x"},"source":"neighbour"}""", "source")]
    // present but year 1: out of range, not "required" (the earliest instant is also .NET's default value)
    [InlineData("""{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","reportedAt":"0001-01-01T00:00:00Z","supplement":{"text":"x"}}""", "reportedAt is out of range (years 1900 to 2200)")]
    [InlineData("""{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"0001-01-01T00:00:00Z","medication":{"text":"x"},"daysSupply":30}""", "dispensedAt is out of range (years 1900 to 2200)")]
    [InlineData("""{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","reportedAt":"2026-03-01T00:00:00Z","supplement":{"text":"x"},"startedOn":"0001-01-01"}""", "startedOn is out of range (years 1900 to 2200)")]
    [InlineData("""{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","reportedAt":"2026-03-01T00:00:00Z","supplement":{"text":"x"},"startedOn":"9999-12-31"}""", "startedOn is out of range (years 1900 to 2200)")]
    [InlineData("""{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","reportedAt":"2026-03-01T00:00:00Z","supplement":{"text":"x"},"status":"stopped","stoppedOn":"9999-12-31"}""", "stoppedOn is out of range (years 1900 to 2200)")]
    [InlineData("""{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","reportedAt":"2026-03-01T00:00:00Z","supplement":{"text":"x"},"startedOn":"1899-12-31"}""", "startedOn is out of range (years 1900 to 2200)")]
    [InlineData("""{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01T00:00:00Z","medication":{"text":"\u200b"}}""", "medication.text must contain visible text")]
    // bidirectional controls reorder what is shown: refused anywhere in a text (alone, there is nothing visible)
    [InlineData("""{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01T00:00:00Z","medication":{"text":"\u202e \u202c"}}""", "medication.text must contain visible text")]
    [InlineData("""{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01T00:00:00Z","medication":{"text":"Zoloft \u202egm 05"}}""", "medication.text must not contain bidirectional control characters (U+202E at character 8)")]
    [InlineData("""{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","reportedAt":"2026-03-01T00:00:00Z","supplement":{"text":"5-HTP\u2028100 mg"}}""", "supplement.text must not contain line or paragraph separators (U+2028 at character 6)")]
    // characters that render blank: a text of them alone has nothing to see
    [InlineData("""{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01T00:00:00Z","medication":{"text":"\u3164"}}""", "medication.text must contain visible text")]
    [InlineData("""{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01T00:00:00Z","medication":{"text":"\u2800 \uffa0"}}""", "medication.text must contain visible text")]
    [InlineData("""{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","reportedAt":"2026-03-01T00:00:00Z","supplement":{"text":"\u034f\ufe0f"}}""", "supplement.text must contain visible text")]
    [InlineData("""{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","reportedAt":"2026-03-01T00:00:00Z","supplement":{"text":"\ufeff\u2060"}}""", "supplement.text must contain visible text")]
    [InlineData("""{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","reportedAt":"2026-03-01T00:00:00Z","supplement":{"text":"\udb40\udc01"}}""", "supplement.text must contain visible text")]
    [InlineData("""{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","reportedAt":"2026-03-01T00:00:00Z","supplement":{"text":"\udb40\udc41\udb40\udc42"}}""", "supplement.text must contain visible text")]
    [InlineData("""{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01T00:00:00Z","medication":{"text":"\ufffe\uffff"}}""", "medication.text must contain visible text")]
    [InlineData("""{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01T00:00:00Z","medication":{"text":"\ufdd0 \udbff\udfff"}}""", "medication.text must contain visible text")]
    [InlineData("""{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1-TAG\udb40\udc41","dispensedAt":"2026-03-01T00:00:00Z","medication":{"text":"x"}}""", "patientId must not contain invisible format characters")]
    [InlineData("""{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1-\uffff","dispensedAt":"2026-03-01T00:00:00Z","medication":{"text":"x"}}""", "patientId must not contain invisible format characters or noncharacters")]
    // a code field of the wrong JSON type names its codes, not a free text's length (found by an edge probe)
    [InlineData("""{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01T00:00:00Z","medication":{"text":"x"},"status":5}""", "status must be a string, one of completed, entered-in-error, cancelled, declined (was a number)")]
    [InlineData("""{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","reportedAt":"2026-03-01T00:00:00Z","supplement":{"text":"x"},"source":[]}""", "source must be a string, one of patient, care-team, pharmacist (was an array)")]
    public void A_bad_line_is_rejected_with_a_reason_naming_the_problem(string line, string expected)
    {
        Assert.False(NdjsonEvents.TryParse(line, 3, 30, out var parsed, out var error));
        Assert.Null(parsed);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.StartsWith("Invalid event: ", error, StringComparison.Ordinal); // every reason, as on the broker
        Assert.DoesNotContain("PT-1", error, StringComparison.Ordinal);
    }

    [Theory]
    // an empty or whitespace text is present: it says what the docs say, not "is required" (found by an edge probe)
    [InlineData("\"\"", "supplement.text must contain visible text (it has only whitespace")]
    [InlineData("\"   \"", "supplement.text must contain visible text (it has only whitespace")]
    [InlineData("null", "supplement.text is required")]
    public void An_empty_or_whitespace_text_must_contain_visible_text(string text, string expected)
    {
        var line = """{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","reportedAt":"2026-03-01T00:00:00Z","supplement":{"text":TEXT}}""".Replace("TEXT", text, StringComparison.Ordinal);

        Assert.False(NdjsonEvents.TryParse(line, 3, 30, out _, out var error));

        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dispense_without_text_or_code_says_a_code_would_also_do()
    {
        // medication: {} said only "medication.text is required" (found by an edge probe)
        const string line = """{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01T00:00:00Z","medication":{}}""";

        Assert.False(NdjsonEvents.TryParse(line, 3, 30, out _, out var error));

        Assert.Contains("medication.text is required unless medication.rxnorm or medication.ndc is given", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_length_limit_says_it_counts_utf16_code_units_when_an_emoji_counts_as_two()
    {
        // SQL Server's nvarchar(n) counts UTF-16 code units, so the limits do too; until 2026-12-05 the reason said "(was
        // 608)" of 308 characters as if it counted characters (found by an edge probe)
        var emoji = string.Concat(Enumerable.Repeat("\U0001F600", 300));
        var text = """{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","reportedAt":"2026-03-01T00:00:00Z","supplement":{"text":"ginseng EMOJI"}}""".Replace("EMOJI", emoji, StringComparison.Ordinal);
        Assert.False(NdjsonEvents.TryParse(text, 3, 30, out _, out var error));
        Assert.Contains("supplement.text must be at most 500 characters (was 608 UTF-16 code units: an emoji or other character beyond U+FFFF counts as two)", error, StringComparison.Ordinal);

        var id = """{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"ID","reportedAt":"2026-03-01T00:00:00Z","supplement":{"text":"ginseng"}}""".Replace("ID", string.Concat(Enumerable.Repeat("\U0001F600", 40)), StringComparison.Ordinal);
        Assert.False(NdjsonEvents.TryParse(id, 3, 30, out _, out error));
        Assert.Contains("patientId must be 1-64 characters (was 80 UTF-16 code units: an emoji or other character beyond U+FFFF counts as two)", error, StringComparison.Ordinal);

        // without such a character the reason stays as it was
        var plain = text.Replace(emoji, new string('x', 600), StringComparison.Ordinal);
        Assert.False(NdjsonEvents.TryParse(plain, 3, 30, out _, out error));
        Assert.Contains("supplement.text must be at most 500 characters (was 608)", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0001-01-01")]
    [InlineData("1899-12-31")]
    public void A_stop_date_out_of_range_is_one_reason_not_also_an_order_problem(string stoppedOn)
    {
        // the whole-event checks (stoppedOn after startedOn) run once every field has its form
        var line = $$$"""{"type":"supplement-reported","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","reportedAt":"2026-03-01T00:00:00Z","supplement":{"text":"x"},"startedOn":"2026-10-15","status":"stopped","stoppedOn":"{{{stoppedOn}}}"}""";
        Assert.False(NdjsonEvents.TryParse(line, 3, 30, out _, out var error));
        Assert.Contains("stoppedOn is out of range (years 1900 to 2200)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("must not be before", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\0not-utf8:PT-1 takes Zoloft 50 mg and St Johns Wort")]
    [InlineData("\0not-utf8:\u001b[31mRED PT-1 \u001b]0;pwned\u0007")]
    public async Task A_line_that_looks_like_the_readers_own_reason_is_only_a_line_that_is_not_json(string forged)
    {
        // the demo's reader (and evaluate's and replay's, line by line): nothing a line says becomes a reason
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, forged + "\n", TestContext.Current.CancellationToken);
            var (events, errors, _) = await NdjsonEvents.ReadFileAsync(file, 30, TestContext.Current.CancellationToken);
            Assert.Empty(events);
            var (number, reason) = Assert.Single(errors);
            Assert.Equal(1, number);
            Assert.StartsWith("Invalid event: line is not valid JSON (position 0;", reason, StringComparison.Ordinal);
            Assert.DoesNotContain("PT-1", reason, StringComparison.Ordinal);
            Assert.DoesNotContain("\u001b", reason, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    // what JavaScript's and Python's serialisers write for a number they do not have (found by an edge probe: the
    // reason gave a position only)
    [InlineData("\"quantity\":NaN", true)]
    [InlineData("\"quantity\":Infinity", true)]
    [InlineData("\"quantity\":-Infinity", true)]
    [InlineData("\"daysSupply\": NaN,\"quantity\":1", true)]
    [InlineData("\"quantity\":0x1A", false)]
    [InlineData("\"quantity\":Nope", false)]
    public void NaN_or_Infinity_in_a_line_is_named_as_no_json_number_keeping_the_position(string quantity, bool hinted)
    {
        var line = """{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01T09:30:00Z","medication":{"text":"Zoloft"},QUANTITY}"""
            .Replace("QUANTITY", quantity, StringComparison.Ordinal);

        Assert.False(NdjsonEvents.TryParse(line, 1, 30, out _, out var error));

        Assert.StartsWith("Invalid event: line is not valid JSON (position ", error, StringComparison.Ordinal);
        Assert.Equal(hinted, error!.EndsWith("; NaN, Infinity and -Infinity are not JSON numbers: leave the field out or send null", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("\r", true)] // classic Mac line ends: the whole file is one line
    [InlineData("\r\n", false)]
    [InlineData("\n", false)]
    public async Task A_file_whose_lines_end_in_CR_alone_is_named_as_such(string lineEnd, bool oneLine)
    {
        const string Dispense = """{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01T09:30:00Z","medication":{"text":"Zoloft 50 mg tablet"}}""";
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, Dispense + lineEnd + Dispense.Replace("3f0a1a01", "3f0a1a02", StringComparison.Ordinal) + lineEnd, TestContext.Current.CancellationToken);
            var (events, errors, _) = await NdjsonEvents.ReadFileAsync(file, 30, TestContext.Current.CancellationToken);
            if (oneLine)
            {
                var (number, reason) = Assert.Single(errors);
                Assert.Equal(1, number);
                Assert.StartsWith("Invalid event: line is not valid JSON (position ", reason, StringComparison.Ordinal);
                Assert.EndsWith(NdjsonEvents.CrAloneHint, reason, StringComparison.Ordinal);
            }
            else
            {
                Assert.Empty(errors);
                Assert.Equal(2, events.Count);
            }
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_byte_order_mark_is_skipped_at_the_start_of_the_file_and_named_at_the_start_of_a_later_line()
    {
        // two files joined with their BOMs: the first is the file's, the second starts line 2
        const string Dispense = """{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01T09:30:00Z","medication":{"text":"Zoloft 50 mg tablet"}}""";
        byte[] bom = [0xEF, 0xBB, 0xBF];
        var line = System.Text.Encoding.UTF8.GetBytes(Dispense + "\n");
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllBytesAsync(file, [.. bom, .. line, .. bom, .. System.Text.Encoding.UTF8.GetBytes(Dispense.Replace("3f0a1a01", "3f0a1a02", StringComparison.Ordinal) + "\n")],
                TestContext.Current.CancellationToken);
            var (events, errors, _) = await NdjsonEvents.ReadFileAsync(file, 30, TestContext.Current.CancellationToken);
            Assert.Equal([1], events.Select(e => e.LineNumber));
            var (number, reason) = Assert.Single(errors);
            Assert.Equal(2, number);
            Assert.Equal("Invalid event: line starts with a byte order mark (U+FEFF; one is allowed only at the start of the file: remove it)", reason);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_line_longer_than_the_brokers_limit_is_refused_and_the_lines_after_it_are_read()
    {
        const string Dispense = """{"type":"medication-dispensed","eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-1","dispensedAt":"2026-03-01T09:30:00Z","medication":{"text":"Zoloft 50 mg tablet"}}""";
        var padded = Dispense.Replace("}}", "},\"padding\":\"" + new string('x', NdjsonEvents.MaxLineBytes) + "\"}", StringComparison.Ordinal);
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(file, [Dispense, padded, Dispense.Replace("3f0a1a01", "3f0a1a02", StringComparison.Ordinal)], TestContext.Current.CancellationToken);
            var (events, errors, _) = await NdjsonEvents.ReadFileAsync(file, 30, TestContext.Current.CancellationToken);
            Assert.Equal([1, 3], events.Select(e => e.LineNumber));
            var (number, reason) = Assert.Single(errors);
            Assert.Equal(2, number);
            Assert.Equal("Invalid event: longer than 65536 bytes (one event is at most 64 KiB, as on the broker)", reason);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task The_bundled_samples_are_all_valid()
    {
        foreach (var file in Directory.GetFiles(RepositoryFiles.Path("samples"), "*.ndjson"))
        {
            var (events, errors, _) = await NdjsonEvents.ReadFileAsync(file, 30, TestContext.Current.CancellationToken);
            Assert.Empty(errors);
            Assert.NotEmpty(events);
        }
    }
}
