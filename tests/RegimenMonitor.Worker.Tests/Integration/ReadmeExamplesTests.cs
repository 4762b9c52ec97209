using System.Text.Json;
using System.Text.RegularExpressions;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Regimens;
using RegimenMonitor.Worker.Tests.Infrastructure;

using static RegimenMonitor.Worker.Tests.Infrastructure.AlertTestSupport;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// The README as a new user follows it: its JSON examples are valid against the contract, and its care-team pager
/// steps, run on a fresh broker before the first alert, receive what the text promises, and its audit queue takes
/// the alert the pager binds no key for.
/// </summary>
public sealed class ReadmeExamplesTests : AlertTest
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly string[] Statuses = ["active", "resolved", "superseded"];
    private static readonly string[] Severities = ["info", "moderate", "major", "contraindicated"];
    private static readonly string Readme = ReadmeJson.Readme;

    [Fact]
    public void Every_json_example_in_the_readme_is_valid_against_the_contract()
    {
        var blocks = ReadmeJson.Blocks();
        Assert.True(blocks.Count >= 3, "the README's JSON examples are found");
        var kinds = new List<string>();
        foreach (var block in blocks)
        {
            using var json = JsonDocument.Parse(block);
            var root = json.RootElement;
            if (root.TryGetProperty("acknowledgedBy", out _))
            {
                var ack = JsonSerializer.Deserialize<AlertAcknowledged>(block, WireJson.Options)!;
                AcknowledgementRecorder.Validate(ack); // throws naming the field when invalid
                kinds.Add("acknowledgement");
            }
            else if (root.TryGetProperty("ruleId", out _))
            {
                var alert = JsonSerializer.Deserialize<RegimenAlertRaised>(block, WireJson.Options)!;
                Assert.NotEqual(Guid.Empty, alert.AlertId);
                Assert.Contains(alert.Status, Statuses);
                Assert.Contains(alert.Severity, Severities);
                Assert.NotEmpty(alert.Involves);
                Assert.NotEmpty(alert.Evidence);
                if (alert.Status == "superseded")
                {
                    Assert.NotNull(alert.SupersededBy);
                    Assert.Equal("superseded", alert.Resolution?.Reason);
                }

                kinds.Add("alert");
            }
            else
            {
                Assert.True(root.TryGetProperty("checks", out _) || root.TryGetProperty("status", out _), "an unknown JSON example: " + block);
            }
        }

        Assert.Contains("acknowledgement", kinds);
        Assert.Contains("alert", kinds);

        // the events published with curl (JSON in a JSON string) are valid events
        var payloads = ReadmeJson.Payloads();
        Assert.NotEmpty(payloads);
        foreach (var payload in payloads)
        {
            using var published = JsonDocument.Parse(payload);
            if (published.RootElement.TryGetProperty("resourceType", out _))
            {
                // a FHIR resource published to a fhir.* exchange: valid FHIR that maps to at least one change
                Assert.NotEmpty(Worker.Fhir.FhirEventMapper.Map(payload, DateTimeOffset.UtcNow, 30).Changes);
                continue;
            }

            if (published.RootElement.TryGetProperty("acknowledgedBy", out _))
            {
                // the acknowledgement published to care.alert-acknowledged, with the shell's values filled in
                AcknowledgementRecorder.Validate(JsonSerializer.Deserialize<AlertAcknowledged>(payload, WireJson.Options)!);
                kinds.Add("acknowledgement published");
                continue;
            }

            EventMapper.Map(JsonSerializer.Deserialize<MedicationDispensed>(payload, WireJson.Options)!, 30);
        }

        Assert.Contains("acknowledgement published", kinds);
    }

    [Fact]
    public async Task The_readme_pager_steps_on_a_fresh_broker_before_the_first_alert_receive_the_contraindicated_and_major_alerts()
    {
        var pager = Regex.Match(Readme, @"api/queues/\$VHOST/([A-Za-z0-9_.-]+) -H").Groups[1].Value;
        var keys = Regex.Matches(Regex.Match(Readme, @"for key in (.+); do").Groups[1].Value, "'([^']+)'").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal("care-team-pager", pager);
        Assert.Contains("*.contraindicated", keys);
        Assert.Contains("*.major", keys);

        // the worker starts once (declaring the exchange), then the care team runs the README's steps, then events flow
        var worker = await StartWorkerAsync();
        foreach (var key in keys)
        {
            await Broker.DeclareQueueAsync(pager, RegimenAlertRaised.ExchangeName, key, Ct);
        }

        var now = Clock.GetUtcNow();
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-p1", "Nardil 15 mg tablet", DaysAgo(now, 20), 30), Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-p1", "Zoloft 50 mg tablet", DaysAgo(now, 2), 30), Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-p2", "Zoloft 50 mg tablet", DaysAgo(now, 10), 30), Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-p2", "Ultram 50 mg tablet", DaysAgo(now, 3), 30), Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-p3", "Zoloft 50 mg tablet", DaysAgo(now, 10), 30), Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-p3", "Delsym 30 mg/5 mL", DaysAgo(now, 1), 5), Ct);

        var received = await Broker.WaitForMessagesAsync(pager, 2, Wait, Ct);
        Assert.Equal(["serotonergic-contraindicated.contraindicated", "serotonergic-stacking.major"], received.Select(m => m.RoutingKey).Order(StringComparer.Ordinal));
        Assert.Equal(["PT-p1", "PT-p2"], received.Select(m => m.Json().RootElement.GetProperty("patientId").GetString()).Order(StringComparer.Ordinal));

        // the moderate alert (PT-p3) is no pager's business: it waits in the outbox for a queue bound to its key
        var deadline = DateTime.UtcNow + Wait;
        while (!(await OutboxAsync(worker)).Any(m => m.RoutingKey == "serotonergic-stacking.moderate" && m.Attempts > 0))
        {
            Assert.True(DateTime.UtcNow < deadline, "the moderate alert was never tried");
            await Task.Delay(100, Ct);
        }

        Assert.Empty(await Broker.GetAsync(pager, 10, Ct));

        // the recipe's catch-all audit queue, bound now, receives the kept moderate alert (within about 30 s)
        var audit = Regex.Match(Readme, @"api/queues/\$VHOST/(care-team-audit) -H").Groups[1].Value;
        Assert.Equal("care-team-audit", audit);
        Assert.Contains($"q/{audit} \\\n  -H 'content-type: application/json' -d '{{\"routing_key\":\"#\"}}'", Readme, StringComparison.Ordinal);
        await Broker.DeclareQueueAsync(audit, RegimenAlertRaised.ExchangeName, "#", Ct);
        var kept = await Broker.WaitForMessagesAsync(audit, 1, 2 * Wait, Ct);
        Assert.Equal("serotonergic-stacking.moderate", Assert.Single(kept).RoutingKey);
    }
}
