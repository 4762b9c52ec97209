using System.Diagnostics;
using Hl7.Fhir.Serialization;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Configuration;
using RegimenMonitor.Worker.Persistence;

namespace RegimenMonitor.Worker.Fhir;

/// <summary>
/// Publishes each alert twice: the native body (through <see cref="BusAlertPublisher"/>) and, once that is confirmed,
/// the same alert as a FHIR <c>DetectedIssue</c> on <c>care.regimen-alerts.fhir</c> (durable topic exchange, the same
/// routing key, the same AMQP message_id, <c>application/fhir+json</c>), with the acknowledgements a resolved alert
/// received as mitigations. The dispatcher marks the outbox row only when both were confirmed, so either failing re-sends both: at
/// least once for each format. Only on RabbitMQ (the in-memory transport of the demo has no FHIR subscribers).
/// </summary>
internal sealed class FhirAlertPublisher(BusAlertPublisher native, IBus bus, RegimenDbContext db, IOptions<MessagingOptions> messaging) : IAlertPublisher, IDisposable
{
    public const string ExchangeName = "care.regimen-alerts.fhir";

    // the dispatcher publishes a batch concurrently on one scope, and a DbContext runs one query at a time
    private readonly SemaphoreSlim _query = new(1, 1);

    private static readonly Uri Address = new($"exchange:{ExchangeName}?type=topic&durable=true");

    public async Task PublishAsync(Guid messageId, string routingKey, RegimenAlertRaised alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await native.PublishAsync(messageId, routingKey, alert, cancellationToken);
        if (messaging.Value.EffectiveTransport != MessagingTransport.RabbitMq)
        {
            return;
        }

        List<AlertAcknowledgement> acknowledgements = [];
        if (alert.Status == "resolved")
        {
            // an active alert is new or escalated (unacknowledged); a resolved one may have been answered meanwhile
            await _query.WaitAsync(cancellationToken);
            try
            {
                acknowledgements = await db.Acknowledgements.AsNoTracking().Where(a => a.AlertId == alert.AlertId).ToListAsync(cancellationToken);
            }
            finally
            {
                _query.Release();
            }
        }

        var json = DetectedIssueMapper.Map(alert, acknowledgements).ToJson();
        var traceParent = Activity.Current?.Id;
        var endpoint = await bus.GetSendEndpoint(Address);
        await endpoint.Send(new DetectedIssuePublished(json), context =>
        {
            context.Serializer = FhirMessageSerializer.Instance;
            context.ContentType = FhirMessageSerializer.Instance.ContentType;
            context.MessageId = messageId;
            context.SetRoutingKey(routingKey);
            context.Durable = true;
            if (traceParent is not null)
            {
                context.Headers.Set("traceparent", traceParent);
            }
        }, cancellationToken);
    }

    public void Dispose() => _query.Dispose();
}
