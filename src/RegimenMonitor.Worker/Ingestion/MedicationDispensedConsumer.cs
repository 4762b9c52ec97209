using MassTransit;
using Microsoft.Extensions.Options;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Configuration;
using RegimenMonitor.Worker.Persistence;

namespace RegimenMonitor.Worker.Ingestion;

/// <summary>Validates a dispense, maps it, and applies it in one transaction. Acknowledged only after commit.</summary>
internal sealed class MedicationDispensedConsumer(RegimenStore store, IOptions<RegimenOptions> options) : IConsumer<MedicationDispensed>
{
    public async Task Consume(ConsumeContext<MedicationDispensed> context)
    {
        var change = EventMapper.Map(context.Message, options.Value.DefaultDaysSupply);
        await store.ApplyAsync(change, context.CancellationToken);
    }
}
