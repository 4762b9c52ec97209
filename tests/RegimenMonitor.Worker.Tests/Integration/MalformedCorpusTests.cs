using System.Text.Json.Nodes;
using System.Text;
using Microsoft.EntityFrameworkCore;
using RabbitMQ.Client;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Regimens;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// The generated malformed corpus (<see cref="MalformedCorpus"/>), interleaved with valid events — plain JSON with and
/// without a content type or charset, MassTransit envelopes, legitimate non-ASCII text, lower-case t/z, fractions —
/// published on the real broker to a real worker: every malformed message ends in its endpoint's <c>_error</c> queue
/// with a reason naming the field, nothing is skipped, and every valid event is applied exactly once.
/// </summary>
public sealed class MalformedCorpusTests : PipelineTest
{
    private const string CaseHeader = "corpus-case";

    [Fact]
    public async Task Every_malformed_message_lands_in_error_with_a_field_naming_reason_and_every_valid_event_is_applied_once()
    {
        var corpus = MalformedCorpus.Generate(seed: 20261201);
        Assert.True(corpus.Count >= 1000, $"the corpus has {corpus.Count} messages");
        var valid = ValidEvents(patients: 40, perPatient: 5);
        var order = new Random(20261201); // a seeded interleaving, so a failure reproduces
        var messages = corpus.Select(c => (c.EventType, c.Body, c.ContentType, Case: (string?)c.Id))
            .Concat(valid.Select(v => (v.EventType, v.Body, v.ContentType, Case: (string?)null)))
            .Concat(valid.Take(25).Select(v => (v.EventType, v.Body, v.ContentType, Case: (string?)null))) // redelivered duplicates
            .OrderBy(_ => order.Next())
            .ToList();

        await PublishAsync(Broker.AmqpUri, messages, Ct);

        await Worker.WaitForProcessedAsync(valid.Count, TimeSpan.FromSeconds(90), Ct);
        var rejected = new Dictionary<string, BrokerMessage>();
        foreach (var (type, expected) in (ValueTuple<string, int>[])[(MalformedCorpus.Dispensed, corpus.Count(c => c.EventType == MalformedCorpus.Dispensed)),
                     (MalformedCorpus.Supplement, corpus.Count(c => c.EventType == MalformedCorpus.Supplement))])
        {
            var queue = $"regimen-monitor.{type}_error";
            foreach (var message in await Broker.WaitForMessagesAsync(queue, expected, TimeSpan.FromSeconds(90), Ct))
            {
                Assert.True(message.Headers.TryGetValue(CaseHeader, out var id), $"a message in {queue} that is not from the corpus");
                rejected[id!] = message;
            }
        }
        var problems = new List<string>();
        foreach (var c in corpus)
        {
            if (!rejected.TryGetValue(c.Id, out var message))
            {
                problems.Add($"{c.Id}: not in _error");
                continue;
            }

            var reason = message.Headers.GetValueOrDefault("MT-Fault-Message") ?? string.Empty;
            if (!reason.StartsWith("Invalid event: ", StringComparison.Ordinal) || !reason.Contains(c.ExpectedField, StringComparison.Ordinal))
            {
                problems.Add($"{c.Id}: reason does not name {c.ExpectedField}: {reason}");
            }

            if (reason.Contains("PT-", StringComparison.Ordinal) || reason.Contains("Zoloft", StringComparison.Ordinal) || reason.Contains("Wort", StringComparison.Ordinal))
            {
                problems.Add($"{c.Id}: reason quotes a value: {reason}");
            }
        }

        Assert.True(problems.Count == 0, $"{problems.Count} of {corpus.Count} malformed messages:\n" + string.Join('\n', problems.Take(40)));
        foreach (var type in (string[])[MalformedCorpus.Dispensed, MalformedCorpus.Supplement])
        {
            var skipped = await Broker.GetQueueAsync($"regimen-monitor.{type}_skipped", Ct);
            Assert.True(skipped is null || skipped["messages"]?.GetValue<int>() == 0, $"messages were skipped on {type}");
        }

        // every valid event applied exactly once: one inbox row and one item each, nothing else
        var expectedIds = valid.Select(v => v.EventId).ToHashSet();
        var processed = await Worker.QueryAsync(db => db.ProcessedEvents.AsNoTracking().Select(p => p.EventId).ToListAsync());
        Assert.Equal(expectedIds.Count, processed.Count);
        Assert.True(expectedIds.SetEquals(processed), "the inbox holds exactly the valid events");
        var items = await Worker.QueryAsync(db => db.RegimenItems.AsNoTracking().Select(i => i.SourceEventId).ToListAsync());
        Assert.Equal(expectedIds.Count, items.Count);
        Assert.True(expectedIds.SetEquals(items), "one regimen item per valid event");
        var patients = await Worker.QueryAsync(db => db.Patients.AsNoTracking().Select(p => p.PatientRef).ToListAsync());
        Assert.Equal(valid.Select(v => v.PatientId).Distinct().Order(), patients.Order());
    }

    [Fact]
    public void The_corpus_is_rejected_by_the_same_contract_check_the_ndjson_verbs_use()
    {
        // Plain-JSON cases through the shared NDJSON path: same failures, with a line instead of a body.
        var limit = EventTimeLimit.From(TimeProvider.System, TimeSpan.FromMinutes(5));
        var checkedCases = 0;
        foreach (var c in MalformedCorpus.Generate(seed: 20261201).Where(c => c.ContentType == "application/json" && c.Category is not ("utf8" or "binary" or "truncated" or "nesting" or "not-object" or "huge" or "content-type" or "envelope")))
        {
            var node = JsonNode.Parse(c.Body) as JsonObject;
            if (node is null)
            {
                continue;
            }

            var line = Encoding.UTF8.GetString(c.Body).Insert(1, $"\"type\":\"{c.EventType}\",");
            Assert.False(NdjsonEvents.TryParse(line, 1, 30, limit, out _, out var error), $"{c.Id} was accepted by the NDJSON path");
            Assert.Contains(c.ExpectedField, error, StringComparison.Ordinal);
            checkedCases++;
        }

        Assert.True(checkedCases > 500, $"only {checkedCases} cases checked");
    }

    private static List<(string EventType, byte[] Body, string? ContentType, Guid EventId, string PatientId)> ValidEvents(int patients, int perPatient)
    {
        var events = new List<(string, byte[], string?, Guid, string)>();
        string?[] contentTypes = ["application/json", null, "application/json; charset=utf-8", "Application/JSON"];
        string[] texts = ["Zoloft 50 mg tablet", "St John’s Wort 300 mg", "Ginkgo biloba 銀杏 120 mg", "Magnesium 💊 400 mg", "Kratom (Mitragyna) powder"];
        for (var p = 0; p < patients; p++)
        {
            var patient = $"PT-corpus-{p}-Ünïcødé";
            for (var i = 0; i < perPatient; i++)
            {
                var id = Guid.NewGuid();
                var dispense = (p + i) % 2 == 0;
                var body = dispense ? MalformedCorpus.ValidDispense(id, patient) : MalformedCorpus.ValidSupplement(id, patient);
                var text = texts[(p + i) % texts.Length];
                ((JsonObject)body[dispense ? "medication" : "supplement"]!)["text"] = text;
                if (i == 1)
                {
                    body[dispense ? "dispensedAt" : "reportedAt"] = "2026-11-03t08:15:30.125z";
                }

                var type = dispense ? MalformedCorpus.Dispensed : MalformedCorpus.Supplement;
                if (i == 2)
                {
                    var urn = dispense ? MessageUrn<MedicationDispensed>() : MessageUrn<SupplementReported>();
                    var envelope = new JsonObject { ["messageId"] = Guid.NewGuid().ToString(), ["messageType"] = new JsonArray(urn), ["message"] = body };
                    events.Add((type, Encoding.UTF8.GetBytes(envelope.ToJsonString()), "application/vnd.masstransit+json", id, patient));
                }
                else
                {
                    events.Add((type, Encoding.UTF8.GetBytes(body.ToJsonString()), contentTypes[(p + i) % contentTypes.Length], id, patient));
                }
            }
        }

        return events;
    }

    private static string MessageUrn<T>() => MassTransit.MessageUrn.ForTypeString<T>();

    /// <summary>Publishes with a plain RabbitMQ client, each message with its own content type (or none) and its corpus id.</summary>
    private static async Task PublishAsync(string amqpUri, IEnumerable<(string EventType, byte[] Body, string? ContentType, string? Case)> messages, CancellationToken ct)
    {
        var factory = new ConnectionFactory { Uri = new Uri(amqpUri) };
        await using var connection = await factory.CreateConnectionAsync(ct);
        await using var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true), ct);
        var batch = new List<Task>(100);
        foreach (var (type, body, contentType, id) in messages)
        {
            var properties = new BasicProperties { DeliveryMode = DeliveryModes.Persistent, ContentType = contentType };
            if (id is not null)
            {
                properties.Headers = new Dictionary<string, object?> { [CaseHeader] = id };
            }

            var exchange = type == MalformedCorpus.Dispensed ? MedicationDispensed.ExchangeName : SupplementReported.ExchangeName;
            batch.Add(channel.BasicPublishAsync(exchange, string.Empty, false, properties, body, ct).AsTask());
            if (batch.Count == 100)
            {
                await Task.WhenAll(batch);
                batch.Clear();
            }
        }

        await Task.WhenAll(batch);
    }
}
