using System.Net.Mime;
using MassTransit;
using MassTransit.Context;

namespace RegimenMonitor.Worker.Infrastructure.Messaging;

/// <summary>
/// The first filter of every receive endpoint, ahead of MassTransit's own: reads the content type as MassTransit will
/// (<see cref="ReceiveContext.ContentType"/>: the AMQP property, else the <c>Content-Type</c> or <c>ContentType</c>
/// header, parsed once by <see cref="ContentType"/> and kept). MassTransit takes a content type that parser refuses as
/// none, but not one with a parameter given twice (<c>charset=utf-8; charset=utf-8</c>): that throws
/// <see cref="ArgumentException"/> from its deserialize filter, and the message went to <c>_error</c> with .NET's
/// words, the publisher's parameter name among them, and an Error with a stack (found by an independent edge probe). Such
/// a message is passed on with no content type, so it reaches the endpoint's default deserializer, which reads the
/// content type as sent and refuses it with a reason of ours (<see cref="ContentTypeParameters"/>), like any other bad
/// input: a Warning, the invalid count, <c>_error</c>, no retry. Nothing may be thrown here: this filter runs outside
/// MassTransit's rescue, whose <c>_error</c> only sees what is thrown after it. A content type that reads costs what
/// MassTransit's own read costs (it is read once, here instead of in its deserialize filter), and the message is
/// passed on as it came.
/// </summary>
internal sealed class ContentTypeGuardFilter : IFilter<ReceiveContext>
{
    public void Probe(ProbeContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.CreateFilterScope("contentTypeGuard");
    }

    public Task Send(ReceiveContext context, IPipe<ReceiveContext> next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return next.Send(Readable(context) ? context : new UnreadableContentType(context));
    }

    /// <summary>Whether MassTransit took the content type for a message its parser could not read without throwing.</summary>
    internal static bool IsUnreadable(ReceiveContext context) => context is UnreadableContentType;

    private static bool Readable(ReceiveContext context)
    {
        try
        {
            _ = context.ContentType;
            return true;
        }
        catch (Exception)
        {
            // an ArgumentException for a parameter given twice (the parser's FormatException MassTransit catches itself;
            // a fuzz of the parser found nothing else). Anything else it might throw is caught too: thrown here, outside
            // MassTransit's rescue, it would not reach _error
            return false;
        }
    }

    /// <summary>The message as received, with no content type: MassTransit's has thrown, and throws again on every read.</summary>
    private sealed class UnreadableContentType(ReceiveContext context) : ReceiveContextProxy(context), ReceiveContext
    {
        ContentType ReceiveContext.ContentType => null!;
    }
}
