using System.Diagnostics;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Tests.Unit;

public sealed class TransportIdRedactionTests
{
    [Fact]
    public void Ids_that_are_not_uuids_and_source_address_paths_leave_the_span_uuids_and_hosts_stay()
    {
        var uuid = Guid.NewGuid().ToString();
        using var activity = new Activity("receive");
        activity.SetTag("messaging.message.id", "RX-PT-1234");
        activity.SetTag("messaging.masstransit.message_id", uuid);
        activity.SetTag("messaging.message.conversation_id", "PT-1234");
        activity.SetTag("messaging.masstransit.correlation_id", "urn:uuid:" + uuid);
        activity.SetTag("messaging.masstransit.source_address", "rabbitmq://user:secret@broker:5672/vhost/PT-1234");
        activity.SetTag("peer.address", "broker");
        activity.SetTag("messaging.destination.name", "regimen-monitor.medication-dispensed");
        activity.SetTag("messaging.masstransit.destination_address", "rabbitmq://broker/PT-1234");
        activity.SetTag("messaging.masstransit.message_types", "urn:message:RegimenMonitor.Contracts:MedicationDispensed,urn:message:PT-1234");
        activity.SetTag("messaging.masstransit.initiator_id", "00000000000000000000000000001234"); // a number that parses as a UUID in the N form

        new TransportIdRedaction().OnEnd(activity);

        Assert.Equal(TransportIdRedaction.NotShown, activity.GetTagItem("messaging.message.id"));
        Assert.Equal(uuid, activity.GetTagItem("messaging.masstransit.message_id"));
        Assert.Equal(TransportIdRedaction.NotShown, activity.GetTagItem("messaging.message.conversation_id"));
        Assert.Equal(TransportIdRedaction.NotShown, activity.GetTagItem("messaging.masstransit.correlation_id")); // only a bare UUID stays
        Assert.Equal("rabbitmq://broker:5672/…", activity.GetTagItem("messaging.masstransit.source_address"));
        Assert.Equal("broker", activity.GetTagItem("peer.address"));
        Assert.Equal("regimen-monitor.medication-dispensed", activity.GetTagItem("messaging.destination.name"));
        Assert.Equal("rabbitmq://broker/…", activity.GetTagItem("messaging.masstransit.destination_address"));
        Assert.Equal("urn:message:RegimenMonitor.Contracts:MedicationDispensed," + TransportIdRedaction.TypeNotShown, activity.GetTagItem("messaging.masstransit.message_types"));
        Assert.Equal(TransportIdRedaction.NotShown, activity.GetTagItem("messaging.masstransit.initiator_id"));
    }

    [Theory]
    [InlineData("rabbitmq://broker/", null)]
    [InlineData("rabbitmq://broker", null)]
    [InlineData("", null)]
    [InlineData("PT-1234", TransportIdRedaction.NotShown)]
    [InlineData("rabbitmq://broker/exchange?bind=true", "rabbitmq://broker/…")]
    public void An_address_keeps_only_its_scheme_host_and_port(string address, string? redacted) =>
        Assert.Equal(redacted, TransportIdRedaction.Redact(address));
}
