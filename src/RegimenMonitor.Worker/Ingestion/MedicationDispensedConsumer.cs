using MassTransit;
using Microsoft.Extensions.Options;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Configuration;
using RegimenMonitor.Worker.Diagnostics;
using RegimenMonitor.Worker.Persistence;

namespace RegimenMonitor.Worker.Ingestion;

/// <summary>
/// Validates a dispense, maps it, and applies it in one transaction. Acknowledged only after commit. Its endpoint and
/// telemetry: <see cref="MedicationDispensedConsumerDefinition"/>.
/// </summary>
internal sealed class MedicationDispensedConsumer(RegimenWriter writer, IOptions<RegimenOptions> options) : IConsumer<MedicationDispensed>
{
    public const string EventType = "medication-dispensed";

    public async Task Consume(ConsumeContext<MedicationDispensed> context)
    {
        var change = EventMapper.Map(context.Message, options.Value.DefaultDaysSupply);
        var (outcome, diff) = await writer.ApplyAsync(change, context.CancellationToken);
        ConsumeTelemetry.Applied(change, outcome, diff);
    }
}
