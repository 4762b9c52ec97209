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

    [Fact]
    public void The_log_line_shows_the_event_id_else_the_message_id_else_a_placeholder()
    {
        var eventId = Guid.NewGuid();
        var messageId = Guid.NewGuid();
        var withId = new InvalidOperationException("fault", new RegimenMonitor.Worker.Infrastructure.Messaging.InvalidEventException("quantity must be positive") { EventId = eventId });
        var withoutId = new RegimenMonitor.Worker.Infrastructure.Messaging.InvalidEventException("eventId is required (a UUID)");

        Assert.Equal(eventId.ToString(), RejectedEventObserver.LoggedId(withId, messageId));
        Assert.Equal(messageId.ToString(), RejectedEventObserver.LoggedId(withoutId, messageId));
        Assert.Equal("(no valid eventId read)", RejectedEventObserver.LoggedId(withoutId, null));
        Assert.Equal("(no valid eventId read)", RejectedEventObserver.LoggedId(new System.Text.Json.JsonException("not JSON"), null));
    }

    [Fact]
    public void A_rejection_by_the_consumers_checks_carries_the_events_own_id()
    {
        // the second step (EventMapper, after the body's form passed): before, its log line read "(no valid eventId read)"
        var eventId = Guid.NewGuid();
        var dispense = new RegimenMonitor.Contracts.MedicationDispensed
        {
            EventId = eventId, PatientId = "PT-1", Status = "bogus", DispensedAt = DateTimeOffset.Parse("2026-03-01T09:30:00Z", System.Globalization.CultureInfo.InvariantCulture),
            Medication = new RegimenMonitor.Contracts.MedicationProduct { Text = "Zoloft" },
        };
        var supplement = new RegimenMonitor.Contracts.SupplementReported
        {
            EventId = eventId, PatientId = "PT-1", Source = "neighbour", ReportedAt = DateTimeOffset.Parse("2026-03-01T09:30:00Z", System.Globalization.CultureInfo.InvariantCulture),
            Supplement = new RegimenMonitor.Contracts.SupplementProduct { Text = "5-HTP" },
        };

        var dispensed = Assert.Throws<RegimenMonitor.Worker.Infrastructure.Messaging.InvalidEventException>(() => RegimenMonitor.Worker.Regimens.EventMapper.Map(dispense, 30));
        var reported = Assert.Throws<RegimenMonitor.Worker.Infrastructure.Messaging.InvalidEventException>(() => RegimenMonitor.Worker.Regimens.EventMapper.Map(supplement));

        Assert.Equal(eventId.ToString(), RejectedEventObserver.LoggedId(dispensed, Guid.NewGuid()));
        Assert.Equal(eventId.ToString(), RejectedEventObserver.LoggedId(reported, null));
    }
}
