namespace RegimenMonitor.Worker.Infrastructure.Configuration;

/// <summary>What a process built by the host (Hosting/RegimenMonitorHost) does.</summary>
internal enum HostRole
{
    /// <summary>The worker: consumers, jobs, migrations at start.</summary>
    Worker,

    /// <summary>A bus without consumers, to publish (the <c>replay</c> verb).</summary>
    Publisher,

    /// <summary>Database only, no bus (<c>migrate</c>, <c>inspect</c>).</summary>
    Tool,
}
