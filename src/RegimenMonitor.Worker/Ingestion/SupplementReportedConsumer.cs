using MassTransit;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Diagnostics;
using RegimenMonitor.Worker.Persistence;

namespace RegimenMonitor.Worker.Ingestion;

/// <summary>Validates a supplement statement, maps it, and applies it in one transaction.</summary>
internal sealed class SupplementReportedConsumer(RegimenWriter writer) : IConsumer<SupplementReported>
{
    public const string EventType = "supplement-reported";

    public async Task Consume(ConsumeContext<SupplementReported> context)
    {
        using var activity = ConsumeTelemetry.Start(context, EventType);
        try
        {
            var change = EventMapper.Map(context.Message);
            var (outcome, diff) = await writer.ApplyAsync(change, context.CancellationToken);
            ConsumeTelemetry.Applied(activity, change, outcome, diff);
        }
        catch (Exception ex) when (StoredValueRefused.From(ex, context.Message.EventId) is { } invalid)
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
}
