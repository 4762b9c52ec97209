using MassTransit;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// Validates a supplement statement, maps it, and applies it in one transaction. Its endpoint and telemetry:
/// <see cref="SupplementReportedConsumerDefinition"/>.
/// </summary>
internal sealed class SupplementReportedConsumer(RegimenWriter writer, TimeProvider time) : IConsumer<SupplementReported>
{
    public const string EventType = EventContract.SupplementType;

    public async Task Consume(ConsumeContext<SupplementReported> context)
    {
        var change = EventMapper.Map(context.Message, time.GetUtcNow());
        var (outcome, diff) = await writer.ApplyAsync(change, context.CancellationToken);
        EventConflict.ThrowIf(change, outcome);
        ConsumeOutcome.Applied(change, outcome, diff);
    }
}
