using RegimenMonitor.LoadDriver.Measurement;

namespace RegimenMonitor.LoadDriver.Alerts;

/// <summary>
/// Time to alert: for each alert episode (first message of an alert id, status active) that involves events of the
/// measured set, the time from publishing the latest of those events — the one that completed the combination —
/// to receiving the alert.
/// </summary>
internal static class TimeToAlert
{
    public static TimeToAlertResult Measure(IEnumerable<ReceivedAlert> alerts, IReadOnlyDictionary<Guid, long> publishedUtcTicks, int expectedCombinations)
    {
        ArgumentNullException.ThrowIfNull(alerts);
        ArgumentNullException.ThrowIfNull(publishedUtcTicks);
        var latencies = new List<double>();
        var seen = new HashSet<Guid>();
        var received = 0;
        foreach (var alert in alerts.OrderBy(a => a.ReceivedUtcTicks))
        {
            received++;
            if (alert.Status != "active" || !seen.Add(alert.AlertId))
            {
                continue;
            }

            long? completedAt = null;
            foreach (var source in alert.SourceEventIds)
            {
                if (publishedUtcTicks.TryGetValue(source, out var published) && (completedAt is null || published > completedAt))
                {
                    completedAt = published;
                }
            }

            if (completedAt is { } ticks)
            {
                latencies.Add(TimeSpan.FromTicks(alert.ReceivedUtcTicks - ticks).TotalMilliseconds);
            }
        }

        return new TimeToAlertResult(expectedCombinations, received, latencies.Count, LatencyStatistics.From(latencies));
    }
}

/// <summary>
/// Alerting combinations completed by the measured events, alert messages received in the whole run, alert episodes
/// matched to the measured events, and their times to alert (null when none matched).
/// </summary>
internal sealed record TimeToAlertResult(int ExpectedCombinations, int AlertsReceived, int Matched, LatencyStatistics? Milliseconds)
{
    public string Describe() => Milliseconds is { } ms
        ? $"p50 {ms.P50:N0} ms, p95 {ms.P95:N0} ms, max {ms.Max:N0} ms ({Matched} alerts)"
        : AlertsReceived == 0 ? "n/a (no alerts received)" : $"n/a ({AlertsReceived} alerts received, none for these events)";
}
