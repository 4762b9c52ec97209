namespace RegimenMonitor.Worker.Infrastructure.Messaging;

/// <summary>
/// How far into the future an event's own time (<c>dispensedAt</c>, <c>reportedAt</c>) may be: the receiver's clock
/// plus <c>Regimen:MaxFutureSkew</c>. A later time is a publisher's clock or data error, rejected at the edge.
/// </summary>
internal readonly record struct EventTimeLimit(DateTimeOffset Now, TimeSpan Skew)
{
    public DateTimeOffset Latest => Now + Skew;

    /// <summary>The failure for a field whose time lies beyond <see cref="Latest"/>, the same for every edge.</summary>
    public string Beyond(string field) =>
        $"{field} must not be in the future (at most {Skew.ToString("c", System.Globalization.CultureInfo.InvariantCulture)} ahead of this service's clock; Regimen:MaxFutureSkew)";

    public static EventTimeLimit From(TimeProvider clock, TimeSpan skew)
    {
        ArgumentNullException.ThrowIfNull(clock);
        return new EventTimeLimit(clock.GetUtcNow(), skew);
    }
}
