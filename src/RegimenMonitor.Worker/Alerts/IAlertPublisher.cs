using RegimenMonitor.Contracts;

namespace RegimenMonitor.Worker.Alerts;

/// <summary>Publishes one alert to <c>care.regimen-alerts</c>; completes only once the broker has confirmed it.</summary>
internal interface IAlertPublisher
{
    Task PublishAsync(Guid messageId, string routingKey, RegimenAlertRaised alert, CancellationToken cancellationToken);
}
