namespace RegimenMonitor.Worker.Infrastructure.Health;

/// <summary>The JSON body of <c>/health/live</c> and <c>/health/ready</c>.</summary>
internal sealed record HealthResponse(string Status, double DurationMs, IReadOnlyList<HealthEntry> Checks);
