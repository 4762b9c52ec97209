using System.Net.Mime;
using System.Text;
using RegimenMonitor.Worker.Fhir;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Regimens;
using RegimenMonitor.Worker.Terminology;
using RegimenMonitor.Worker.Tests.Fhir;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// Random damage to valid events (seeded): whatever the bytes, the broker's contract check and the NDJSON verbs end in
/// either an accepted event or a named rejection — never another exception (which would be a crash on the command
/// line, or a reason that names no field in <c>_error</c>).
/// </summary>
public sealed class EdgeFuzzTests
{
    private static readonly string[] Fragments =
    [
        "\\ud800", "\\udc00", "\\u0000", "\\\"", "\"", "\\", "{", "}", "[", "]", ",", ":", "null", "true", "1e400", "-0", "0.5",
        "99999999999999999999", "\"x\":", "\"patientId\":", "\"PATIENTID\":\"p\",", "\"medication\":{}", "\"message\":", "\"messageType\":[]",
        "\"_status\":{},", "\"extension\":[{}],", "\"contained\":[{}],", "\"entry\":[{}],", "\"reference\":\"#\",", "\"valueInteger\":2147483648,",
        "\"resourceType\":\"Bundle\",", "\"\":1,", "\"\u00e9", "\ud83d\udc8a", "\u200b", " ", "\t", "2026-02-30T00:00:00Z", "+14:01", "9999-12-31T23:59:59-01:00", "0001-01-01T00:00:00+01:00",
    ];

    [Fact]
    public void Damaged_events_are_accepted_or_rejected_with_a_reason_and_never_throw_anything_else()
    {
        var random = new Random(20261201);
        var limit = EventTimeLimit.From(TimeProvider.System, TimeSpan.FromMinutes(5));
        string[] types = [EventContract.DispensedType, EventContract.SupplementType, EventContract.AcknowledgedType];
        var deserializers = types.ToDictionary(
            t => t,
            t => new ContractDeserializer(new ContentType(ContractDeserializer.JsonMediaType), t, Urn(t), TimeProvider.System, TimeSpan.FromMinutes(5)));
        int accepted = 0, rejected = 0;
        for (var i = 0; i < 40_000; i++)
        {
            var type = types[i % 3];
            var valid = type switch
            {
                EventContract.DispensedType => MalformedCorpus.ValidDispense(Guid.NewGuid()).ToJsonString(),
                EventContract.SupplementType => MalformedCorpus.ValidSupplement(Guid.NewGuid()).ToJsonString(),
                _ => $$"""{"eventId":"{{Guid.NewGuid()}}","alertId":"{{Guid.NewGuid()}}","acknowledgedBy":"dr.kim","acknowledgedAt":"2026-11-21T11:00:00Z","outcome":"overridden","reason":"benefit outweighs risk"}""",
            };
            var text = Damage(valid, random);
            var envelope = i % 4 == 0;
            var body = envelope ? $"{{\"messageType\":[\"{Urn(type)}\"],\"message\":{text}}}" : text;

            try
            {
                deserializers[type].Check(Encoding.UTF8.GetBytes(body), envelope);
                accepted++;
            }
            catch (InvalidEventException rejection)
            {
                Assert.StartsWith("Invalid event: ", rejection.Message, StringComparison.Ordinal);
                Assert.NotEmpty(rejection.Failures);
                rejected++;
            }

            if (type == EventContract.AcknowledgedType)
            {
                continue;
            }

            // an NDJSON line is decoded from UTF-8, so it never holds half a surrogate pair (the damage can split one)
            if (Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text)) != text)
            {
                continue;
            }

            var line = text.StartsWith('{') ? text.Insert(1, $"\"type\":\"{type}\",") : text;
            if (NdjsonEvents.TryParse(line, 7, 30, limit, out var parsed, out var error))
            {
                Assert.NotNull(parsed);
            }
            else
            {
                Assert.False(string.IsNullOrWhiteSpace(error));
            }
        }

        // both outcomes occur, or the damage proves nothing
        Assert.InRange(accepted, 1_000, 39_000);
        Assert.InRange(rejected, 1_000, 39_000);
    }

    [Fact]
    public void Damaged_fhir_resources_are_mapped_or_rejected_with_a_reason_and_never_throw_anything_else()
    {
        var random = new Random(4001);
        var receivedAt = new DateTimeOffset(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
        string[] sources =
        [
            .. FhirTestResources.ExampleFiles().Select(FhirTestResources.Example),
            FhirTestResources.Dispense("PT-9", "Zoloft 50 mg tablet"),
            FhirTestResources.Statement("PT-9", "St John's Wort 300 mg"),
            FhirTestResources.Bundle("collection", FhirTestResources.Dispense("PT-9", "Zoloft 50 mg tablet"), FhirTestResources.Statement("PT-9", "Ginkgo")),
        ];
        int mapped = 0, rejected = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var json = Damage(sources[i % sources.Length], random);
            if (Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(json)) != json)
            {
                continue;
            }

            try
            {
                FhirEventMapper.Map(json, receivedAt, 30);
                mapped++;
            }
            catch (InvalidEventException rejection)
            {
                Assert.NotEmpty(rejection.Failures);
                Assert.All(rejection.Failures, f => Assert.False(string.IsNullOrWhiteSpace(f)));
                rejected++;
            }
            catch (Exception other)
            {
                Assert.Fail($"{other.GetType().Name} for: {json}");
            }
        }

        Assert.InRange(mapped, 300, 19_700);
        Assert.InRange(rejected, 300, 19_700);
    }

    [Fact]
    public void Damaged_terminology_files_are_read_or_refused_naming_the_line_and_never_throw_anything_else()
    {
        var random = new Random(1776);
        var fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "terminology");
        string Read(string name) => File.ReadAllText(Path.Combine(fixtures, name));
        string conso = Read("RXNCONSO.RRF"), rel = Read("RXNREL.RRF"), product = Read("product.txt"), package = Read("package.txt");
        int read = 0, refused = 0;
        for (var i = 0; i < 4_000; i++)
        {
            var which = i % 4;
            string Maybe(string text, int index) => which == index ? DamageLines(text, random) : text;
            try
            {
                if (which < 2)
                {
                    TerminologyFiles.ReadRxNorm(new StringReader(Maybe(conso, 0)), new StringReader(Maybe(rel, 1)));
                }
                else
                {
                    TerminologyFiles.ReadNdc(new StringReader(Maybe(product, 2)), new StringReader(Maybe(package, 3)));
                }

                read++;
            }
            catch (FormatException refusal)
            {
                Assert.Matches(@"(line \d+|header)", refusal.Message);
                refused++;
            }
        }

        Assert.InRange(read, 100, 3_900);
        Assert.InRange(refused, 100, 3_900);
    }

    // the RRF and tab-separated files: fields and separators inserted, removed or emptied on one to three lines
    private static string DamageLines(string text, Random random)
    {
        var lines = text.Split('\n').ToList();
        string[] fragments = ["|", "\t", "", "x", "0", "RXNORM", "ENG", "SCD", "\u0000", "é", "||||", "\t\t\t", "12345-678-90", "0000-0000-00"];
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var at = random.Next(lines.Count);
            var line = lines[at];
            var position = random.Next(line.Length + 1);
            lines[at] = random.Next(4) switch
            {
                0 => line.Insert(position, fragments[random.Next(fragments.Length)]),
                1 => line[..position],
                2 => string.Empty,
                _ => line.Remove(position, Math.Min(random.Next(1, 8), line.Length - position)),
            };
        }

        return string.Join('\n', lines);
    }

    private static string Urn(string type) => "urn:message:RegimenMonitor.Contracts:" + type switch
    {
        EventContract.DispensedType => "MedicationDispensed",
        EventContract.SupplementType => "SupplementReported",
        _ => "AlertAcknowledged",
    };

    // one to three changes: a fragment inserted, a character replaced by one, or a span removed
    private static string Damage(string json, Random random)
    {
        var builder = new StringBuilder(json);
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            var at = random.Next(builder.Length + 1);
            var fragment = Fragments[random.Next(Fragments.Length)];
            switch (random.Next(3))
            {
                case 0:
                    builder.Insert(at, fragment);
                    break;
                case 1 when at < builder.Length:
                    builder.Remove(at, 1).Insert(at, fragment);
                    break;
                default:
                    builder.Remove(Math.Min(at, builder.Length), Math.Min(random.Next(1, 6), builder.Length - Math.Min(at, builder.Length)));
                    break;
            }
        }

        return builder.ToString();
    }
}
