namespace RegimenMonitor.Worker.Cli;

/// <summary>The exit codes of every verb (README, <c>--help</c>).</summary>
internal static class ExitCodes
{
    /// <summary>Done.</summary>
    public const int Success = 0;

    /// <summary>A runtime failure: a service unreachable or refusing, an error while working.</summary>
    public const int Failure = 1;

    /// <summary>Usage or bad input: an unknown verb, option or argument, invalid configuration, a bad input line.</summary>
    public const int Usage = 2;
}
