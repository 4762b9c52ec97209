namespace RegimenMonitor.Worker.Infrastructure.Health;

/// <summary>One check in a <see cref="HealthResponse"/>: its name, status and a short description without PHI.</summary>
internal sealed record HealthEntry(string Name, string Status, string? Description, double DurationMs);
