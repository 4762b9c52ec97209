using MassTransit;
using MassTransit.Context;

namespace RegimenMonitor.Worker.Infrastructure.Messaging;

/// <summary>
/// A received message as the consumers see it, without the fault and response addresses its sender named
/// (<c>MT-Fault-Address</c>, <c>MT-Response-Address</c>, an envelope's <c>faultAddress</c>/<c>responseAddress</c>).
/// This service answers nobody: a rejected message's record is its copy in the endpoint's <c>_error</c> queue. Left
/// in place, an address chosen by the publisher made MassTransit send a <c>Fault</c> holding the whole event there:
/// to an exchange of another type the broker closed the consumer's channel, so the message was never acknowledged or
/// moved to <c>_error</c> and came back for ever; to another scheme (<c>http:</c>) it was retried ten times and reached
/// <c>_error</c> with MassTransit's reason instead of ours; with <c>?bind=true&amp;queue=…</c> it declared exchanges and
/// queues of the publisher's choosing and copied the patient's event into them.
/// </summary>
internal sealed class NoReplyConsumeContext(ConsumeContext context) : ConsumeContextProxy(context)
{
    public override Uri? ResponseAddress => null;

    public override Uri? FaultAddress => null;
}
