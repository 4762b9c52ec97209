using MassTransit;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Infrastructure.Observability;

/// <summary>
/// The consume span of every delivery attempt of an event, around its consumer: in the consumer's own pipe, so inside
/// the endpoint's retry (each attempt has its own span) and inside MassTransit's consume span, and the span is current
/// while the consumer runs (the writer's spans are its children). The consumer records what it applied on it
/// (Regimens/ConsumeOutcome); a failure is recorded here (<see cref="ConsumeTelemetry.Failed"/>): an
/// invalid event with its reason, anything else by exception type only. A value the database refused as data
/// (<see cref="StoredValueRefused"/>) is turned into an <see cref="InvalidEventException"/> here, so it is never
/// retried and goes to <c>_error</c>.
/// </summary>
/// <param name="eventType">The event type label (<c>medication-dispensed</c>, …).</param>
/// <param name="eventId">The event's id, for a refused value's log line; null when a message is not one event (a FHIR Bundle).</param>
internal sealed class ConsumeTelemetryFilter<TConsumer, TMessage>(string eventType, Func<TMessage, Guid>? eventId = null)
    : IFilter<ConsumerConsumeContext<TConsumer, TMessage>>
    where TConsumer : class
    where TMessage : class
{
    public async Task Send(ConsumerConsumeContext<TConsumer, TMessage> context, IPipe<ConsumerConsumeContext<TConsumer, TMessage>> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        using var activity = ConsumeTelemetry.Start(context, eventType);
        using var span = ConsumeTelemetry.Enter(activity);
        try
        {
            await next.Send(context);
        }
        catch (Exception ex) when (StoredValueRefused.From(ex, eventId?.Invoke(context.Message)) is { } invalid)
        {
            ConsumeTelemetry.Failed(activity, invalid);
            throw invalid;
        }
        catch (Exception ex)
        {
            ConsumeTelemetry.Failed(activity, ex);
            throw;
        }
    }

    public void Probe(ProbeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.CreateFilterScope("consumeTelemetry").Add("eventType", eventType);
    }
}
