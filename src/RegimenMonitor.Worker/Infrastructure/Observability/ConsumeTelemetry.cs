using System.Diagnostics;
using System.Text;
using MassTransit;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Infrastructure.Observability;

/// <summary>
/// The consume span of one event and its outcome, for the consumers. MassTransit 8.4 continues a trace only from its
/// own <c>MT-Activity-Id</c> header, so a W3C <c>traceparent</c> AMQP header sent by a non-.NET publisher would be
/// lost: when one is present and MassTransit's span is not already in that trace, the consume span takes it as its
/// (remote) parent and links to MassTransit's receive span instead. Everything the consumer does next — evaluation,
/// database spans — is then part of the publisher's trace. A <c>tracestate</c> header is not carried over: it is text
/// the publisher chooses (vendor state, of any length), and every span of the event would export it as its trace
/// state (found by an independent edge probe: <c>tracestate: mrn=…</c> was exported on four spans, and a 60 KB one
/// four times over), which the PHI policy keeps out as it keeps out a publisher's message ids. The span is started and
/// ended, and a failure recorded on it, by <see cref="ConsumeTelemetryFilter{TConsumer, TMessage}"/> around the consumer; the
/// consumer records what it applied on <see cref="Current"/> (Regimens/ConsumeOutcome).
/// </summary>
internal static class ConsumeTelemetry
{
    public const string TraceParentHeader = "traceparent";

    private static readonly AsyncLocal<Activity?> CurrentSpan = new();

    /// <summary>The consume span of the event being consumed on this flow (null outside a consumer, or unsampled).</summary>
    public static Activity? Current => CurrentSpan.Value;

    /// <summary>Makes <paramref name="activity"/> the <see cref="Current"/> consume span until disposed.</summary>
    public static IDisposable Enter(Activity? activity)
    {
        var previous = CurrentSpan.Value;
        CurrentSpan.Value = activity;
        return new Restore(previous);
    }

    public static Activity? Start(ConsumeContext context, string eventType)
    {
        ArgumentNullException.ThrowIfNull(context);
        return StartConsume(context.ReceiveContext.TransportHeaders, eventType);
    }

    // the consume span, in the publisher's trace when its traceparent header names one MassTransit's span is not in
    private static Activity? StartConsume(Headers headers, string eventType)
    {
        var current = Activity.Current;
        var name = "consume " + eventType;
        Activity? activity;
        if (TryGetRemoteParent(headers, out var remote) && remote.TraceId != current?.TraceId)
        {
            ActivityLink[]? links = current is null ? null : [new ActivityLink(current.Context)];
            activity = Telemetry.Source.StartActivity(name, ActivityKind.Consumer, remote, links: links);
        }
        else
        {
            activity = Telemetry.Source.StartActivity(name, ActivityKind.Internal);
        }

        activity?.SetTag(Tags.EventType, eventType);
        return activity;
    }

    /// <summary>
    /// The consume span of an event rejected at the edge (<see cref="ContractDeserializer"/>), before any consumer:
    /// outcome <c>invalid</c>, the reason (field names and forms, never values) as its status. In the publisher's trace
    /// when its <c>traceparent</c> header names one, as the consume span of an accepted event (found by a newcomer probe:
    /// a rejected event could not be found by its publisher's trace id); otherwise a child of MassTransit's receive span.
    /// The count is recorded by <see cref="RejectedEventObserver"/>.
    /// </summary>
    public static void Rejected(string eventType, InvalidEventException exception, ReceiveContext receiveContext)
    {
        ArgumentNullException.ThrowIfNull(exception);
        ArgumentNullException.ThrowIfNull(receiveContext);
        using var activity = StartConsume(receiveContext.TransportHeaders, eventType);
        if (activity is not null)
        {
            activity.SetTag(Tags.EventType, eventType);
            Failed(activity, exception);
        }
    }

    /// <summary>
    /// Marks a failed attempt on the span: an invalid event (outcome <c>invalid</c>; counted, with deserialisation
    /// failures that never reach a consumer, by <see cref="RejectedEventObserver"/>) or a failure that will be retried.
    /// The description is the validation message (field names only) or the exception type, never a message that could
    /// quote a value.
    /// </summary>
    public static void Failed(Activity? activity, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (activity is null)
        {
            return;
        }

        if (exception is InvalidEventException invalid)
        {
            activity.SetTag(Tags.Outcome, Telemetry.Outcomes.Invalid);
            activity.SetStatus(ActivityStatusCode.Error, invalid.Message);
        }
        else
        {
            activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
        }
    }

    private static bool TryGetRemoteParent(Headers headers, out ActivityContext parent)
    {
        parent = default;
        return headers.TryGetHeader(TraceParentHeader, out var traceParent)
            && Text(traceParent) is { } traceParentText
            && ActivityContext.TryParse(traceParentText, traceState: null, isRemote: true, out parent);
    }

    /// <summary>AMQP string headers may arrive as text or as UTF-8 bytes, depending on the client that sent them.</summary>
    private static string? Text(object? value) => value switch
    {
        string s => s,
        byte[] b => Encoding.UTF8.GetString(b),
        _ => null,
    };

    private sealed class Restore(Activity? previous) : IDisposable
    {
        public void Dispose() => CurrentSpan.Value = previous;
    }

    /// <summary>Attribute names of our spans (ours are prefixed <c>regimen_monitor.</c>).</summary>
    public static class Tags
    {
        public const string EventType = "regimen_monitor.event.type";
        public const string EventId = "regimen_monitor.event.id";
        public const string Outcome = "regimen_monitor.event.outcome";
        public const string FindingsOpened = "regimen_monitor.findings.opened";
        public const string FindingsEscalated = "regimen_monitor.findings.escalated";
        public const string FindingsResolved = "regimen_monitor.findings.resolved";
        public const string FindingsContinuing = "regimen_monitor.findings.continuing";
    }
}
