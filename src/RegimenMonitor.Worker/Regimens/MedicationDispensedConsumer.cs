using MassTransit;
using Microsoft.Extensions.Options;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// Validates a dispense, maps it, and applies it in one transaction. Acknowledged only after commit. Its endpoint and
/// telemetry: <see cref="MedicationDispensedConsumerDefinition"/>.
/// </summary>
internal sealed class MedicationDispensedConsumer(RegimenWriter writer, IOptions<RegimenOptions> options) : IConsumer<MedicationDispensed>
{
    public const string EventType = EventContract.DispensedType;

    public async Task Consume(ConsumeContext<MedicationDispensed> context)
    {
        var change = EventMapper.Map(context.Message, options.Value.DefaultDaysSupply);
        var (outcome, diff) = await writer.ApplyAsync(change, context.CancellationToken);
        EventConflict.ThrowIf(change, outcome);
        ConsumeOutcome.Applied(change, outcome, diff);
    }
}
