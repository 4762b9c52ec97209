using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Fhir;

/// <summary>
/// An alert as FHIR R4 <c>DetectedIssue</c> JSON (pure; the table is in docs/fhir.md). The resource id and identifier
/// are the alertId, so the latest DetectedIssue per id is the alert's state, as with the native body. Severity:
/// contraindicated and major → high, moderate → moderate, info → low, and the alert's own in an extension
/// (<see cref="SeverityExtension"/>). Status: an active alert is <c>final</c>, a
/// resolved one <c>cancelled</c> (FHIR has no "resolved"; cancelled is what receivers treat as no longer standing).
/// Acknowledgements become <c>mitigation</c> entries. The alert's unchecked products are extensions and end
/// <c>detail</c>; each implicated product names the sender's dispenseId or statementId.
/// </summary>
/// <remarks>
/// Written directly, element by element in the order R4 defines, exactly as Firely's serializer writes the same
/// resource (<c>DetectedIssueMapperTests</c> reads every output back with its strict R4 deserializer and serializes it
/// again to the same text). Not through Firely's object model: its first use runs <c>ModelInfo</c>'s static
/// constructor (252 KB of IL), whose compilation alone raised the worker's resident memory by 30–80 MB at the first
/// alert (docs/performance.md). Firely still reads FHIR input, which needs its model anyway.
/// </remarks>
internal static partial class DetectedIssueMapper
{
    /// <summary>Our code systems (URNs: they name, they do not resolve).</summary>
    public const string ConcernSystem = "urn:regimen-monitor:concern";
    public const string RuleSystem = "urn:regimen-monitor:rule";
    public const string EvidenceGradeSystem = "urn:regimen-monitor:evidence-grade";
    public const string AcknowledgementSystem = "urn:regimen-monitor:acknowledgement";
    public const string ActCodeSystem = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

    /// <summary>The monograph of a rule: its row in the rule table (docs/rules.md), named by rule id.</summary>
    public const string MonographBase = "urn:regimen-monitor:rule:";

    /// <summary>
    /// An extension on the DetectedIssue, once per product of the patient's regimen that was not recognised and so not
    /// checked (the alert's <c>unchecked</c>), <c>valueString</c> its text; <c>detail</c> names them too, for a receiver
    /// that does not know the extension.
    /// </summary>
    public const string UncheckedProductExtension = "urn:regimen-monitor:extension:unchecked-product";

    /// <summary>
    /// An extension on every DetectedIssue: the alert's own severity (<c>valueCode</c> contraindicated, major, moderate or
    /// info). R4's <c>severity</c> has three codes, so contraindicated and major are both <c>high</c> there; a receiver
    /// that pages on a contraindication reads this one (found by an independent newcomer walk-through: a FHIR-only EHR
    /// could not tell them apart).
    /// </summary>
    public const string SeverityExtension = "urn:regimen-monitor:extension:severity";

    /// <summary>
    /// An extension on each <c>implicated</c> reference: the sender's dispenseId or statementId for the item
    /// (<c>valueIdentifier</c>, system <see cref="DispenseIdSystem"/> or <see cref="StatementIdSystem"/>). A Reference has
    /// one <c>identifier</c>, which keeps the event id the product arrived with.
    /// </summary>
    public const string ItemIdExtension = "urn:regimen-monitor:extension:item-id";

    /// <summary>The identifier system of a dispenseId as the sender gave it (for FHIR input: the dispense's identifier value, else MedicationDispense/&lt;id&gt;).</summary>
    public const string DispenseIdSystem = "urn:regimen-monitor:dispense-id";

    /// <summary>The identifier system of a statementId as the sender gave it.</summary>
    public const string StatementIdSystem = "urn:regimen-monitor:statement-id";

    private const string UriSystem = "urn:ietf:rfc:3986";

    /// <summary>As Firely writes FHIR JSON: only what JSON requires is escaped (and characters outside the BMP).</summary>
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The alert as one DetectedIssue, compact (the message body on <c>care.regimen-alerts.fhir</c>).</summary>
    public static string Map(RegimenAlertRaised alert, IEnumerable<AlertAcknowledgement>? acknowledgements = null) =>
        Encoding.UTF8.GetString(MapUtf8(alert, acknowledgements).Span);

    /// <summary>As <see cref="Map"/>, the UTF-8 bytes as written (the publisher sends them without a string in between).</summary>
    public static ReadOnlyMemory<byte> MapUtf8(RegimenAlertRaised alert, IEnumerable<AlertAcknowledgement>? acknowledgements = null)
    {
        ArgumentNullException.ThrowIfNull(alert);
        return WriteUtf8(Compact, writer => DetectedIssue(writer, alert, acknowledgements));
    }

    /// <summary>
    /// A Bundle (collection) of the alerts as DetectedIssues, indented (<c>evaluate --format fhir</c>). When products
    /// were not recognised, an OperationOutcome entry follows them (<paramref name="uncheckedOutcomeId"/> its id): a
    /// warning issue per product, so a Bundle without DetectedIssues never reads as "every product checked and safe".
    /// </summary>
    public static string Collection(IEnumerable<RegimenAlertRaised> alerts, DateTimeOffset timestamp,
        IReadOnlyCollection<string>? uncheckedProducts = null, Guid uncheckedOutcomeId = default)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        var notChecked = (uncheckedProducts ?? []).Where(t => !string.IsNullOrEmpty(t)).Distinct(StringComparer.Ordinal).ToList();
        return Write(Compact with { Indented = true }, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("resourceType", "Bundle");
            writer.WriteString("type", "collection");
            writer.WriteString("timestamp", DateTime(timestamp));
            var entries = alerts.Select(alert => (Action)(() =>
            {
                writer.WriteStartObject();
                writer.WriteString("fullUrl", "urn:uuid:" + alert.AlertId);
                writer.WritePropertyName("resource");
                DetectedIssue(writer, alert, null);
                writer.WriteEndObject();
            }));
            if (notChecked.Count > 0)
            {
                entries = entries.Append(() =>
                {
                    writer.WriteStartObject();
                    writer.WriteString("fullUrl", "urn:uuid:" + uncheckedOutcomeId);
                    writer.WritePropertyName("resource");
                    UncheckedOutcome(writer, uncheckedOutcomeId, notChecked);
                    writer.WriteEndObject();
                });
            }

            Array(writer, "entry", entries, entry => entry());
            writer.WriteEndObject();
        });
    }

    /// <summary>
    /// An OperationOutcome of one warning per product that was not recognised: code <c>incomplete</c> (the result may
    /// not be complete), <c>details.text</c> naming the product once.
    /// </summary>
    private static void UncheckedOutcome(Utf8JsonWriter writer, Guid id, IReadOnlyList<string> uncheckedProducts)
    {
        writer.WriteStartObject();
        writer.WriteString("resourceType", "OperationOutcome");
        writer.WriteString("id", id.ToString());
        Array(writer, "issue", uncheckedProducts, product =>
        {
            writer.WriteStartObject();
            writer.WriteString("severity", "warning");
            writer.WriteString("code", "incomplete");
            writer.WriteStartObject("details");
            writer.WriteString("text", $"Not checked: the product \"{product}\" was not recognised, so it was not checked for interactions; no DetectedIssue about it does not mean it is safe.");
            writer.WriteEndObject();
            writer.WriteEndObject();
        });
        writer.WriteEndObject();
    }

    public static string Severity(string severity) => severity switch
    {
        "contraindicated" or "major" => "high",
        "moderate" => "moderate",
        "info" => "low",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, "unknown severity"),
    };

    private static void DetectedIssue(Utf8JsonWriter writer, RegimenAlertRaised alert, IEnumerable<AlertAcknowledgement>? acknowledgements)
    {
        writer.WriteStartObject();
        writer.WriteString("resourceType", "DetectedIssue");
        writer.WriteString("id", alert.AlertId.ToString());
        var uncheckedProducts = Unchecked(alert);
        writer.WriteStartArray("extension");
        writer.WriteStartObject();
        writer.WriteString("url", SeverityExtension);
        writer.WriteString("valueCode", alert.Severity);
        writer.WriteEndObject();
        foreach (var product in uncheckedProducts)
        {
            writer.WriteStartObject();
            writer.WriteString("url", UncheckedProductExtension);
            writer.WriteString("valueString", product);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("identifier");
        Identifier(writer, UriSystem, "urn:uuid:" + alert.AlertId);
        writer.WriteEndArray();
        writer.WriteString("status", alert.Status == "resolved" ? "cancelled" : "final");
        Code(writer, alert);
        writer.WriteString("severity", Severity(alert.Severity));
        Patient(writer, alert.PatientId);
        writer.WriteString("identifiedDateTime", DateTime(alert.RaisedAt));
        writer.WriteStartObject("author");
        writer.WriteString("display", $"RegimenMonitor rule set {alert.RuleSetVersion}");
        writer.WriteEndObject();
        Array(writer, "implicated", alert.Involves, involvement => Implicated(writer, involvement));
        Array(writer, "evidence", alert.Evidence, evidence =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("code");
            Concept(writer, EvidenceGradeSystem, evidence.Grade, evidence.Grade, evidence.Citation);
            writer.WriteEndArray();
            writer.WriteEndObject();
        });
        writer.WriteString("detail", $"{alert.Title}. {alert.Detail} What to do: {alert.Recommendation}" + UncheckedSentence(uncheckedProducts));
        writer.WriteString("reference", MonographBase + alert.RuleId);
        Array(writer, "mitigation", (acknowledgements ?? []).OrderBy(a => a.AcknowledgedAt), acknowledgement => Mitigation(writer, acknowledgement));
        writer.WriteEndObject();
    }

    /// <summary>The alert's unchecked products, each text once, in the alert's order.</summary>
    private static List<string> Unchecked(RegimenAlertRaised alert) =>
        [.. (alert.Unchecked ?? []).Where(t => !string.IsNullOrEmpty(t)).Distinct(StringComparer.Ordinal)];

    /// <summary>The sentence <c>detail</c> ends with when products were not checked (empty when every product was).</summary>
    private static string UncheckedSentence(List<string> uncheckedProducts) => uncheckedProducts.Count == 0
        ? ""
        : $" Not checked (not recognised, so not checked for this or any other interaction): {string.Join("; ", uncheckedProducts)}.";

    /// <summary>Our concern and rule; the interaction concerns also as HL7's DRG (drug interaction alert).</summary>
    private static void Code(Utf8JsonWriter writer, RegimenAlertRaised alert)
    {
        writer.WriteStartObject("code");
        writer.WriteStartArray("coding");
        if (alert.Concern is "serotonergic-contraindicated" or "serotonergic-stacking" or "kratom-interaction" or "absorption-timing")
        {
            Coding(writer, ActCodeSystem, null, "DRG", "Drug Interaction Alert");
        }

        Coding(writer, ConcernSystem, null, alert.Concern, null);
        Coding(writer, RuleSystem, alert.RuleSetVersion, alert.RuleId, null);
        writer.WriteEndArray();
        writer.WriteString("text", alert.Title);
        writer.WriteEndObject();
    }

    /// <summary>
    /// Patient/&lt;id&gt; when the id is a valid FHIR id, else a logical reference by identifier: <c>system|value</c> (a
    /// system that is a URI, as FhirEventMapper.PatientKey writes one) as its system and value, anything else as its value.
    /// </summary>
    private static void Patient(Utf8JsonWriter writer, string patientId)
    {
        writer.WriteStartObject("patient");
        if (FhirId().IsMatch(patientId))
        {
            writer.WriteString("reference", "Patient/" + patientId);
        }
        else
        {
            writer.WriteString("type", "Patient");
            writer.WriteStartObject("identifier");
            // an id made from a FHIR identifier with a system (FhirEventMapper.PatientKey): its system and value again, so a
            // FHIR receiver matches system and value as it sent them; a shortened system (sha256:…) cannot be given back
            var bar = patientId.IndexOf('|', StringComparison.Ordinal);
            if (bar > 0 && patientId.AsSpan(0, bar).Contains(':') && !patientId.StartsWith("sha256:", StringComparison.Ordinal) && bar < patientId.Length - 1)
            {
                writer.WriteString("system", patientId[..bar].Replace("%7C", "|", StringComparison.Ordinal));
                writer.WriteString("value", patientId[(bar + 1)..]);
            }
            else
            {
                writer.WriteString("value", patientId);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    /// <summary>
    /// The dispense or statement that set the product: by the sender's own id for it where we have one (a
    /// <c>reference</c> <c>MedicationDispense/&lt;id&gt;</c> when the item is keyed by the FHIR resource's id; the item's
    /// dispenseId or statementId in an extension and in <c>display</c>), and by the event id it arrived with (FHIR:
    /// derived, docs/fhir.md) in <c>identifier</c>, as before.
    /// </summary>
    private static void Implicated(Utf8JsonWriter writer, AlertInvolvement involvement)
    {
        writer.WriteStartObject();
        var medication = involvement.Kind == "medication";
        var type = medication ? "MedicationDispense" : "MedicationStatement";
        var itemId = SenderItemId(involvement.ItemId);
        if (itemId is not null)
        {
            writer.WriteStartArray("extension");
            writer.WriteStartObject();
            writer.WriteString("url", ItemIdExtension);
            writer.WritePropertyName("valueIdentifier");
            Identifier(writer, medication ? DispenseIdSystem : StatementIdSystem, itemId);
            writer.WriteEndObject();
            writer.WriteEndArray();
            // an item without a business identifier is keyed by the resource's own id, MedicationDispense/<id>: a
            // literal reference the sender can resolve
            if (itemId.StartsWith(type + "/", StringComparison.Ordinal) && FhirId().IsMatch(itemId[(type.Length + 1)..]))
            {
                writer.WriteString("reference", itemId);
            }
        }

        writer.WriteString("type", type);
        if (involvement.SourceEventId is { Length: > 0 } eventId)
        {
            writer.WritePropertyName("identifier");
            Identifier(writer, UriSystem, "urn:uuid:" + eventId);
        }

        writer.WriteString("display", itemId is null
            ? $"{involvement.ProductText} ({involvement.Ingredient})"
            : $"{involvement.ProductText} ({involvement.Ingredient}; {(medication ? "dispenseId" : "statementId")} {itemId})");
        writer.WriteEndObject();
    }

    /// <summary>The item's dispenseId or statementId as the sender gave it; null for none, or a key of our own (compacted history).</summary>
    private static string? SenderItemId(string? itemId) =>
        itemId is { Length: > 0 } && !itemId.StartsWith(RegimenMonitor.Rules.HistoryCompaction.SyntheticIdPrefix, StringComparison.Ordinal) && itemId.Trim() == itemId
            ? itemId
            : null;

    private static void Mitigation(Utf8JsonWriter writer, AlertAcknowledgement acknowledgement)
    {
        writer.WriteStartObject();
        writer.WritePropertyName("action");
        Concept(writer, AcknowledgementSystem, acknowledgement.Outcome, acknowledgement.Outcome,
            acknowledgement.Reason is { Length: > 0 } reason ? $"{acknowledgement.Outcome}: {reason}" : acknowledgement.Outcome);
        writer.WriteString("date", DateTime(acknowledgement.AcknowledgedAt));
        writer.WriteStartObject("author");
        writer.WriteString("display", acknowledgement.AcknowledgedBy);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void Identifier(Utf8JsonWriter writer, string system, string value)
    {
        writer.WriteStartObject();
        writer.WriteString("system", system);
        writer.WriteString("value", value);
        writer.WriteEndObject();
    }

    /// <summary>A CodeableConcept of one coding, with its text.</summary>
    private static void Concept(Utf8JsonWriter writer, string system, string code, string display, string? text)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("coding");
        Coding(writer, system, null, code, display);
        writer.WriteEndArray();
        if (text is not null)
        {
            writer.WriteString("text", text);
        }

        writer.WriteEndObject();
    }

    private static void Coding(Utf8JsonWriter writer, string system, string? version, string code, string? display)
    {
        writer.WriteStartObject();
        writer.WriteString("system", system);
        if (version is not null)
        {
            writer.WriteString("version", version);
        }

        writer.WriteString("code", code);
        if (display is not null)
        {
            writer.WriteString("display", display);
        }

        writer.WriteEndObject();
    }

    /// <summary>A repeating element; left out when it has no entries, as FHIR JSON requires.</summary>
    private static void Array<T>(Utf8JsonWriter writer, string name, IEnumerable<T> items, Action<T> write)
    {
        var started = false;
        foreach (var item in items)
        {
            if (!started)
            {
                writer.WriteStartArray(name);
                started = true;
            }

            write(item);
        }

        if (started)
        {
            writer.WriteEndArray();
        }
    }

    /// <summary>A FHIR dateTime/instant: seconds, the fraction only when there is one, and the offset.</summary>
    private static string DateTime(DateTimeOffset value) => value.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK", CultureInfo.InvariantCulture);

    private static string Write(JsonWriterOptions options, Action<Utf8JsonWriter> write) => Encoding.UTF8.GetString(WriteUtf8(options, write).Span);

    private static ReadOnlyMemory<byte> WriteUtf8(JsonWriterOptions options, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            write(writer);
        }

        return buffer.WrittenMemory;
    }

    [GeneratedRegex("^[A-Za-z0-9\\-\\.]{1,64}$")]
    private static partial Regex FhirId();
}
