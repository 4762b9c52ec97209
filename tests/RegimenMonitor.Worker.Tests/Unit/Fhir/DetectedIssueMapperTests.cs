using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Fhir;
using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Tests.Unit.Fhir;

/// <summary>
/// Alerts as FHIR R4 DetectedIssues: the mapping, read back with Firely's strict R4 deserializer, and written exactly as
/// Firely writes the same resource (element order, escaping, date forms).
/// </summary>
public sealed class DetectedIssueMapperTests
{
    private static readonly Guid AlertId = new("0193a5f2-7c41-7b2e-9d10-5e8f6a1b2c3d");

    private static RegimenAlertRaised Alert(string severity = "contraindicated", string status = "active", string patientId = "PT-a1") => new()
    {
        AlertId = AlertId,
        PatientId = patientId,
        Status = status,
        Concern = "serotonergic-contraindicated",
        Severity = severity,
        Title = "MAO inhibitor combined with a serotonergic or sympathomimetic agent",
        Detail = "Phenelzine (since 2026-11-01) with sertraline (since 2026-11-16): MAO-A inhibition plus serotonin reuptake inhibition.",
        Recommendation = "Do not combine.",
        Involves =
        [
            new AlertInvolvement { Ingredient = "phenelzine", Kind = "medication", ProductText = "Nardil 15 mg tablet", SourceEventId = "8f0c2a8e-8b0e-5f7e-9a51-3c2f7e6d1a90" },
            new AlertInvolvement { Ingredient = "st-johns-wort", Kind = "supplement", ProductText = "St. John's Wort 300 mg" },
        ],
        RuleId = "SER-01",
        RuleSetVersion = "2026.11.1",
        Evidence = [new AlertEvidence { Grade = "E1", Citation = "FDA Drug Safety Communication 2011" }],
        RaisedAt = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.Zero),
    };

    /// <summary>
    /// Reads the JSON back with the strict R4 deserializer (cardinality, required codes, unknown elements) and checks that
    /// Firely writes the resource it read to the same text.
    /// </summary>
    private static DetectedIssue RoundTrip(string json)
    {
        var issue = (DetectedIssue)FhirJsonDeserializer.STRICT.DeserializeResource(json);
        Assert.Equal(json, issue.ToJson());
        return issue;
    }

    [Fact]
    public void An_active_alert_is_a_final_detected_issue_that_survives_strict_r4_deserialisation()
    {
        var back = RoundTrip(DetectedIssueMapper.Map(Alert()));

        Assert.Equal(AlertId.ToString(), back.Id);
        Assert.Equal("urn:uuid:" + AlertId, Assert.Single(back.Identifier).Value);
        Assert.Equal(ObservationStatus.Final, back.Status);
        Assert.Equal(DetectedIssue.DetectedIssueSeverity.High, back.Severity);
        Assert.Equal("Patient/PT-a1", back.Patient!.Reference);
        Assert.Contains(back.Code!.Coding, c => c.System == "http://terminology.hl7.org/CodeSystem/v3-ActCode" && c.Code == "DRG");
        Assert.Contains(back.Code!.Coding, c => c.System == DetectedIssueMapper.ConcernSystem && c.Code == "serotonergic-contraindicated");
        Assert.Contains(back.Code!.Coding, c => c.System == DetectedIssueMapper.RuleSystem && c.Code == "SER-01" && c.Version == "2026.11.1");
        Assert.Equal("urn:regimen-monitor:rule:SER-01", back.Reference);
        Assert.Equal("2026-11-21T09:00:00+00:00", Assert.IsType<FhirDateTime>(back.Identified).Value);
        Assert.Equal(["MedicationDispense", "MedicationStatement"], back.Implicated.Select(i => i.Type));
        Assert.Equal("urn:uuid:8f0c2a8e-8b0e-5f7e-9a51-3c2f7e6d1a90", back.Implicated[0].Identifier!.Value);
        Assert.Equal("E1", Assert.Single(Assert.Single(back.Evidence).Code).Coding[0].Code);
        Assert.Contains("Do not combine.", back.Detail, StringComparison.Ordinal);
        Assert.Empty(back.Mitigation);
    }

    [Theory]
    [InlineData("contraindicated", DetectedIssue.DetectedIssueSeverity.High)]
    [InlineData("major", DetectedIssue.DetectedIssueSeverity.High)]
    [InlineData("moderate", DetectedIssue.DetectedIssueSeverity.Moderate)]
    [InlineData("info", DetectedIssue.DetectedIssueSeverity.Low)]
    public void Severity_maps_to_high_moderate_or_low_and_the_alerts_own_is_in_an_extension(string severity, DetectedIssue.DetectedIssueSeverity expected)
    {
        var back = RoundTrip(DetectedIssueMapper.Map(Alert(severity)));
        Assert.Equal(expected, back.Severity);
        // contraindicated and major are both high in R4: the extension tells them apart
        Assert.Equal(severity, Assert.IsType<Code>(back.GetExtension(DetectedIssueMapper.SeverityExtension)?.Value).Value);
    }

    [Fact]
    public void A_resolved_alert_with_acknowledgements_is_cancelled_with_its_mitigations()
    {
        var acknowledgements = new[]
        {
            new AlertAcknowledgement { AlertId = AlertId, Outcome = "overridden", Reason = "benefit outweighs risk", AcknowledgedBy = "dr.kim", AcknowledgedAt = new DateTimeOffset(2026, 11, 21, 11, 0, 0, TimeSpan.Zero) },
            new AlertAcknowledgement { AlertId = AlertId, Outcome = "accepted", AcknowledgedBy = "nurse.lee", AcknowledgedAt = new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero) },
        };

        var back = RoundTrip(DetectedIssueMapper.Map(Alert(status: "resolved"), acknowledgements));

        Assert.Equal(ObservationStatus.Cancelled, back.Status);
        Assert.Equal(["accepted", "overridden"], back.Mitigation.Select(m => m.Action!.Coding[0].Code));
        Assert.Equal("overridden: benefit outweighs risk", back.Mitigation[1].Action!.Text);
        Assert.Equal("nurse.lee", back.Mitigation[0].Author!.Display);
        Assert.Equal(new FhirDateTime(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.Zero)).Value, back.Mitigation[0].Date);
    }

    [Theory]
    [InlineData(0L, 0)]
    [InlineData(1_234_567L, -300)]
    [InlineData(5_000_000L, 345)]
    public void Times_keep_their_fraction_and_offset_and_texts_every_character(long ticks, int offsetMinutes)
    {
        const string text = "Tït<le> & \"q\" \\ / \n\t 💊 \u2028 \u0001";
        var raised = new DateTimeOffset(2026, 11, 21, 9, 0, 0, TimeSpan.FromMinutes(offsetMinutes)).AddTicks(ticks);
        var acknowledged = raised.AddMinutes(5);
        var alert = Alert() with
        {
            Title = text,
            RaisedAt = raised,
            Involves = [new AlertInvolvement { Ingredient = "sertraline", Kind = "medication", ProductText = text }],
        };

        AlertAcknowledgement[] acknowledgements = [new AlertAcknowledgement { AlertId = AlertId, Outcome = "accepted", Reason = text, AcknowledgedBy = text, AcknowledgedAt = acknowledged }];
        var json = DetectedIssueMapper.Map(alert, acknowledgements);
        var back = RoundTrip(json);

        // the message body is the same document, written straight to UTF-8 (non-BMP and control characters included)
        Assert.Equal(System.Text.Encoding.UTF8.GetBytes(json), DetectedIssueMapper.MapUtf8(alert, acknowledgements).ToArray());

        Assert.Equal(new FhirDateTime(raised).Value, Assert.IsType<FhirDateTime>(back.Identified).Value);
        Assert.Equal(raised, Assert.IsType<FhirDateTime>(back.Identified).ToDateTimeOffset(TimeSpan.Zero));
        Assert.Equal(new FhirDateTime(acknowledged).Value, back.Mitigation[0].Date);
        Assert.Equal(text, back.Code!.Text);
        Assert.StartsWith(text + ". ", back.Detail, StringComparison.Ordinal);
        Assert.Equal(text + " (sertraline)", Assert.Single(back.Implicated).Display);
        Assert.Equal(text, back.Mitigation[0].Author!.Display);
        Assert.Equal("accepted: " + text, back.Mitigation[0].Action!.Text);
        Assert.Null(Assert.Single(back.Implicated).Identifier);
    }

    [Theory]
    [InlineData("urn:oid:2.16.840.1.113883.4.1|1001", "urn:oid:2.16.840.1.113883.4.1", "1001")]
    [InlineData("urn:a%7Cb|7", "urn:a|b", "7")]
    [InlineData("sha256:f35a1ea1bd048ef4|1001", null, "sha256:f35a1ea1bd048ef4|1001")] // the system is not known any more
    [InlineData("|urn:mrn|1001", null, "|urn:mrn|1001")]
    public void A_patient_id_made_from_an_identifier_gives_back_its_system_and_value(string patientId, string? system, string value)
    {
        var back = RoundTrip(DetectedIssueMapper.Map(Alert(patientId: patientId)));

        Assert.Null(back.Patient!.Reference);
        Assert.Equal((system, value), (back.Patient!.Identifier!.System, back.Patient!.Identifier!.Value));
    }

    [Fact]
    public void A_patient_id_that_is_not_a_fhir_id_is_referenced_by_identifier()
    {
        var back = RoundTrip(DetectedIssueMapper.Map(Alert(patientId: "MRN 12/34")));

        Assert.Null(back.Patient!.Reference);
        Assert.Equal("Patient", back.Patient!.Type);
        Assert.Equal("MRN 12/34", back.Patient!.Identifier!.Value);
    }

    [Fact]
    public void A_bundle_of_detected_issues_survives_strict_r4_deserialisation()
    {
        var json = DetectedIssueMapper.Collection([Alert(), Alert("moderate") with { AlertId = Guid.NewGuid() }], new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));

        var back = (Bundle)FhirJsonDeserializer.STRICT.DeserializeResource(json);

        Assert.Equal(json, back.ToJson(pretty: true));
        Assert.Equal(2, back.Entry.Count);
        Assert.Equal(Bundle.BundleType.Collection, back.Type);
        Assert.All(back.Entry, e => Assert.IsType<DetectedIssue>(e.Resource));
    }
    [Fact]
    public void An_alert_with_unchecked_products_carries_them_in_an_extension_and_in_detail()
    {
        var alert = Alert() with { Unchecked = ["Grandma's bitter tonic", "Herbal mix \"B\"", "Grandma's bitter tonic"] };

        var back = RoundTrip(DetectedIssueMapper.Map(alert));

        Assert.Equal(["Grandma's bitter tonic", "Herbal mix \"B\""],
            back.Extension.Where(e => e.Url == DetectedIssueMapper.UncheckedProductExtension).Select(e => Assert.IsType<FhirString>(e.Value).Value));
        Assert.EndsWith(" Not checked (not recognised, so not checked for this or any other interaction): Grandma's bitter tonic; Herbal mix \"B\".", back.Detail, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(back.Detail!, "Grandma's bitter tonic"));
    }

    [Fact]
    public void An_alert_without_unchecked_products_has_no_unchecked_extension_and_the_same_detail()
    {
        var back = RoundTrip(DetectedIssueMapper.Map(Alert() with { Unchecked = [] }));

        Assert.Equal([DetectedIssueMapper.SeverityExtension], back.Extension.Select(e => e.Url));
        Assert.EndsWith("What to do: Do not combine.", back.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Implicated_carries_the_senders_dispense_or_statement_id_beside_the_event_id()
    {
        var alert = Alert() with
        {
            Involves =
            [
                new AlertInvolvement { Ingredient = "phenelzine", Kind = "medication", ProductText = "Nardil 15 mg tablet", SourceEventId = "8f0c2a8e-8b0e-5f7e-9a51-3c2f7e6d1a90", ItemId = "RX-T1A" },
                new AlertInvolvement { Ingredient = "sertraline", Kind = "medication", ProductText = "Zoloft 50 mg", SourceEventId = "9f0c2a8e-8b0e-5f7e-9a51-3c2f7e6d1a90", ItemId = "MedicationDispense/t1a" },
                new AlertInvolvement { Ingredient = "st-johns-wort", Kind = "supplement", ProductText = "St. John's Wort 300 mg", ItemId = "MedicationStatement/s-1" },
                new AlertInvolvement { Ingredient = "tramadol", Kind = "medication", ProductText = "Tramadol 50 mg", ItemId = RegimenMonitor.Rules.HistoryCompaction.SyntheticIdPrefix + "tramadol:1" },
            ],
        };

        var implicated = RoundTrip(DetectedIssueMapper.Map(alert)).Implicated;

        // a business identifier: in the extension and the display; the event id stays in identifier
        var byIdentifier = implicated[0];
        Assert.Null(byIdentifier.Reference);
        Assert.Equal("urn:uuid:8f0c2a8e-8b0e-5f7e-9a51-3c2f7e6d1a90", byIdentifier.Identifier!.Value);
        var senders = Assert.IsType<Identifier>(Assert.Single(byIdentifier.Extension, e => e.Url == DetectedIssueMapper.ItemIdExtension).Value);
        Assert.Equal((DetectedIssueMapper.DispenseIdSystem, "RX-T1A"), (senders.System, senders.Value));
        Assert.Equal("Nardil 15 mg tablet (phenelzine; dispenseId RX-T1A)", byIdentifier.Display);

        // an item keyed by the FHIR resource's id: a literal reference to it
        Assert.Equal("MedicationDispense/t1a", implicated[1].Reference);
        Assert.Equal("urn:uuid:9f0c2a8e-8b0e-5f7e-9a51-3c2f7e6d1a90", implicated[1].Identifier!.Value);
        Assert.Equal("MedicationStatement/s-1", implicated[2].Reference);
        Assert.Equal("MedicationStatement", implicated[2].Type);
        Assert.Equal(DetectedIssueMapper.StatementIdSystem, Assert.IsType<Identifier>(Assert.Single(implicated[2].Extension).Value).System);
        Assert.Equal("St. John's Wort 300 mg (st-johns-wort; statementId MedicationStatement/s-1)", implicated[2].Display);

        // a key of our own (compacted history) is not the sender's
        Assert.Empty(implicated[3].Extension);
        Assert.Null(implicated[3].Reference);
        Assert.Equal("Tramadol 50 mg (tramadol)", implicated[3].Display);
    }

    [Fact]
    public void A_bundle_with_unchecked_products_ends_with_an_operation_outcome_naming_each_once()
    {
        var outcomeId = Guid.NewGuid();
        var json = DetectedIssueMapper.Collection([], new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero),
            ["Grandma's bitter tonic", "Mystery tea", "Grandma's bitter tonic"], outcomeId);

        var back = (Bundle)FhirJsonDeserializer.STRICT.DeserializeResource(json);

        Assert.Equal(json, back.ToJson(pretty: true));
        var entry = Assert.Single(back.Entry);
        Assert.Equal("urn:uuid:" + outcomeId, entry.FullUrl);
        var outcome = Assert.IsType<OperationOutcome>(entry.Resource);
        Assert.Equal(2, outcome.Issue.Count);
        Assert.All(outcome.Issue, i => Assert.Equal((OperationOutcome.IssueSeverity.Warning, OperationOutcome.IssueType.Incomplete), (i.Severity, i.Code)));
        Assert.Contains("\"Grandma's bitter tonic\" was not recognised, so it was not checked", outcome.Issue[0].Details!.Text, StringComparison.Ordinal);
        Assert.Contains("\"Mystery tea\"", outcome.Issue[1].Details!.Text, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(json, "Grandma's bitter tonic"));
    }
}
