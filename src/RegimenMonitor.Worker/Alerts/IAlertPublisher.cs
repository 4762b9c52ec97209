using RegimenMonitor.Contracts;

namespace RegimenMonitor.Worker.Alerts;

/// <summary>Publishes one alert to <c>care.regimen-alerts</c>; completes only once the broker has confirmed it.</summary>
internal interface IAlertPublisher
{
    Task PublishAsync(Guid messageId, string routingKey, RegimenAlertRaised alert, CancellationToken cancellationToken);

    /// <summary>
    /// Called once for each batch, before its messages are published, with the alerts of the batch: a publisher that
    /// needs more than the message for them reads it for the whole batch at once. Nothing by default.
    /// </summary>
    Task PrepareBatchAsync(IReadOnlyCollection<Guid> alertIds, CancellationToken cancellationToken) => Task.CompletedTask;
}
