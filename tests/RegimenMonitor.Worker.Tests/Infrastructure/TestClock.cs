namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>
/// Real time plus an offset the test moves forward. Time keeps flowing (Quartz's triggers still fire), and a test can
/// jump days or months ahead to cross a coverage end, a washout or a duration threshold.
/// <para>Not <c>FakeTimeProvider</c>: Quartz takes its time from the container's <see cref="TimeProvider"/>, and with a
/// stopped clock its triggers would never fire. Tests without a scheduler use <c>FakeTimeProvider</c>.</para>
/// </summary>
internal sealed class TestClock : TimeProvider
{
    private long _offsetTicks;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + Offset;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
