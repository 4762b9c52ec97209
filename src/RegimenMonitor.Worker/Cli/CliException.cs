namespace RegimenMonitor.Worker.Cli;

/// <summary>A failure a person can act on: one line of cause, one line of fix, and the exit code.</summary>
internal sealed class CliException : Exception
{
    public CliException()
    {
    }

    public CliException(string message)
        : base(message)
    {
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CliException(string cause, string? fix, int exitCode, Exception? innerException = null)
        : base(cause, innerException)
    {
        Fix = fix;
        ExitCode = exitCode;
    }

    /// <summary>What to do about it; null when there is nothing more to say than the cause.</summary>
    public string? Fix { get; }

    public int ExitCode { get; } = ExitCodes.Failure;

    /// <summary>The service could not be reached at all (it may come up later), as opposed to refusing us.</summary>
    public bool Unreachable { get; init; }
}
