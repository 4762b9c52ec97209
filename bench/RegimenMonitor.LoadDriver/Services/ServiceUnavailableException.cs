namespace RegimenMonitor.LoadDriver.Services;

/// <summary>A broker or database the driver needs cannot be reached or used; the message says what to do.</summary>
internal sealed class ServiceUnavailableException : Exception
{
    public ServiceUnavailableException()
    {
    }

    public ServiceUnavailableException(string message)
        : base(message)
    {
    }

    public ServiceUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
