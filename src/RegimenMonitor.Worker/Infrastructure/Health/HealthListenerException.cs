namespace RegimenMonitor.Worker.Infrastructure.Health;

/// <summary>The health listener could not listen on <see cref="Urls"/> (Health:Urls); the socket's error is the inner exception.</summary>
internal sealed class HealthListenerException(string urls, Exception innerException)
    : InvalidOperationException($"The health listener could not listen on '{urls}' ({innerException?.Message}); set Health__Urls to a free address, or Health__Enabled=false.", innerException)
{
    /// <summary>The value of Health:Urls.</summary>
    public string Urls { get; } = urls;
}
