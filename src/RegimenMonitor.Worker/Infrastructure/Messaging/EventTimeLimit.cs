namespace RegimenMonitor.Worker.Infrastructure.Messaging;

/// <summary>
/// How far into the future an event's own time (<c>dispensedAt</c>, <c>reportedAt</c>) may be: the receiver's clock
/// plus <c>Regimen:MaxFutureSkew</c>. A later time is a publisher's clock or data error, rejected at the edge.
/// </summary>
internal readonly record struct EventTimeLimit(DateTimeOffset Now, TimeSpan Skew)
{
    public DateTimeOffset Latest => Now + Skew;

    public static EventTimeLimit From(TimeProvider clock, TimeSpan skew)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return new EventTimeLimit(clock.GetUtcNow(), skew);
    }
}
