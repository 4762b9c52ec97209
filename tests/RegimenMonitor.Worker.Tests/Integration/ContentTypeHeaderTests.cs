using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// MassTransit reads a <c>Content-Type</c> header when the AMQP property is absent. The edge holds it to the same rule as
/// the property: until 2026-12-04 one MassTransit could not parse was taken as no content type and the event applied.
/// </summary>
public sealed class ContentTypeHeaderTests : PipelineTest
{
    private const string Input = "regimen-monitor.medication-dispensed";

    [Theory]
    [InlineData("\u0001\u0002 garbage", "content_type must be application/json (or absent) or application/vnd.masstransit+json (was an unlisted value, not shown)")]
    [InlineData("text/plain", "content_type must be application/json (or absent) or application/vnd.masstransit+json (was text/plain)")]
    [InlineData("application/json", null)]
    public async Task A_content_type_header_is_held_to_the_propertys_rule(string header, string? reason)
    {
        var body = MalformedCorpus.ValidDispense(Guid.NewGuid(), "PT-header-1").ToJsonString();
        Assert.True(await Broker.PublishAsync(MedicationDispensed.ExchangeName, body, Ct, contentType: null,
            headers: new Dictionary<string, object> { ["Content-Type"] = header }), "routed");

        if (reason is null)
        {
            await Worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(60), Ct);
            Assert.NotNull(await Worker.PatientAsync("PT-header-1"));
            return;
        }

        var rejected = Assert.Single(await Broker.WaitForMessagesAsync($"{Input}_error", 1, TimeSpan.FromSeconds(60), Ct));
        Assert.Equal($"Invalid event: {reason}", rejected.Headers.GetValueOrDefault("MT-Fault-Message"));
        Assert.Equal(0, await Worker.ProcessedCountAsync());
        Assert.Null(await Worker.PatientAsync("PT-header-1"));
    }

    [Theory]
    [InlineData("application/xml", "application/xml")]
    [InlineData("text/json", "text/json")]
    // a value a publisher made up is not quoted: it may hold anything (an edge probe's application/PTMARKERCT was)
    [InlineData("application/jsonx", "an unlisted value, not shown")]
    [InlineData("application/PT-123", "an unlisted value, not shown")]
    [InlineData("json", "an unlisted value, not shown")]
    [InlineData("/", "an unlisted value, not shown")]
    [InlineData(";;;", "an unlisted value, not shown")]
    [InlineData("application / json", "an unlisted value, not shown")]
    public async Task A_content_type_property_that_is_not_json_is_refused(string contentType, string shown)
    {
        var body = MalformedCorpus.ValidDispense(Guid.NewGuid(), "PT-ct-1").ToJsonString();
        Assert.True(await Broker.PublishAsync(MedicationDispensed.ExchangeName, body, Ct, contentType: contentType), "routed");

        var rejected = Assert.Single(await Broker.WaitForMessagesAsync($"{Input}_error", 1, TimeSpan.FromSeconds(60), Ct));
        Assert.Equal($"Invalid event: content_type must be application/json (or absent) or application/vnd.masstransit+json (was {shown})",
            rejected.Headers.GetValueOrDefault("MT-Fault-Message"));
        Assert.Null(await Worker.PatientAsync("PT-ct-1"));
    }
}
