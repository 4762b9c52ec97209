using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;

namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>One message of the corpus: what is published, and the word its rejection reason must contain.</summary>
internal sealed record CorpusCase(string Id, string Category, string EventType, byte[] Body, string? ContentType, string ExpectedField);

/// <summary>
/// Generates malformed wire messages (seeded, so a failure reproduces): every required field missing or null, wrong
/// JSON types per field, bad timestamps, dates and UUIDs, strings where numbers belong, control characters and
/// unpaired surrogates in every text field, invalid UTF-8, patient ids with surrounding whitespace, oversized strings
/// and bodies, deep nesting, binary, truncation at every other byte, wrong content types and content-type parameters, MassTransit envelopes of
/// unknown types, duplicate keys, future event times. Add a category here when a new kind of bad input is found.
/// </summary>
internal static class MalformedCorpus
{
    public const string Dispensed = "medication-dispensed";
    public const string Supplement = "supplement-reported";
    private const string Raw = "__RAW__";

    private static readonly string[] DispenseStrings = ["eventId", "patientId", "dispenseId", "status", "dispensedAt", "medication.text", "medication.rxnorm", "medication.ndc", "medication.atc", "dosageText", "pharmacyId", "prescriptionId"];
    private static readonly string[] SupplementStrings = ["eventId", "patientId", "statementId", "status", "reportedAt", "supplement.text", "supplement.atc", "startedOn", "stoppedOn", "source"];
    private static readonly string[] DispenseTexts = ["patientId", "dispenseId", "medication.text", "dosageText", "pharmacyId"];
    private static readonly string[] SupplementTexts = ["patientId", "statementId", "supplement.text", "source"];

    public static JsonObject ValidDispense(Guid eventId, string patientId = "PT-corpus-0") => new()
    {
        ["eventId"] = eventId.ToString(),
        ["patientId"] = patientId,
        ["dispenseId"] = "D-" + eventId.ToString("N")[..8],
        ["dispensedAt"] = "2026-11-01T09:30:00-05:00",
        ["medication"] = new JsonObject { ["text"] = "Zoloft 50 mg tablet", ["atc"] = "N06AB06" },
        ["daysSupply"] = 30,
        ["quantity"] = 30,
        ["dosageText"] = "1 tablet daily",
    };

    public static JsonObject ValidSupplement(Guid eventId, string patientId = "PT-corpus-0") => new()
    {
        ["eventId"] = eventId.ToString(),
        ["patientId"] = patientId,
        ["statementId"] = "S-" + eventId.ToString("N")[..8],
        ["reportedAt"] = "2026-11-02T10:00:00Z",
        ["supplement"] = new JsonObject { ["text"] = "St John’s Wort 300 mg" },
        ["startedOn"] = "2026-10-20",
        ["source"] = "patient",
    };

    public static List<CorpusCase> Generate(int seed)
    {
        var random = new Random(seed);
        var cases = new List<CorpusCase>();
        void Add(string category, string type, byte[] body, string expected, string? contentType = "application/json") =>
            cases.Add(new CorpusCase($"{category}-{cases.Count}", category, type, body, contentType, expected));
        void AddJson(string category, string type, string json, string expected, string? contentType = "application/json") =>
            Add(category, type, Encoding.UTF8.GetBytes(json), expected, contentType);
        JsonObject Valid(string type) => type == Dispensed ? ValidDispense(Guid.NewGuid()) : ValidSupplement(Guid.NewGuid());

        foreach (var type in (string[])[Dispensed, Supplement])
        {
            var strings = type == Dispensed ? DispenseStrings : SupplementStrings;
            var texts = type == Dispensed ? DispenseTexts : SupplementTexts;
            var objectField = type == Dispensed ? "medication" : "supplement";
            var timeField = type == Dispensed ? "dispensedAt" : "reportedAt";
            string[] required = ["eventId", "patientId", timeField, objectField, objectField + ".text"];

            // missing and null required fields
            foreach (var field in required)
            {
                AddJson("missing", type, Without(Valid(type), field), field);
                AddJson("null", type, WithRaw(Valid(type), field, "null"), field);
            }

            // wrong JSON types, per field
            foreach (var field in strings)
            {
                foreach (var value in (string[])["12", "0", "-1.5", "true", "false", "[]", "[\"x\"]", "{}", "{\"text\":\"x\"}"])
                {
                    AddJson("wrong-type", type, WithRaw(Valid(type), field, value), field);
                }
            }

            foreach (var value in (string[])["12", "true", "\"Zoloft 50 mg\"", "[]", "[\"Zoloft\"]"])
            {
                AddJson("wrong-type", type, WithRaw(Valid(type), objectField, value), objectField);
            }

            // timestamps that are not strict RFC 3339 with offset, or beyond the allowed skew into the future
            foreach (var value in (string[])["2026-11-01T09:30:00 Z", "2026-11-01 09:30:00Z", "2026-11-01T09:30:00", "2026-11-01", "yesterday", "",
                         "2026-13-01T00:00:00Z", "2026-02-30T00:00:00Z", "2026-11-01T24:00:00Z", "2026-11-01T09:60:00Z", "2026-11-01T09:30:60Z",
                         "2026-11-01T09:30:00+24:00", "2026-11-01T09:30:00+01", "2026-11-01T09:30:00+0100", "2026-11-01T09:30Z", "20261101T093000Z",
                         "2026-11-01T09:30:00.Z", " 2026-11-01T09:30:00Z", "2026-11-01T09:30:00Z ", "2026-11-01T09:30:00UTC", "2026-11-01T09:30:00 GMT",
                         "Sun, 01 Nov 2026 09:30:00 +0000", "2026-11-01T09:30:00.1234567890Z", "2026-W44-7T09:30:00Z", "2026-305T09:30:00Z",
                         "２０２６-11-01T09:30:00Z", "2026-11-01T09:30:00\u0000Z", "2026-11-01T09:30:00\u00a0Z", "2031-01-01T00:00:00Z", "9999-12-31T23:59:59Z",
                         "0001-01-01T00:00:00Z", "2026-11-01T09:30:00+01:00:00", "11/01/2026 09:30"])
            {
                AddJson("timestamp", type, With(Valid(type), timeField, value), timeField);
            }

            AddJson("timestamp", type, With(Valid(type), timeField, DateTimeOffset.UtcNow.AddDays(2).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)), timeField);

            // UUIDs in other layouts, and the empty UUID
            foreach (var value in (string[])["12", "", "not-a-uuid", "0b5b3c1e6a554c3e9d773f6f3f0a1a01", "{0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01}",
                         "(0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01)", "urn:uuid:0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01", " 0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a01",
                         "0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a0", "00000000-0000-0000-0000-000000000000", "0b5b3c1e-6a55-4c3e-9d77-3f6f3f0a1a0g"])
            {
                AddJson("uuid", type, With(Valid(type), "eventId", value), "eventId");
            }

            // control characters and unpaired surrogates (as JSON escapes) in every text field
            foreach (var field in texts)
            {
                foreach (var escape in (string[])["\\u0000", "\\u0001", "\\u0007", "\\b", "\\t", "\\n", "\\r", "\\u001b", "\\u001f", "\\u007f", "\\u0080", "\\u0085", "\\u009f"])
                {
                    AddJson("control", type, WithRaw(Valid(type), field, $"\"PT{escape}x\""), field);
                }

                foreach (var escape in (string[])["\\ud800", "\\udbff", "\\udc00", "\\udfff", "x\\ud800y", "\\udc00\\ud800"])
                {
                    AddJson("surrogate", type, WithRaw(Valid(type), field, $"\"{escape}\""), field);
                }
            }

            // patient ids that differ from another only by invisible characters, or show nothing at all
            foreach (var value in (string[])[" PT-9", "PT-9 ", "\u00a0PT-9", "PT-9\u3000", "\u2003PT-9", "PT\u200B-9", "\u202EPT-9", "\uFEFFPT-9", "PT-9\U000E0041", "\U000E0001PT-9", "PT-9\uFFFF", "   ", "",
                         "\u3164", "\u2800", "\u034F", "\uFE0F\uFE0F", // nothing visible (blank fillers, lone marks)
                         "PT-9\u034FX", "PT-9\uFE0F", "PT-9\u3164X", "PT-9\u2800X", "PT-e\u0301"]) // an invisible or blank character inside, not NFC
            {
                AddJson("patient-id", type, With(Valid(type), "patientId", value), "patientId");
            }

            // invalid UTF-8 inside a text value (a Windows-1252 apostrophe, overlong, encoded surrogate, truncated, stray bytes)
            foreach (var bytes in (byte[][])[[0x92], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xE2, 0x80], [0xFF], [0xFE], [0x80], [0xC3]])
            {
                foreach (var field in (string[])["patientId", objectField + ".text"])
                {
                    var json = Encoding.UTF8.GetBytes(With(Valid(type), field, "St John@s Wort"));
                    Add("utf8", type, Splice(json, "@"u8.ToArray(), bytes), "body");
                }
            }

            Add("utf8", type, [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Valid(type).ToJsonString())], "body");

            // oversized strings and bodies
            foreach (var (field, length) in (ValueTuple<string, int>[])[("patientId", 65), ("patientId", 1000), (objectField + ".text", 501), (objectField + ".text", 20_000),
                         (objectField + ".atc", 33), (type == Dispensed ? "dispenseId" : "statementId", 129), (type == Dispensed ? "dosageText" : "source", 501)])
            {
                AddJson("huge", type, With(Valid(type), field, new string('a', length)), field.Split('.')[^1]);
            }

            var big = Valid(type);
            big["padding"] = new string('x', 70_000);
            AddJson("huge", type, big.ToJsonString(), "body");
            var huge = Valid(type);
            huge["padding"] = new string('x', 1_000_000);
            AddJson("huge", type, huge.ToJsonString(), "body");

            // deep nesting, in an unknown property and in a known one
            foreach (var depth in (int[])[65, 200, 5000])
            {
                AddJson("nesting", type, WithRaw(Valid(type), "extra", new string('[', depth) + new string(']', depth)), "body");
                AddJson("nesting", type, WithRaw(Valid(type), objectField + ".text", new string('[', depth) + new string(']', depth)), depth > 64 ? "body" : objectField);
            }

            AddJson("nesting", type, WithRaw(Valid(type), objectField + ".text", "[[[[\"Zoloft\"]]]]"), "text");

            // binary, empty and non-object bodies
            for (var i = 0; i < 40; i++)
            {
                var bytes = new byte[random.Next(1, 400)];
                random.NextBytes(bytes);
                bytes[0] = (byte)(0x80 | bytes[0]); // never a JSON start
                Add("binary", type, bytes, "body", i % 4 == 0 ? null : "application/json");
            }

            foreach (var bytes in (byte[][])[[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], [0x1F, 0x8B, 0x08, 0x00], [0x00], [0x00, 0x00, 0x00], [], " "u8.ToArray(), "\n"u8.ToArray()])
            {
                Add("binary", type, bytes, "body");
            }

            foreach (var json in (string[])["[]", "\"text\"", "42", "null", "true", "[{}]", "{} {}", "{\"eventId\":1}}", "{'eventId':'x'}", "{\"eventId\":NaN}"])
            {
                AddJson("not-object", type, json, "body");
            }

            // truncation at every other byte
            var whole = Encoding.UTF8.GetBytes(Valid(type).ToJsonString());
            for (var length = 1; length < whole.Length; length += 2)
            {
                Add("truncated", type, whole[..length], "body");
            }

            // content types other than JSON
            foreach (var contentType in (string[])["text/plain", "application/xml", "text/xml", "application/octet-stream", "text/json", "application/x-www-form-urlencoded",
                         "application/json-patch+json", "application/vnd.masstransit+xml", "application/vnd.masstransit+bson", "application/bson", "text/html",
                         "multipart/form-data; boundary=x", "application/jsonx", "json"])
            {
                AddJson("content-type", type, Valid(type).ToJsonString(), "content_type", contentType);
            }

            // a JSON content type declaring a charset other than UTF-8: the body would be read as other text than meant
            foreach (var contentType in (string[])["application/json; charset=latin1", "application/json; charset=ISO-8859-1", "application/json; charset=\"windows-1252\"",
                         "application/json; charset=utf-16", "application/vnd.masstransit+json; charset=us-ascii", "application/json; charset="])
            {
                AddJson("charset", type, Valid(type).ToJsonString(), "content_type", contentType);
            }

            // content-type parameters given twice (MassTransit's reader threw on them) or not name=value (it took them as
            // no content type); the crafted name must not reach the reason
            foreach (var contentType in (string[])["application/json; charset=utf-8; charset=utf-8", "application/json; CHARSET=utf-8; charset=\"utf-8\"",
                         "application/json; mrn-PT-9=1; MRN-pt-9=2", "application/vnd.masstransit+json; a=1; a=1", "application/json; foo", "application/json; =x",
                         "application/json; charset=\"utf-8", "application/json; PT-9=ü", "application/json; a=1,b=2", "application/json; a =1"])
            {
                AddJson("content-type-parameters", type, Valid(type).ToJsonString(), "content_type", contentType);
            }

            // MassTransit envelopes of another type, or malformed
            var urn = type == Dispensed ? "urn:message:RegimenMonitor.Contracts:MedicationDispensed" : "urn:message:RegimenMonitor.Contracts:SupplementReported";
            var otherUrn = type == Dispensed ? "urn:message:RegimenMonitor.Contracts:SupplementReported" : "urn:message:RegimenMonitor.Contracts:MedicationDispensed";
            const string Envelope = "application/vnd.masstransit+json";
            foreach (var types in (string?[])["[\"urn:message:Other.Contracts:SomethingElse\"]", $"[\"{otherUrn}\"]", "[]", $"\"{urn}\"", null, "[12]"])
            {
                var envelope = new JsonObject { ["messageId"] = Guid.NewGuid().ToString(), ["message"] = Valid(type) };
                AddJson("envelope", type, types is null ? envelope.ToJsonString() : WithRaw(envelope, "messageType", types), "messageType", Envelope);
            }

            AddJson("envelope", type, WithRaw(new JsonObject { ["messageType"] = new JsonArray(urn), ["message"] = Valid(type) }, "messageType", $"[\"{urn}\",\"urn:message:x\\ud800\"]"), "messageType[1]", Envelope);
            AddJson("envelope", type, new JsonObject { ["messageType"] = new JsonArray(urn) }.ToJsonString(), "message", Envelope);
            AddJson("envelope", type, new JsonObject { ["messageType"] = new JsonArray(urn), ["message"] = "x" }.ToJsonString(), "message", Envelope);
            AddJson("envelope", type, new JsonObject { ["messageType"] = new JsonArray(urn), ["message"] = JsonNode.Parse(With(Valid(type), "patientId", " PT-9")) }.ToJsonString(), "patientId", Envelope);
            AddJson("envelope", type, new JsonObject { ["messageType"] = new JsonArray(urn), ["message"] = JsonNode.Parse(WithRaw(Valid(type), "eventId", "12")) }.ToJsonString(), "eventId", Envelope);
            AddJson("envelope", type, "[1,2]", "envelope", Envelope);
            // an envelope field given twice, in another case: the validator and MassTransit's reader could each take another
            var right = new JsonObject { ["messageType"] = new JsonArray(urn), ["message"] = Valid(type) }.ToJsonString();
            AddJson("envelope", type, right.Replace("{\"messageType\"", $"{{\"MessageType\":[\"{otherUrn}\"],\"messageType\"", StringComparison.Ordinal), "messageType", Envelope);
            AddJson("envelope", type, right.Replace("{\"messageType\"", $"{{\"Message\":{With(Valid(type), "patientId", " PT-9")},\"messageType\"", StringComparison.Ordinal), "message", Envelope);
            AddJson("envelope", type, right.Replace("{\"messageType\"", "{\"SENTTIME\":\"2026-11-01T09:30:00Z\",\"sentTime\":\"2026-11-01T09:30:00Z\",\"messageType\"", StringComparison.Ordinal), "sentTime", Envelope);
            // the envelope's own fields of the wrong form (MassTransit's errors would quote the value)
            foreach (var (field, raw) in (ReadOnlySpan<(string, string)>)[("messageId", "\"PT-20417\""), ("conversationId", "\"PT-20417\""), ("correlationId", "12"),
                         ("sentTime", "\"garbage\""), ("headers", "\"x\""), ("host", "\"x\""), ("destinationAddress", "5"),
                         // escaped unpaired surrogates in values: named by their field, not as a property name
                         ("messageId", "\"PT-20417\\ud800\""), ("conversationId", "\"\\udc00\""), ("sourceAddress", "\"rabbitmq://h/PT-20417\\ud800\""),
                         ("expirationTime", "\"2026-11-01T09:30:00Z\\ud800\""),
                         // and in host and headers, which MassTransit reads too (its reader failed, naming nothing)
                         ("host", "{\"machineName\":\"m\\ud800\"}"), ("headers", "{\"x-PT-20417\":\"PT-20417\\ud800\"}")])
            {
                var envelope = new JsonObject { ["messageType"] = new JsonArray(urn), ["message"] = Valid(type) };
                AddJson("envelope", type, WithRaw(envelope, field, raw), field, Envelope);
            }

            if (type == Dispensed)
            {
                // the envelope's decimal strings (MassTransit's convention) that hold no number
                foreach (var quantity in (string[])["\"abc\"", "\"NaN\"", "\"\"", "\" 10\"", "\"1e400\""])
                {
                    AddJson("envelope", type, new JsonObject { ["messageType"] = new JsonArray(urn), ["message"] = JsonNode.Parse(WithRaw(Valid(type), "quantity", quantity)) }.ToJsonString(), "quantity", Envelope);
                }
            }

            // duplicate keys (also differing only in case)
            AddJson("duplicate", type, Valid(type).ToJsonString().Replace("{\"eventId\"", "{\"patientId\":\"PT-other\",\"eventId\"", StringComparison.Ordinal), "patientId");
            AddJson("duplicate", type, Valid(type).ToJsonString().Replace("{\"eventId\"", "{\"PATIENTID\":\"PT-other\",\"eventId\"", StringComparison.Ordinal), "patientId");
            AddJson("duplicate", type, Valid(type).ToJsonString().Replace("{\"eventId\"", $"{{\"eventId\":\"{Guid.NewGuid()}\",\"EventId\"", StringComparison.Ordinal), "eventId");
            AddJson("duplicate", type, Valid(type).ToJsonString().Replace("{\"eventId\"", $"{{\"type\":\"{type}\",\"Type\":\"{(type == Dispensed ? Supplement : Dispensed)}\",\"eventId\"", StringComparison.Ordinal), "type");

            // property names System.Text.Json cannot read (escaped unpaired surrogates), in the event, a nested object
            // and a MassTransit envelope
            foreach (var name in (string[])["\\ud800", "x\\udc00", "\\udbff\\udbff"])
            {
                AddJson("name", type, WithRaw(Valid(type), "extra", "1").Replace("\"extra\"", $"\"{name}\"", StringComparison.Ordinal), "property names");
                AddJson("name", type, WithRaw(Valid(type), objectField + ".extra", "1").Replace("\"extra\"", $"\"{name}\"", StringComparison.Ordinal), "property names");
                var wrapped = new JsonObject { ["messageType"] = new JsonArray($"urn:message:RegimenMonitor.Contracts:{(type == Dispensed ? "MedicationDispensed" : "SupplementReported")}"), ["message"] = JsonNode.Parse(WithRaw(Valid(type), "extra", "1")) }.ToJsonString();
                AddJson("name", type, wrapped.Replace("\"extra\"", $"\"{name}\"", StringComparison.Ordinal), "property names", "application/vnd.masstransit+json");
                AddJson("name", type, wrapped.Replace("\"messageType\"", $"\"{name}\":1,\"messageType\"", StringComparison.Ordinal), "property names", "application/vnd.masstransit+json");
            }

            // values the contract gives a meaning to
            AddJson("semantic", type, With(Valid(type), "status", "lost"), "status");

            // product codes that cannot be codes of their system
            foreach (var atc in (string[])["N6AB06", "sertraline", "N06AB0", "06AB06", "N06AB06X"])
            {
                AddJson("code", type, With(Valid(type), objectField + ".atc", atc), objectField + ".atc");
            }
        }

        foreach (var rxnorm in (string[])["abc", "RX312938", "312938.0", "-312938", "12345678901", "3129 38"])
        {
            cases.Add(new CorpusCase($"code-{cases.Count}", "code", Dispensed, Encoding.UTF8.GetBytes(With(ValidDispense(Guid.NewGuid()), "medication.rxnorm", rxnorm)), "application/json", "medication.rxnorm"));
        }

        foreach (var ndc in (string[])["abc", "12", "0049-4960-30-1", "0049--4960", "-0049-4960-30", "0049 4960 30", "123456789012", "0049496030A"])
        {
            cases.Add(new CorpusCase($"code-{cases.Count}", "code", Dispensed, Encoding.UTF8.GetBytes(With(ValidDispense(Guid.NewGuid()), "medication.ndc", ndc)), "application/json", "medication.ndc"));
        }

        // dispense numbers: strings, fractions (in any notation), overflow, out of range; a whole value written 30.0 or
        // 1e2 is a number of days like any other (EdgeContractTests), not malformed
        foreach (var value in (string[])["\"30\"", "30.5", "2.55e1", "30.000001", "399.99999999999999999999999999999", "29.999999999999999999999999999999e0", "0", "0.0", "-1", "401", "4.01e2", "2147483648", "99999999999999999999", "1e400", "\"thirty\"", "true", "[30]"])
        {
            cases.Add(new CorpusCase($"number-{cases.Count}", "number", Dispensed, Encoding.UTF8.GetBytes(WithRaw(ValidDispense(Guid.NewGuid()), "daysSupply", value)), "application/json", "daysSupply"));
        }

        foreach (var value in (string[])["\"10\"", "\"\"", "1e400", "\"1e2\"", "true", "{}", "-1"])
        {
            cases.Add(new CorpusCase($"number-{cases.Count}", "number", Dispensed, Encoding.UTF8.GetBytes(WithRaw(ValidDispense(Guid.NewGuid()), "quantity", value)), "application/json", "quantity"));
        }

        var supplementSemantics = new (string Field, string Raw, string Expected)[]
        {
            ("source", "\"neighbour\"", "source"),
            ("stoppedOn", "\"2026-10-01\"", "stoppedOn"),
        };
        foreach (var (field, raw, expected) in supplementSemantics)
        {
            cases.Add(new CorpusCase($"semantic-{cases.Count}", "semantic", Supplement, Encoding.UTF8.GetBytes(WithRaw(ValidSupplement(Guid.NewGuid()), field, raw)), "application/json", expected));
        }

        return cases;
    }

    /// <summary>The body with <paramref name="path"/> (dotted) set to a JSON string.</summary>
    public static string With(JsonObject body, string path, string value) => WithRaw(body, path, JsonSerializer.Serialize(value, RawStrings));

    /// <summary>The body with <paramref name="path"/> (dotted) set to the raw JSON text <paramref name="rawJson"/> (which may be invalid on purpose).</summary>
    public static string WithRaw(JsonObject body, string path, string rawJson)
    {
        var (parent, name) = Locate(body, path);
        parent[name] = Raw;
        return body.ToJsonString().Replace($"\"{Raw}\"", rawJson, StringComparison.Ordinal);
    }

    private static string Without(JsonObject body, string path)
    {
        var (parent, name) = Locate(body, path);
        parent.Remove(name);
        return body.ToJsonString();
    }

    private static (JsonObject Parent, string Name) Locate(JsonObject body, string path)
    {
        var parts = path.Split('.');
        var parent = body;
        foreach (var part in parts[..^1])
        {
            parent = parent[part] as JsonObject ?? throw new InvalidOperationException($"no object at {part}");
        }

        return (parent, parts[^1]);
    }

    private static byte[] Splice(byte[] body, byte[] marker, byte[] replacement)
    {
        var at = body.AsSpan().IndexOf(marker);
        return [.. body[..at], .. replacement, .. body[(at + marker.Length)..]];
    }

    /// <summary>Serialises strings as they are (non-ASCII, control characters escaped only as JSON requires).</summary>
    private static readonly JsonSerializerOptions RawStrings = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
