using MassTransit;

namespace RegimenMonitor.Worker.Infrastructure.Messaging;

/// <summary>
/// The bus the worker publishes alerts on. On RabbitMQ it is a bus of its own, with no receive endpoint, on an AMQP
/// connection of its own: under a memory or disk alarm the broker blocks every connection that publishes, and it then
/// reads nothing more from that connection, the acknowledgements of consumed events included. With alerts published
/// on the intake's connection, an alarm stopped the intake as well as the alerts (an independent fault probe: both
/// receive queues stuck at their prefetch of unacknowledged messages for the alarm's whole length). On its own
/// connection only the alerts wait; events go on being consumed, which is also what relieves a memory alarm caused by
/// a backlog. In memory (the demo) it is the one bus, so the demo's care-team endpoint receives what it publishes.
/// </summary>
internal interface IAlertBus : IBus;

/// <inheritdoc cref="IAlertBus"/>
internal sealed class AlertBus(IBusControl busControl) : BusInstance<IAlertBus>(busControl), IAlertBus;
