using System.Diagnostics;
using OpenTelemetry;

namespace RegimenMonitor.Worker.Infrastructure.Observability;

/// <summary>
/// Takes what a publisher chose out of MassTransit's span attributes before any exporter sees them: message,
/// conversation, correlation and other ids that are not UUIDs, and the path of a source address. A native publisher
/// sets the AMQP <c>message_id</c> and an envelope's <c>sourceAddress</c> as it likes, and some build them from a
/// prescription or patient number; MassTransit copies them verbatim into <c>messaging.message.id</c> and
/// <c>messaging.masstransit.source_address</c> (found by an independent edge probe). UUIDs, which MassTransit and our
/// own publishers assign, stay, so traces still join a message to its fault and its redeliveries.
/// </summary>
internal sealed class TransportIdRedaction : BaseProcessor<Activity>
{
    internal const string NotShown = "(not logged: not a UUID)";

    private static readonly string[] IdTags =
    [
        "messaging.message.id",
        "messaging.message.conversation_id",
        "messaging.masstransit.message_id",
        "messaging.masstransit.correlation_id",
        "messaging.masstransit.initiator_id",
        "messaging.masstransit.request_id",
        "messaging.masstransit.saga_id",
        "messaging.masstransit.tracking_number",
    ];

    private static readonly string[] AddressTags = ["messaging.masstransit.source_address"];

    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        foreach (var tag in IdTags)
        {
            if (data.GetTagItem(tag) is string value && !Guid.TryParse(value, out _))
            {
                data.SetTag(tag, NotShown);
            }
        }

        foreach (var tag in AddressTags)
        {
            if (data.GetTagItem(tag) is string value && Redact(value) is { } redacted)
            {
                data.SetTag(tag, redacted);
            }
        }
    }

    /// <summary>The address with its path and query replaced (scheme, host and port stay); null when it has none to take.</summary>
    internal static string? Redact(string address)
    {
        if (!Uri.TryCreate(address, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            return address.Length == 0 ? null : NotShown;
        }

        var root = uri.Scheme + "://" + uri.Authority; // never the user info
        return root.Length == address.TrimEnd('/').Length ? null : root + "/…";
    }
}
