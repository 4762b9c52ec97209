namespace RegimenMonitor.Worker.Infrastructure.Configuration;

/// <summary>The health listener of the worker (<c>/health/live</c>, <c>/health/ready</c>). Section <c>Health</c>.</summary>
internal sealed class HealthOptions
{
    public const string SectionName = "Health";

    public const string DefaultUrls = "http://127.0.0.1:8080";

    /// <summary>Run the listener in the worker (never in <c>demo</c> or the tool verbs).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Where it listens: one or more <c>http://host:port</c> separated by <c>;</c>. Loopback by default; in a
    /// container use <c>http://0.0.0.0:8080</c> so the orchestrator's probes reach it. Port 0 picks a free port.
    /// </summary>
    public string Urls { get; set; } = DefaultUrls;

    /// <summary>How long the readiness probe waits for the database before reporting it unreachable.</summary>
    public TimeSpan DatabaseTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public IReadOnlyList<string> UrlList =>
        Urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
