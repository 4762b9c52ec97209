using System.Runtime.Serialization;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Logging;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Infrastructure.Observability;

/// <summary>
/// Counts and logs every event rejected as invalid — by validation in a consumer, or earlier when its body is not
/// JSON or a field cannot be read (those never reach a consumer) — as outcome <c>invalid</c>. The logged reason names
/// the failing fields or the JSON path, never a value.
/// </summary>
internal sealed class RejectedEventObserver(ILogger<RejectedEventObserver> logger) : IReceiveObserver
{
    /// <summary>The body could not be read as the message type: no consumer ran.</summary>
    public Task ReceiveFault(ReceiveContext context, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(context);
        Rejected(context.InputAddress, context.GetMessageId(), exception);
        return Task.CompletedTask;
    }

    /// <summary>A consumer threw: counted when it rejected the event as invalid (other failures are retried).</summary>
    public Task ConsumeFault<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType, Exception exception)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(context);
        Rejected(context.ReceiveContext.InputAddress, context.MessageId, exception);
        return Task.CompletedTask;
    }

    public Task PreReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostReceive(ReceiveContext context) => Task.CompletedTask;

    public Task PostConsume<T>(ConsumeContext<T> context, TimeSpan duration, string consumerType)
        where T : class => Task.CompletedTask;

    private void Rejected(Uri? inputAddress, Guid? messageId, Exception exception)
    {
        if (Reason(exception) is not { } reason)
        {
            return;
        }

        var eventType = EventType(inputAddress);
        Telemetry.RecordConsumed(eventType, Telemetry.Outcomes.Invalid);
        Log.EventRejected(logger, eventType, LoggedId(exception, messageId), reason);
    }

    /// <summary>What the log line shows for a message whose body held no readable eventId and that had no message id.</summary>
    internal const string NoEventId = "(no valid eventId read)";

    /// <summary>The id the rejection's log line shows: the event's, else the message's, else <see cref="NoEventId"/>.</summary>
    internal static string LoggedId(Exception exception, Guid? messageId) =>
        (EventId(exception) ?? messageId)?.ToString() ?? NoEventId;

    /// <summary>The event's own id when the rejection read one (the publisher's UUID), for correlation.</summary>
    private static Guid? EventId(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is InvalidEventException { EventId: { } id })
            {
                return id;
            }
        }

        return null;
    }

    /// <summary>The receive queue is <c>&lt;prefix&gt;.&lt;event type&gt;</c>.</summary>
    internal static string EventType(Uri? inputAddress)
    {
        var queue = inputAddress?.AbsolutePath ?? string.Empty;
        if (queue.Contains(".fhir-", StringComparison.Ordinal))
        {
            return EventContract.FhirType;
        }

        foreach (var type in (string[])[EventContract.DispensedType, EventContract.SupplementType, EventContract.AcknowledgedType])
        {
            if (queue.EndsWith("." + type, StringComparison.Ordinal))
            {
                return type;
            }
        }

        return "unknown";
    }

    /// <summary>A reason without values, or null when the failure is not the message's fault (it is retried instead).</summary>
    internal static string? Reason(Exception exception)
    {
        var unreadable = false;
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case InvalidEventException invalid:
                    return invalid.Message;
                case JsonException json:
                    return json.Path is { Length: > 0 } path ? $"malformed JSON at {path}" : "not JSON";
                case SerializationException:
                    unreadable = true;
                    break;
            }
        }

        return unreadable ? "the body could not be deserialised" : null;
    }
}
