namespace RegimenMonitor.Worker.Infrastructure.Database;

/// <summary>The values of <c>findings.state</c>.</summary>
internal static class FindingStates
{
    public const string Active = "active";

    public const string Superseded = "superseded";

    public const string Resolved = "resolved";

    /// <summary>The states a finding is open in (loaded for reconciliation).</summary>
    public static readonly string[] Open = [Active, Superseded];
}
