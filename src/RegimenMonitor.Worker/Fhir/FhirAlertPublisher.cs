using System.Diagnostics;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Fhir;

/// <summary>
/// Publishes each alert in the formats <see cref="AlertOptions.Formats"/> names. By default twice: the native body
/// (through <see cref="BusAlertPublisher"/>), then the same alert as a FHIR <c>DetectedIssue</c> on
/// <c>care.regimen-alerts.fhir</c> (durable topic exchange, the same routing key, the same AMQP message_id,
/// <c>application/fhir+json</c>), with the acknowledgements the alert received as mitigations. Then the alert counts as
/// delivered when at least one format reached a queue (a care-team system may subscribe to either alone), and as
/// unroutable when neither did: the native body is always published mandatory, the DetectedIssue only when the native
/// body was returned (once it reached a queue, a DetectedIssue nobody subscribes to is dropped by the broker instead of
/// coming back as an exception and an error log line per alert). With <see cref="AlertFormats.Fhir"/> only the
/// DetectedIssue is published, always mandatory, so an alert is held until a FHIR queue takes it; with
/// <see cref="AlertFormats.Native"/> only the native body. A failed publish of either fails the row, and the dispatcher
/// re-sends both: at least once to every queue bound for each format when it is published. Only on RabbitMQ (the
/// in-memory transport of the demo has no FHIR subscribers).
/// </summary>
internal sealed class FhirAlertPublisher(
    BusAlertPublisher native, IAlertBus bus, RegimenDbContext db, IOptions<MessagingOptions> messaging, IOptions<AlertOptions> alerts) : IAlertPublisher, IDisposable
{
    public const string ExchangeName = "care.regimen-alerts.fhir";

    // the dispatcher publishes a batch concurrently on one scope, and a DbContext runs one query at a time
    private readonly SemaphoreSlim _query = new(1, 1);

    private static readonly Uri Address = new($"exchange:{ExchangeName}?type=topic&durable=true");

    // the acknowledgements of the alerts of the current batch, read once by PrepareBatchAsync
    private Dictionary<Guid, List<AlertAcknowledgement>>? _batchAcknowledgements;

    /// <summary>Reads the acknowledgements of every alert of the batch in one query, not one per alert.</summary>
    public async Task PrepareBatchAsync(IReadOnlyCollection<Guid> alertIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alertIds);
        _batchAcknowledgements = null;
        if (alertIds.Count == 0 || !PublishesFhir)
        {
            return;
        }

        var ids = alertIds.ToList();
        var read = await db.Acknowledgements.AsNoTracking().Where(a => ids.Contains(a.AlertId)).ToListAsync(cancellationToken);
        _batchAcknowledgements = ids.ToDictionary(id => id, _ => new List<AlertAcknowledgement>());
        foreach (var acknowledgement in read)
        {
            _batchAcknowledgements[acknowledgement.AlertId].Add(acknowledgement);
        }
    }

    public async Task PublishAsync(Guid messageId, string routingKey, RegimenAlertRaised alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        if (!PublishesFhir)
        {
            await native.PublishAsync(messageId, routingKey, alert, cancellationToken);
            return;
        }

        // Every message of an acknowledged alert carries its acknowledgements: the latest DetectedIssue of an id is the
        // alert's state, so one that changed while open (severity, products, reinstated, superseded) without them would
        // show an answered alert as unanswered (found by a newcomer: only resolved alerts carried them). Read before
        // anything is published: a publish the broker holds may end after the dispatcher's run and its DbContext.
        List<AlertAcknowledgement> acknowledgements = [];
        if (_batchAcknowledgements?.TryGetValue(alert.AlertId, out var prepared) == true)
        {
            acknowledgements = prepared;
        }
        else if (alert.Transition != "opened")
        {
            // published outside a prepared batch; a newly opened alert has had no message to answer yet
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

        // The alert is delivered when at least one format reached a queue: a care-team system may subscribe to either
        // format alone. When neither did, the broker's return of the DetectedIssue propagates and the dispatcher keeps
        // the alert in the outbox as unroutable.
        // FHIR only: no native body, and the DetectedIssue is the one that must reach a queue
        var fhirOnly = alerts.Value.Formats == AlertFormats.Fhir;
        MessageReturnedException? nativeReturned = null;
        if (!fhirOnly)
        {
            try
            {
                await native.PublishAsync(messageId, routingKey, alert, cancellationToken);
            }
            catch (MessageReturnedException returned)
            {
                nativeReturned = returned;
            }
        }

        var json = DetectedIssueMapper.MapUtf8(alert, acknowledgements);
        var traceParent = Activity.Current?.Id;
        var endpoint = await bus.GetSendEndpoint(Address);
        Action<SendContext<DetectedIssuePublished>> configure = context =>
        {
            context.Serializer = FhirMessageSerializer.Instance;
            context.ContentType = FhirMessageSerializer.Instance.ContentType;
            context.MessageId = messageId;
            context.SetRoutingKey(routingKey);
            context.Durable = true;
            if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
            {
                // only a returned native body (or none published) makes the DetectedIssue's routing matter
                rabbit.Mandatory = fhirOnly || nativeReturned is not null;
            }

            if (traceParent is not null)
            {
                context.Headers.Set("traceparent", traceParent);
            }
        };
        // native body delivered: the DetectedIssue is not mandatory, delivered or dropped by the broker; native body
        // returned or not published: when this returns, the DetectedIssue reached a FHIR subscriber (delivered), else
        // its return propagates and the dispatcher keeps the alert as unroutable
        await endpoint.Send(new DetectedIssuePublished(json), configure, cancellationToken);
    }

    /// <summary>On RabbitMQ, unless only the native alert is published.</summary>
    private bool PublishesFhir =>
        messaging.Value.EffectiveTransport == MessagingTransport.RabbitMq && alerts.Value.Formats != AlertFormats.Native;

    public void Dispose() => _query.Dispose();
}
