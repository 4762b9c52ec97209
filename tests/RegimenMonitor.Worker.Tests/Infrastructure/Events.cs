using System.Text.Json;

namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>Raw wire-contract JSON bodies, as a non-.NET publisher would write them.</summary>
internal static class Events
{
    public static string Dispense(Guid eventId, string patientId, string text, string dispensedAt = "2026-11-01T09:00:00Z",
        int? daysSupply = 30, string? dispenseId = null, string? status = null)
    {
        var body = new Dictionary<string, object?>
        {
            ["eventId"] = eventId,
            ["patientId"] = patientId,
            ["dispensedAt"] = dispensedAt,
            ["medication"] = new { text },
        };
        if (daysSupply is not null)
        {
            body["daysSupply"] = daysSupply;
        }

        if (dispenseId is not null)
        {
            body["dispenseId"] = dispenseId;
        }

        if (status is not null)
        {
            body["status"] = status;
        }

        return JsonSerializer.Serialize(body);
    }

    public static string Supplement(Guid eventId, string patientId, string text, string reportedAt = "2026-11-01T09:00:00Z",
        string? statementId = null, string? status = null, string? startedOn = null, string? stoppedOn = null) =>
        JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["eventId"] = eventId,
            ["patientId"] = patientId,
            ["reportedAt"] = reportedAt,
            ["supplement"] = new { text },
            ["statementId"] = statementId,
            ["status"] = status,
            ["startedOn"] = startedOn,
            ["stoppedOn"] = stoppedOn,
        }.Where(kv => kv.Value is not null).ToDictionary());
}
