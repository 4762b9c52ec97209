using MassTransit;
using RegimenMonitor.Contracts;

namespace RegimenMonitor.Worker.Alerts;

/// <summary>Consumes <c>care.alert-acknowledged</c>; acknowledged to the broker only after the audit row commits.</summary>
internal sealed class AlertAcknowledgedConsumer(AcknowledgementRecorder recorder) : IConsumer<AlertAcknowledged>
{
    public Task Consume(ConsumeContext<AlertAcknowledged> context) => recorder.RecordAsync(context.Message, context.CancellationToken);
}
