using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Tests.Unit.Infrastructure;

/// <summary>A rejection's log line and metric name the event type from the receive queue, for every endpoint.</summary>
public sealed class RejectedEventObserverTests
{
    [Theory]
    [InlineData("rabbitmq://host/regimen-monitor.medication-dispensed", "medication-dispensed")]
    [InlineData("rabbitmq://host/vhost/regimen-monitor.supplement-reported", "supplement-reported")]
    [InlineData("rabbitmq://host/regimen-monitor.alert-acknowledged", "alert-acknowledged")]
    [InlineData("rabbitmq://host/custom.fhir-medication-dispense", "fhir")]
    [InlineData("rabbitmq://host/regimen-monitor.something-else", "unknown")]
    public void The_event_type_is_read_from_the_receive_queue(string address, string expected) =>
        Assert.Equal(expected, RejectedEventObserver.EventType(new Uri(address)));
}
