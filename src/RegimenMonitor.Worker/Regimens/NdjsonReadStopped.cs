namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// <see cref="NdjsonEvents.ReadLinesAsync(string, CancellationToken)"/> stopped before the end of its input, which shows it is no NDJSON (lines
/// in a row that cannot be read, or a device or pipe that never ends a line). The message is the reason, after the
/// last line read ("line N: stopped reading: …"), and holds no byte of the input.
/// </summary>
internal sealed class NdjsonReadStopped : Exception
{
    public NdjsonReadStopped()
    {
    }

    public NdjsonReadStopped(string message)
        : base(message)
    {
    }

    public NdjsonReadStopped(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
