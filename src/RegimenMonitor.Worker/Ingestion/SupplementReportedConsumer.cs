using MassTransit;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Persistence;

namespace RegimenMonitor.Worker.Ingestion;

/// <summary>Validates a supplement statement, maps it, and applies it in one transaction.</summary>
internal sealed class SupplementReportedConsumer(RegimenStore store) : IConsumer<SupplementReported>
{
    public async Task Consume(ConsumeContext<SupplementReported> context)
    {
        var change = EventMapper.Map(context.Message);
        await store.ApplyAsync(change, context.CancellationToken);
    }
}
