using System.Text.Json;

namespace RegimenMonitor.LoadDriver.Alerts;

/// <summary>What the driver reads from a <c>care.regimen-alerts</c> message: its id, status and the events behind it.</summary>
internal sealed record ReceivedAlert(Guid AlertId, string Status, string RoutingKey, IReadOnlyList<Guid> SourceEventIds, long ReceivedUtcTicks)
{
    /// <summary>
    /// Parses a raw-JSON alert (or a MassTransit envelope around one, under <c>message</c>); null when the body is not an
    /// alert the driver understands.
    /// </summary>
    public static ReceivedAlert? Parse(ReadOnlySpan<byte> body, string routingKey, long receivedUtcTicks)
    {
        try
        {
            using var document = JsonDocument.Parse(body.ToArray());
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("message", out var inner) && inner.ValueKind == JsonValueKind.Object)
            {
                root = inner;
            }

            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("alertId", out var alertId) || !alertId.TryGetGuid(out var id))
            {
                return null;
            }

            var status = root.TryGetProperty("status", out var s) && s.ValueKind == JsonValueKind.String ? s.GetString()! : "active";
            var sources = new List<Guid>();
            if (root.TryGetProperty("involves", out var involves) && involves.ValueKind == JsonValueKind.Array)
            {
                foreach (var involvement in involves.EnumerateArray())
                {
                    if (involvement.ValueKind == JsonValueKind.Object && involvement.TryGetProperty("sourceEventId", out var source)
                        && source.ValueKind == JsonValueKind.String && Guid.TryParse(source.GetString(), out var eventId))
                    {
                        sources.Add(eventId);
                    }
                }
            }

            return new ReceivedAlert(id, status, routingKey, sources, receivedUtcTicks);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
