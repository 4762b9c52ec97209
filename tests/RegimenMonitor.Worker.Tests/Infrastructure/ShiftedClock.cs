namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>The system's clock moved by a fixed amount: a host whose clock is off (its timestamps are the system's).</summary>
internal sealed class ShiftedClock(TimeSpan by) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
}
