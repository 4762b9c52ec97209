using System.Diagnostics;
using OpenTelemetry;

namespace RegimenMonitor.Worker.Infrastructure.Observability;

/// <summary>
/// Takes what a publisher chose out of MassTransit's span attributes before any exporter sees them: message,
/// conversation, correlation and other ids that are not UUIDs, the path of a source or destination address, and
/// message types that are not the contract's. A native publisher
/// sets the AMQP <c>message_id</c> and an envelope's <c>sourceAddress</c> as it likes, and some build them from a
/// prescription or patient number; MassTransit copies them verbatim into <c>messaging.message.id</c> and
/// <c>messaging.masstransit.source_address</c> (found by an independent edge probe). UUIDs, which MassTransit and our
/// own publishers assign, stay, so traces still join a message to its fault and its redeliveries.
/// </summary>
internal sealed class TransportIdRedaction : BaseProcessor<Activity>
{
    internal const string NotShown = "(not logged: not a UUID)";

    internal const string TypeNotShown = "(not logged: not a contract type)";

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

    // the envelope's sourceAddress and destinationAddress (any absolute URI passes the envelope's checks)
    private static readonly string[] AddressTags = ["messaging.masstransit.source_address", "messaging.masstransit.destination_address"];

    private const string MessageTypesTag = "messaging.masstransit.message_types";
    private const string ContractPrefix = "urn:message:RegimenMonitor.Contracts:";

    public override void OnEnd(Activity data)
    {
        ArgumentNullException.ThrowIfNull(data);
        foreach (var tag in IdTags)
        {
            // the form MassTransit and our publishers write; a 32-digit number would pass a looser parse
            if (data.GetTagItem(tag) is string value && !Guid.TryParseExact(value, "D", out _))
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

        // an envelope's messageType may list any URN beside ours: only the contract's types are shown
        switch (data.GetTagItem(MessageTypesTag))
        {
            case string types when types.Split(',').Any(t => !Known(t)):
                data.SetTag(MessageTypesTag, string.Join(",", types.Split(',').Select(Shown)));
                break;
            case string[] list when list.Any(t => !Known(t)):
                data.SetTag(MessageTypesTag, list.Select(Shown).ToArray());
                break;
        }
    }

    private static readonly System.Buffers.SearchValues<char> Letters = System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    private static bool Known(string type) => type.Trim().StartsWith(ContractPrefix, StringComparison.Ordinal)
        && type.Trim().AsSpan(ContractPrefix.Length).IndexOfAnyExcept(Letters) < 0;

    private static string Shown(string type) => Known(type) ? type.Trim() : TypeNotShown;

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
