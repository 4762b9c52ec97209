using System.Text;
using RegimenMonitor.LoadDriver.Alerts;

namespace RegimenMonitor.LoadDriver.Tests;

public sealed class TimeToAlertTests
{
    private static readonly Guid Sertraline = Guid.Parse("5b0e6f0a-8a43-4b8e-9d0c-0d4c3a0e0001");
    private static readonly Guid Tramadol = Guid.Parse("5b0e6f0a-8a43-4b8e-9d0c-0d4c3a0e0002");
    private static readonly Guid Stranger = Guid.Parse("5b0e6f0a-8a43-4b8e-9d0c-0d4c3a0e0003");

    private static string AlertJson(Guid alertId, string status, params Guid[] sources) => $$"""
        {"alertId":"{{alertId}}","patientId":"PT-1","status":"{{status}}","concern":"serotonergic-stacking","severity":"major",
         "title":"t","detail":"d","recommendation":"r","ruleId":"SER-08","ruleSetVersion":"2026.11.1","evidence":[],"raisedAt":"2026-11-21T10:00:00Z",
         "involves":[{{string.Join(",", sources.Select(s => $$"""{"ingredient":"x","kind":"medication","productText":"p","sourceEventId":"{{s}}"}"""))}}]}
        """;

    private static ReceivedAlert Alert(Guid alertId, string status, long receivedTicks, params Guid[] sources) =>
        ReceivedAlert.Parse(Encoding.UTF8.GetBytes(AlertJson(alertId, status, sources)), "serotonergic-stacking.major", receivedTicks)!;

    [Fact]
    public void Parses_the_contract_fields_the_driver_needs()
    {
        var alertId = Guid.NewGuid();

        var alert = ReceivedAlert.Parse(Encoding.UTF8.GetBytes(AlertJson(alertId, "active", Sertraline, Tramadol)), "serotonergic-stacking.major", 42);

        Assert.NotNull(alert);
        Assert.Equal(alertId, alert.AlertId);
        Assert.Equal("active", alert.Status);
        Assert.Equal([Sertraline, Tramadol], alert.SourceEventIds);
        Assert.Equal(42, alert.ReceivedUtcTicks);
    }

    [Fact]
    public void Parses_an_alert_inside_a_MassTransit_envelope()
    {
        var alertId = Guid.NewGuid();
        var envelope = $$"""{"messageId":"{{Guid.NewGuid()}}","messageType":["urn:message:RegimenMonitor.Contracts:RegimenAlertRaised"],"message":{{AlertJson(alertId, "active", Tramadol)}}}""";

        var alert = ReceivedAlert.Parse(Encoding.UTF8.GetBytes(envelope), "k", 1);

        Assert.Equal(alertId, alert?.AlertId);
        Assert.Equal([Tramadol], alert?.SourceEventIds);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"eventId":"5b0e6f0a-8a43-4b8e-9d0c-0d4c3a0e0001"}""")]
    [InlineData("""{"alertId":"not-a-uuid"}""")]
    public void Something_else_on_the_exchange_is_not_an_alert(string body) =>
        Assert.Null(ReceivedAlert.Parse(Encoding.UTF8.GetBytes(body), "k", 1));

    [Fact]
    public void Measures_from_the_event_that_completed_the_combination()
    {
        var published = new Dictionary<Guid, long> { [Sertraline] = TimeSpan.FromSeconds(1).Ticks, [Tramadol] = TimeSpan.FromSeconds(10).Ticks };
        var alerts = new[] { Alert(Guid.NewGuid(), "active", TimeSpan.FromSeconds(12.5).Ticks, Sertraline, Tramadol) };

        var result = TimeToAlert.Measure(alerts, published, expectedCombinations: 1);

        Assert.Equal(1, result.Matched);
        Assert.Equal(2500, result.Milliseconds!.P50);
    }

    [Fact]
    public void Counts_each_alert_episode_once_and_ignores_resolutions_and_other_events()
    {
        var published = new Dictionary<Guid, long> { [Tramadol] = TimeSpan.FromSeconds(10).Ticks };
        var episode = Guid.NewGuid();
        var alerts = new[]
        {
            Alert(episode, "active", TimeSpan.FromSeconds(11).Ticks, Sertraline, Tramadol),
            Alert(episode, "active", TimeSpan.FromSeconds(15).Ticks, Sertraline, Tramadol), // an escalation re-send
            Alert(Guid.NewGuid(), "resolved", TimeSpan.FromSeconds(16).Ticks, Tramadol),
            Alert(Guid.NewGuid(), "active", TimeSpan.FromSeconds(17).Ticks, Stranger),
        };

        var result = TimeToAlert.Measure(alerts, published, expectedCombinations: 1);

        Assert.Equal(4, result.AlertsReceived);
        Assert.Equal(1, result.Matched);
        Assert.Equal(1000, result.Milliseconds!.Max);
    }

    [Fact]
    public void Without_alerts_it_says_so_instead_of_failing()
    {
        var result = TimeToAlert.Measure([], new Dictionary<Guid, long> { [Tramadol] = 1 }, expectedCombinations: 3);

        Assert.Null(result.Milliseconds);
        Assert.Equal("n/a (no alerts received)", result.Describe());
    }
}
