using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Json.Schema;
using RegimenMonitor.Contracts;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Regimens;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Unit;

/// <summary>
/// The JSON Schemas of the native wire contract (docs/schema/) against the code: the samples and the README's examples
/// are valid, the schemas name exactly the contract types' properties and require exactly what the worker's own
/// validation (EventContract, EventMapper, AcknowledgementRecorder) requires, an alert the production composer writes is
/// valid against the alert schema, and what the worker refuses for a missing field or a wrong type the schema refuses
/// too. Asked for by a newcomer probe (a non-.NET integrator had to gather required fields and enumerations from prose).
/// </summary>
public sealed class WireSchemaTests
{
    private const string Ack = EventContract.AcknowledgedType;
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    private static readonly Dictionary<string, string> SchemaFiles = new(StringComparer.Ordinal)
    {
        [EventContract.DispensedType] = "medication-dispensed",
        [EventContract.SupplementType] = "supplement-reported",
        [Ack] = "alert-acknowledged",
        ["alert"] = "regimen-alert",
    };

    /// <summary>One event of each type with every field of the contract, valid for the worker.</summary>
    private static readonly Dictionary<string, string> Complete = new(StringComparer.Ordinal)
    {
        [EventContract.DispensedType] = """
            {"eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-2","dispenseId":"D-1001","status":"completed",
             "dispensedAt":"2026-11-01T09:30:00-05:00","medication":{"text":"Zoloft 50 mg tablet","rxnorm":"312938","ndc":"0049-4960-30","atc":"N06AB06"},
             "daysSupply":30,"quantity":30,"dosageText":"1 tablet daily","pharmacyId":"PH-3","prescriptionId":"RX-88"}
            """,
        [EventContract.SupplementType] = """
            {"eventId":"b0d7fd37-fc73-5a76-b60d-dd9e24f17e85","patientId":"PT-2","statementId":"S-1","status":"stopped",
             "reportedAt":"2026-11-19T14:15:00-05:00","supplement":{"text":"St. John's Wort 300 mg capsule","atc":"N06AX25"},
             "startedOn":"2026-10-15","stoppedOn":"2026-11-18","source":"care-team"}
            """,
        [Ack] = """
            {"eventId":"7b0c5d1e-2f3a-4b5c-8d6e-7f8091a2b3c4","alertId":"3f1c2a9e-5b7d-4e21-9a0c-6d2f8e4b1a77","acknowledgedBy":"nurse.lee",
             "acknowledgedAt":"2026-11-21T10:05:00Z","outcome":"overridden","reason":"reviewed with prescriber"}
            """,
    };

    private static readonly Lazy<Dictionary<string, JsonSchema>> Schemas = new(() =>
        SchemaFiles.ToDictionary(f => f.Key, f => JsonSchema.FromText(SchemaText(f.Value)), StringComparer.Ordinal));

    [Fact]
    public void Every_schema_is_a_valid_draft_2020_12_schema()
    {
        foreach (var file in SchemaFiles.Values)
        {
            var text = SchemaText(file);
            Assert.Equal("https://json-schema.org/draft/2020-12/schema", JsonNode.Parse(text)!["$schema"]!.GetValue<string>());
            var result = MetaSchemas.Draft202012.Evaluate(JsonNode.Parse(text), Options());
            Assert.True(result.IsValid, $"{file}: {Errors(result)}");
        }
    }

    [Fact]
    public void Every_sample_event_is_valid_against_its_schema_and_for_the_worker()
    {
        var files = Directory.GetFiles(RepositoryFiles.Path("samples"), "*.ndjson", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        var count = 0;
        foreach (var file in files)
        {
            foreach (var (line, number) in File.ReadLines(file).Select((l, i) => (l, i + 1)).Where(l => l.l.Length > 0))
            {
                var type = JsonNode.Parse(line)!["type"]!.GetValue<string>();
                var result = Validate(type, line);
                Assert.True(result.IsValid, $"{Path.GetFileName(file)}:{number}: {Errors(result)}");
                Assert.Null(WorkerRefusal(type, line));
                count++;
            }
        }

        Assert.True(count > 30, $"only {count} sample events");
    }

    [Fact]
    public void The_readme_examples_are_valid_against_the_schemas()
    {
        var checkedKinds = new List<string>();
        foreach (var block in ReadmeJson.Blocks())
        {
            var root = JsonNode.Parse(block)!.AsObject();
            var type = root.ContainsKey("acknowledgedBy") ? Ack : root.ContainsKey("ruleId") ? "alert" : null;
            if (type is not null)
            {
                var result = Validate(type, block);
                Assert.True(result.IsValid, $"README {type} example: {Errors(result)}");
                checkedKinds.Add(type);
            }
        }

        foreach (var payload in ReadmeJson.Payloads())
        {
            var root = JsonNode.Parse(payload)!.AsObject();
            if (root.ContainsKey("resourceType"))
            {
                continue; // FHIR, docs/fhir.md
            }

            var type = root.ContainsKey("acknowledgedBy") ? Ack
                : root.ContainsKey("supplement") ? EventContract.SupplementType
                : EventContract.DispensedType;
            var result = Validate(type, payload);
            Assert.True(result.IsValid, $"README {type} payload: {Errors(result)}");
            checkedKinds.Add(type);
        }

        Assert.Contains(Ack, checkedKinds);
        Assert.Contains("alert", checkedKinds);
        Assert.Contains(EventContract.DispensedType, checkedKinds);
    }

    [Fact]
    public void The_schemas_name_exactly_the_contract_types_properties()
    {
        AssertSameNames(EventContract.DispensedType, "", typeof(MedicationDispensed));
        AssertSameNames(EventContract.DispensedType, "/properties/medication", typeof(MedicationProduct));
        AssertSameNames(EventContract.SupplementType, "", typeof(SupplementReported));
        AssertSameNames(EventContract.SupplementType, "/properties/supplement", typeof(SupplementProduct));
        AssertSameNames(Ack, "", typeof(AlertAcknowledged));
        AssertSameNames("alert", "", typeof(RegimenAlertRaised));
        AssertSameNames("alert", "/$defs/involvement", typeof(AlertInvolvement));
        AssertSameNames("alert", "/properties/evidence/items", typeof(AlertEvidence));
        AssertSameNames("alert", "/properties/resolution", typeof(AlertResolution));
        AssertSameNames("alert", "/$defs/endedProduct", typeof(AlertEndedProduct));
        AssertSameNames("alert", "/properties/escalation", typeof(AlertEscalation));
    }

    [Theory]
    [InlineData(EventContract.DispensedType)]
    [InlineData(EventContract.SupplementType)]
    [InlineData(Ack)]
    public void The_schema_requires_exactly_what_the_worker_requires(string type)
    {
        var complete = JsonNode.Parse(Complete[type])!.AsObject();
        Assert.Null(WorkerRefusal(type, complete.ToJsonString()));
        Assert.True(Validate(type, complete.ToJsonString()).IsValid, Errors(Validate(type, complete.ToJsonString())));

        // each field left out in turn, nested ones too: the worker refuses the event exactly when the schema does, and
        // the fields whose absence it refuses are the schema's required ones
        var schema = JsonNode.Parse(SchemaText(SchemaFiles[type]))!;
        foreach (var (path, objectPath) in FieldsOf(complete))
        {
            var without = JsonNode.Parse(Complete[type])!.AsObject();
            var parent = objectPath.Length == 0 ? without : without[objectPath]!.AsObject();
            parent.Remove(path[(path.LastIndexOf('.') + 1)..]);
            var json = without.ToJsonString();
            var refused = WorkerRefusal(type, json) is not null;
            var schemaObject = objectPath.Length == 0 ? schema : schema["properties"]![objectPath]!;
            var required = (schemaObject["required"]?.AsArray() ?? []).Select(r => r!.GetValue<string>()).Contains(path[(path.LastIndexOf('.') + 1)..]);
            Assert.True(refused == required, $"{type} without {path}: the worker {(refused ? "refuses" : "accepts")} it, the schema {(required ? "requires" : "does not require")} it");
            Assert.True(refused == !Validate(type, json).IsValid, $"{type} without {path}: the worker {(refused ? "refuses" : "accepts")} it, the schema does not agree");
        }
    }

    [Fact]
    public void Alerts_the_production_composer_writes_are_valid_against_the_alert_schema()
    {
        var rows = new List<OutboxMessage>();

        // opened, then its resolution naming what ended, then its escalation
        var opened = Finding(FindingStates.Active);
        var diff = new FindingsDiff();
        diff.Opened.Add(opened);
        rows.AddRange(AlertComposer.Compose("PT-s1", diff, Now, Guid.CreateVersion7));

        var resolved = Finding(FindingStates.Resolved);
        diff = new FindingsDiff();
        diff.Resolved.Add(resolved);
        diff.Note(resolved).Resolution = new AlertResolution
        {
            Reason = "combination-ended",
            At = Now,
            Ended =
            [
                new AlertEndedProduct
                {
                    Ingredient = "sertraline", Kind = "medication", ProductText = "Zoloft 50 mg tablet", How = "stopped", EndedAt = Now.AddDays(-1),
                    ItemId = "D-1001", StopStatementId = "S-9", StopReportedBy = "care-team",
                },
            ],
            ContinuedIn = Guid.CreateVersion7(Now),
        };
        rows.AddRange(AlertComposer.Compose("PT-s1", diff, Now, Guid.CreateVersion7));

        var superseded = Finding(FindingStates.Superseded);
        diff = new FindingsDiff();
        diff.Superseded.Add(superseded);
        diff.Note(superseded).SupersededBy = Finding(FindingStates.Active);
        rows.AddRange(AlertComposer.Compose("PT-s1", diff, Now, Guid.CreateVersion7));

        rows.Add(AlertComposer.Escalation("PT-s1", Finding(FindingStates.Active), Now));

        Assert.Equal(4, rows.Count);
        foreach (var row in rows)
        {
            var result = Validate("alert", row.PayloadJson);
            Assert.True(result.IsValid, $"{JsonNode.Parse(row.PayloadJson)!["transition"]}: {Errors(result)}");
        }
    }

    [Theory]
    [InlineData(EventContract.DispensedType, """{"patientId":"PT-2","dispensedAt":"2026-11-01T09:30:00Z","medication":{"text":"Zoloft 50 mg tablet"}}""")]
    [InlineData(EventContract.DispensedType, """{"eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":7,"dispensedAt":"2026-11-01T09:30:00Z","medication":{"text":"Zoloft"}}""")]
    [InlineData(EventContract.DispensedType, """{"eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-2","dispensedAt":"2026-11-01T09:30:00Z","medication":{"text":"Zoloft"},"quantity":"10"}""")]
    [InlineData(EventContract.DispensedType, """{"eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-2","dispensedAt":"2026-11-01T09:30:00Z","medication":{"text":"Zoloft"},"daysSupply":30.5}""")]
    [InlineData(EventContract.DispensedType, """{"eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-2","dispensedAt":"2026-11-01T09:30:00","medication":{"text":"Zoloft"}}""")]
    [InlineData(EventContract.DispensedType, """{"eventId":"00000000-0000-0000-0000-000000000000","patientId":"PT-2","dispensedAt":"2026-11-01T09:30:00Z","medication":{"text":"Zoloft"}}""")]
    [InlineData(EventContract.DispensedType, """{"eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-2","dispensedAt":"2026-11-01T09:30:00Z","medication":{"text":"Zoloft"},"status":"entered-in-error"}""")]
    [InlineData(EventContract.DispensedType, """{"eventId":"0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01","patientId":"PT-2","dispensedAt":"2026-11-01T09:30:00Z","medication":{"ndc":"abc"}}""")]
    [InlineData(EventContract.SupplementType, """{"eventId":"b0d7fd37-fc73-5a76-b60d-dd9e24f17e85","patientId":"PT-2","reportedAt":"2026-11-19T14:15:00Z","supplement":{"atc":"N06AX25"}}""")]
    [InlineData(EventContract.SupplementType, """{"eventId":"b0d7fd37-fc73-5a76-b60d-dd9e24f17e85","patientId":"PT-2","reportedAt":"2026-11-19T14:15:00Z","supplement":{"text":"St John's wort"},"source":"doctor"}""")]
    [InlineData(EventContract.SupplementType, """{"eventId":"b0d7fd37-fc73-5a76-b60d-dd9e24f17e85","patientId":"PT-2","reportedAt":"2026-11-19T14:15:00Z","supplement":{"text":"St John's wort"},"startedOn":"2026-10-15T00:00:00Z"}""")]
    [InlineData(Ack, """{"eventId":"7b0c5d1e-2f3a-4b5c-8d6e-7f8091a2b3c4","alertId":"3f1c2a9e-5b7d-4e21-9a0c-6d2f8e4b1a77","acknowledgedBy":"nurse.lee","acknowledgedAt":"2026-11-21T10:05:00Z"}""")]
    [InlineData(Ack, """{"eventId":"7b0c5d1e-2f3a-4b5c-8d6e-7f8091a2b3c4","alertId":"3f1c2a9e5b7d4e219a0c6d2f8e4b1a77","acknowledgedBy":"nurse.lee","acknowledgedAt":"2026-11-21T10:05:00Z","outcome":"accepted"}""")]
    [InlineData(Ack, """{"eventId":"7b0c5d1e-2f3a-4b5c-8d6e-7f8091a2b3c4","alertId":"3f1c2a9e-5b7d-4e21-9a0c-6d2f8e4b1a77","acknowledgedBy":["nurse.lee"],"acknowledgedAt":"2026-11-21T10:05:00Z","outcome":"accepted"}""")]
    public void An_event_the_worker_refuses_for_a_missing_field_or_a_wrong_type_fails_its_schema(string type, string json)
    {
        Assert.NotNull(WorkerRefusal(type, json));
        Assert.False(Validate(type, json).IsValid, "the schema accepts what the worker refuses");
    }

    private static string SchemaText(string file) => File.ReadAllText(RepositoryFiles.Path("docs", "schema", file + ".schema.json"));

    private static EvaluationOptions Options() => new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private static EvaluationResults Validate(string type, string json) => Schemas.Value[type].Evaluate(JsonNode.Parse(json), Options());

    private static string Errors(EvaluationResults result) =>
        string.Join("; ", (result.Details.Count > 0 ? result.Details : [result]).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Value}")));

    /// <summary>The worker's reason for refusing <paramref name="json"/> as a <paramref name="type"/> event, or null: the same checks as on the broker.</summary>
    private static string? WorkerRefusal(string type, string json)
    {
        var limit = new EventTimeLimit(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(5));
        if (type == Ack)
        {
            using var document = JsonDocument.Parse(json);
            var failures = EventContract.Check(document.RootElement, Ack, limit);
            if (failures.Count > 0)
            {
                return string.Join("; ", failures);
            }

            try
            {
                AcknowledgementRecorder.Validate(JsonSerializer.Deserialize<AlertAcknowledged>(json, WireJson.Options)!);
                return null;
            }
            catch (InvalidEventException e)
            {
                return e.Message;
            }
        }

        // an NDJSON line: EventContract, then EventMapper, as the consumers run them
        var line = JsonNode.Parse(json)!.AsObject();
        line["type"] = type;
        return NdjsonEvents.TryParse(line.ToJsonString(), 1, 30, limit, out _, out var error) ? null : error;
    }

    /// <summary>Every field of a complete event, as a dotted path, with the object that holds it ("" for the event).</summary>
    private static IEnumerable<(string Path, string ObjectPath)> FieldsOf(JsonObject complete)
    {
        foreach (var (name, value) in complete)
        {
            yield return (name, "");
            if (value is JsonObject child)
            {
                foreach (var (childName, _) in child)
                {
                    yield return ($"{name}.{childName}", name);
                }
            }
        }
    }

    private static void AssertSameNames(string schemaKey, string pointer, Type contract)
    {
        var schema = JsonNode.Parse(SchemaText(SchemaFiles[schemaKey]))!;
        var node = pointer.Split('/', StringSplitOptions.RemoveEmptyEntries).Aggregate(schema, (n, part) => n[part]!);
        // "type" labels an NDJSON line; it is no property of the event (EventContract)
        var inSchema = node["properties"]!.AsObject().Select(p => p.Key).Where(k => !(pointer.Length == 0 && k == "type" && schemaKey != "alert")).Order(StringComparer.Ordinal);
        var inCode = contract.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? WireJson.Options.PropertyNamingPolicy!.ConvertName(p.Name))
            .Order(StringComparer.Ordinal);
        Assert.Equal(inCode, inSchema);
    }

    private static FindingRecord Finding(string state)
    {
        var raised = Now.AddDays(-10);
        var view = new FindingView("SER-09", "serotonergic-stacking", "major", "Strong serotonin reuptake inhibitor with St John's wort",
            "Zoloft 50 mg tablet (sertraline) and St. John's Wort 300 mg capsule (st john's wort) are both active since 2026-11-20.",
            "Advise stopping St John's wort; the combination is not recommended.",
            [
                new InvolvementView("sertraline", "medication", "Zoloft 50 mg tablet", "0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01", "D-1001", "RX-88", "PH-3", raised),
                new InvolvementView("st john's wort", "supplement", "St. John's Wort 300 mg capsule", "b0d7fd37-fc73-5a76-b60d-dd9e24f17e85", "S-1", StartedAt: raised),
            ],
            null, [new EvidenceReference("E3", "a case report")], raised, "SER-09|sertraline|st john's wort",
            Unchecked: ["Grandma's bitter tonic"]);
        return new FindingRecord
        {
            Id = 1, PatientId = 1, Fingerprint = view.Fingerprint, AlertId = Guid.CreateVersion7(raised), RuleId = view.RuleId, Concern = view.Concern,
            Severity = view.Severity, SeverityRank = 2, State = state, Since = view.Since, RaisedAt = raised, UpdatedAt = Now,
            LastAlertAt = raised, RuleSetVersion = "2027.1.50", PayloadJson = JsonSerializer.Serialize(view, WireJson.Options),
        };
    }
}
