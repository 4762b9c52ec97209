using System.Text;
using MassTransit;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Infrastructure.Observability;
using RegimenMonitor.Worker.Regimens;

namespace RegimenMonitor.Worker.Fhir;

/// <summary>
/// Consumes FHIR R4 MedicationDispense / MedicationStatement resources and Bundles of them: validates and maps the whole
/// message (<see cref="FhirEventMapper"/>; one invalid entry rejects it, before anything is written — except in a batch,
/// whose valid entries are applied and whose invalid ones are then refused), then applies each
/// change through the same writer as the native consumers, in order. A resource refused by what was applied before (a
/// reused <c>meta.versionId</c> with other content, a stop before the start an earlier version gave) refuses a whole
/// <c>transaction</c>, nothing of it applied (its changes are one database transaction,
/// <see cref="RegimenWriter.ApplyAllOrNothingAsync"/>); in any other message it is refused once the others are applied,
/// as a batch's invalid entries are. Acknowledged once every change has committed; a
/// redelivery after a partial failure finds the committed ones by their derived event ids and changes nothing twice.
/// One consumer per input exchange (<typeparamref name="TInput"/>; the same code), so each has its own definition and
/// endpoint (<see cref="FhirResourceConsumerDefinition{TInput}"/>).
/// </summary>
internal sealed class FhirResourceConsumer<TInput>(RegimenWriter writer, IOptions<RegimenOptions> options, TimeProvider timeProvider, RegimenEvaluator evaluator)
    : IConsumer<FhirResourcePublished>
    where TInput : IFhirInput
{
    // codings of one CodeableConcept are compared as the evaluator reads products, with the imported terminology
    private readonly ProductIngredients _ingredients = (text, atc, rxnorm, ndc) => evaluator.Explain(text, atc, rxnorm, ndc).Ingredients;

    public async Task Consume(ConsumeContext<FhirResourcePublished> context)
    {
        var activity = ConsumeTelemetry.Current;
        // the body's bytes as UTF-8 (MassTransit 8.4's MemoryMessageBody.GetString() does not decode them)
        var json = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetString(context.ReceiveContext.Body.GetBytes()).TrimStart('\uFEFF');
        var mapping = FhirEventMapper.Map(json, timeProvider.GetUtcNow(), options.Value.DefaultDaysSupply, options.Value.MaxFutureSkew, _ingredients);
        activity?.SetTag("regimen_monitor.fhir.changes", mapping.Changes.Count);
        activity?.SetTag("regimen_monitor.fhir.not_on_hand", mapping.NotOnHand);
        if (mapping.Notification is { } notification)
        {
            // a code of the IG's value set, or empty; another value is not recorded (it is the publisher's text)
            activity?.SetTag("regimen_monitor.fhir.notification", notification is "event-notification" or "heartbeat" or "handshake" or "query-status" ? notification : "other");
        }
        // a resource refused by what is stored (a versionId reused with other content, a stop before an earlier start)
        // refuses a whole transaction; in any other message it is refused once the others are applied, whose redelivery
        // from _error is then a duplicate
        var conflicts = new List<string>();
        var contradicted = new List<string>();
        if (mapping.AllOrNothing && mapping.Changes.Count > 1)
        {
            // one transaction: a resource refused by what is stored refuses the message, and nothing of it is applied
            var results = await writer.ApplyAllOrNothingAsync(mapping.Changes, context.CancellationToken);
            for (var i = 0; i < results.Count; i++)
            {
                Refused(mapping.Changes[i], results[i].Outcome, results[i].Refusal);
            }

            if (conflicts.Count == 0 && contradicted.Count == 0)
            {
                for (var i = 0; i < results.Count; i++)
                {
                    ConsumeOutcome.Applied(mapping.Changes[i], results[i].Outcome, results[i].Diff);
                }
            }
        }
        else
        {
            foreach (var change in mapping.Changes)
            {
                try
                {
                    var (outcome, diff) = await writer.ApplyAsync(change, context.CancellationToken);
                    if (!Refused(change, outcome, null))
                    {
                        ConsumeOutcome.Applied(change, outcome, diff);
                    }
                }
                catch (InvalidEventException ex)
                {
                    Refused(change, ApplyOutcome.Conflict, ex);
                }
            }
        }

        if (conflicts.Count > 0 || mapping.Refused.Count > 0 || contradicted.Count > 0)
        {
            // a batch's invalid entries, and resources applied before with other content, go to _error once the rest of
            // the message is applied: its redelivery from _error is then a duplicate for those; a transaction was
            // applied not at all
            var reasons = mapping.Refused.ToList();
            reasons.AddRange(contradicted);
            if (conflicts.Count > 0)
            {
                reasons.Add($"{EventConflict.FhirReason} ({string.Join(", ", conflicts)})");
            }

            if (mapping.AllOrNothing && mapping.Changes.Count > 1)
            {
                reasons.Add(FhirMapping.NothingApplied);
            }

            throw new InvalidEventException(reasons);
        }

        if (mapping.Changes.Count == 0)
        {
            activity?.SetTag(ConsumeTelemetry.Tags.Outcome, Telemetry.Outcomes.NotOnHand);
        }

        for (var i = 0; i < mapping.NotOnHand; i++)
        {
            Telemetry.RecordConsumed(FhirMessaging.EventType, Telemetry.Outcomes.NotOnHand);
        }

        // whether the change was refused by what is stored: a reused meta.versionId with other content (a conflict), or
        // what the resource's earlier versions said (a stop before the start one gave), named by its entry and in FHIR's
        // words
        bool Refused(RegimenChange change, ApplyOutcome outcome, InvalidEventException? refusal)
        {
            if (refusal is not null)
            {
                contradicted.AddRange(refusal.Failures.Select(f => mapping.Named(change, StatementReports.InFhirTerms(f))));
                return true;
            }

            if (outcome == ApplyOutcome.Conflict)
            {
                conflicts.Add(mapping.PathOf(change) ?? "?");
                return true;
            }

            return false;
        }
    }
}
