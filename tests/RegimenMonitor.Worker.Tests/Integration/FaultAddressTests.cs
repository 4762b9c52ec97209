using System.Text.Json.Nodes;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// A message may name where a fault or a reply should go (<c>MT-Fault-Address</c>, <c>MT-Response-Address</c>, an
/// envelope's <c>faultAddress</c>/<c>responseAddress</c>). The worker sends nothing anywhere for a rejected message:
/// it goes to <c>_error</c> once, with our reason, and the messages behind it are acknowledged. Before, an address
/// naming an exchange of another type closed the consumer's channel (the message came back for ever), an <c>http:</c>
/// address was retried ten times and reached <c>_error</c> with MassTransit's reason, a <c>queue:</c> address made the
/// worker declare a queue of the publisher's choosing and copy the event into it, and every rejection copied the
/// event to MassTransit's fault exchange.
/// </summary>
public sealed class FaultAddressTests : PipelineTest
{
    private const string FaultExchange = "MassTransit:Fault--RegimenMonitor.Contracts:MedicationDispensed--";
    private const string PublisherQueue = "publisher-chosen";
    private const string Input = "regimen-monitor.medication-dispensed";

    [Fact]
    public async Task An_address_a_message_names_is_never_used_and_the_rejection_reaches_error_once()
    {
        // who could receive something: a queue on MassTransit's fault exchange for the type, and a care team's alerts
        await Broker.DeclareExchangeAsync(FaultExchange, "fanout", Ct);
        await Broker.DeclareQueueAsync("fault-sink", FaultExchange, string.Empty, Ct);
        await Broker.SubscribeToAlertsAsync("care-team", "#", Ct);

        (string Header, string Address)[] named =
        [
            ("MT-Fault-Address", "exchange:care.regimen-alerts"), // a topic exchange: declaring it as fanout closes the channel
            ("MT-Response-Address", "exchange:care.regimen-alerts"),
            ("MT-Fault-Address", "exchange:amq.regimen"), // a reserved name: access refused
            ("MT-Fault-Address", "http://127.0.0.1:1/x"), // not a broker address
            ("MT-Fault-Address", $"queue:{PublisherQueue}?bind=true"),
        ];
        foreach (var (header, address) in named)
        {
            var invalid = MalformedCorpus.ValidDispense(Guid.NewGuid(), "PT-fault-1");
            invalid["status"] = "bogus"; // refused by the consumer's checks, after the body's form passed
            Assert.True(await Broker.PublishAsync(MedicationDispensed.ExchangeName, invalid.ToJsonString(), Ct,
                headers: new Dictionary<string, object> { [header] = address }), "routed");
        }

        var inEnvelope = MalformedCorpus.ValidDispense(Guid.NewGuid(), "PT-fault-1");
        inEnvelope["status"] = "bogus";
        var envelope = new JsonObject
        {
            ["messageId"] = Guid.NewGuid().ToString(),
            ["messageType"] = new JsonArray(MassTransit.MessageUrn.ForTypeString<MedicationDispensed>()),
            ["faultAddress"] = "exchange:care.regimen-alerts",
            ["responseAddress"] = "exchange:care.regimen-alerts",
            ["message"] = inEnvelope,
        };
        Assert.True(await Broker.PublishAsync(MedicationDispensed.ExchangeName, envelope.ToJsonString(), Ct, "application/vnd.masstransit+json"), "routed");

        // a valid event behind them is applied and acknowledged
        Assert.True(await Broker.PublishAsync(MedicationDispensed.ExchangeName, MalformedCorpus.ValidDispense(Guid.NewGuid(), "PT-fault-2").ToJsonString(), Ct), "routed");
        await Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(60), Ct);

        var rejected = await Broker.WaitForMessagesAsync($"{Input}_error", named.Length + 1, TimeSpan.FromSeconds(60), Ct);
        Assert.Equal(named.Length + 1, rejected.Count);
        foreach (var message in rejected)
        {
            var reason = message.Headers.GetValueOrDefault("MT-Fault-Message") ?? string.Empty;
            Assert.StartsWith("Invalid event: status must be one of", reason, StringComparison.Ordinal);
            Assert.False(message.Headers.ContainsKey("MT-Fault-RetryCount"), $"retried: {reason}");
        }

        // everything on the input queue was acknowledged: nothing comes back
        await Broker.WaitForAcknowledgedAsync(Input, named.Length + 2, TimeSpan.FromSeconds(60), Ct);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        int waiting;
        while ((waiting = (await Broker.GetQueueAsync(Input, Ct))?["messages"]?.GetValue<int>() ?? -1) != 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{waiting} messages still on {Input} (unacknowledged or redelivered)");
            await Task.Delay(500, Ct);
        }

        Assert.Equal(1, await Worker.ProcessedCountAsync());
        Assert.Empty(await Broker.GetAsync("fault-sink", 10, Ct));
        Assert.Empty(await Broker.GetAsync("care-team", 10, Ct));
        Assert.Null(await Broker.GetQueueAsync(PublisherQueue, Ct));
    }
}
