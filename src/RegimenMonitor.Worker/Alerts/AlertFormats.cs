namespace RegimenMonitor.Worker.Alerts;

/// <summary>
/// Which formats each alert is published in on RabbitMQ (<see cref="AlertOptions.Formats"/>), and so which one must reach
/// a queue before the alert counts as delivered. The in-memory transport of <c>demo</c> publishes the native alert only.
/// </summary>
internal enum AlertFormats
{
    /// <summary>
    /// The native alert on <c>care.regimen-alerts</c> and the FHIR <c>DetectedIssue</c> on <c>care.regimen-alerts.fhir</c>;
    /// delivered once either reached a queue (a DetectedIssue nobody subscribes to after the native alert was delivered
    /// is dropped).
    /// </summary>
    NativeAndFhir,

    /// <summary>The native alert only; held in the outbox until a queue on <c>care.regimen-alerts</c> takes it.</summary>
    Native,

    /// <summary>The FHIR <c>DetectedIssue</c> only; held in the outbox until a queue on <c>care.regimen-alerts.fhir</c> takes it.</summary>
    Fhir,
}

internal static class AlertFormatsExtensions
{
    /// <summary>The exchange(s) a queue must be bound to for an alert to be delivered, for messages and log lines.</summary>
    public static string Exchanges(this AlertFormats formats) => formats switch
    {
        AlertFormats.Native => Contracts.RegimenAlertRaised.ExchangeName,
        AlertFormats.Fhir => Fhir.FhirAlertPublisher.ExchangeName,
        _ => Contracts.RegimenAlertRaised.ExchangeName + " or " + Fhir.FhirAlertPublisher.ExchangeName,
    };
}
