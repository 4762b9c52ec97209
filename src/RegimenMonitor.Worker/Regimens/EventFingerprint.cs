using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// What an event says, as 64 bits: stored with its inbox row, so that a later event with the same id is told apart
/// as a redelivery (the same fingerprint: a duplicate, nothing changes) or as another event that reuses the id (a
/// conflict: refused to <c>_error</c>, not dropped as a duplicate). It covers the facts the event carries as the
/// contract reads them — type, patient, item, its time and status, the product's text and codes, the start, days
/// supply and stop it gives, the codes as the terminology reads them (an ATC code in any letter case, an NDC dashed or
/// not), a dispense's directions (<c>dosageText</c>: they can decide the route) and a statement's <c>source</c> (it
/// decides whether a stop ends a dispensed supply) — and not what the worker derives or assumes (a default days supply,
/// a start taken from <c>reportedAt</c>) or the details that change no finding (quantity, pharmacy, prescription), so a
/// setting or a release that changes those does not make a redelivery look like another event. The first 8 bytes of a
/// SHA-256.
/// </summary>
/// <remarks>
/// Directions and source count since 2026-12-06 (found by an independent edge probe: a dispense repeated under its id
/// with other directions was dropped as a duplicate). An event without them has the fingerprint it had before; one with
/// them matches a row stored by an earlier release through <see cref="WithoutDetails"/>, so a redelivery across an
/// upgrade, or while old and new workers run side by side, stays a duplicate (<see cref="Matches"/>).
/// </remarks>
internal static class EventFingerprint
{
    private const char Separator = '\u001F';

    public static long Of(RegimenChange change)
    {
        var text = Facts(change);
        AppendFindingDetails(text, change.DetailsJson);
        return Hash(text.ToString());
    }

    /// <summary>What a release before 2026-12-06 stored for <paramref name="change"/> (its directions and source left out).</summary>
    public static long WithoutDetails(RegimenChange change) => Hash(Facts(change).ToString());

    /// <summary>
    /// Whether <paramref name="stored"/> (an inbox row's fingerprint) says what <paramref name="change"/> says: made by
    /// this release, or by an earlier one that left directions and source out.
    /// </summary>
    public static bool Matches(long stored, RegimenChange change) => stored == Of(change) || stored == WithoutDetails(change);

    /// <summary>
    /// The wire fields in which <paramref name="second"/> says something other than <paramref name="first"/>, as the
    /// fingerprint reads them (names only, never values: they can be product texts or patient ids), and only fields one
    /// of the two events gives: a value the worker made (a code-only dispense's text "NDC …", a stopped statement's stop
    /// at its <c>reportedAt</c>) is named by the fields it was made from (a review: a status change also named
    /// <c>stoppedOn</c>, and a code-only NDC written two ways named <c>medication.text</c>, which neither event gave).
    /// Empty when the two fingerprints are equal. For <c>evaluate</c>, which holds both events; the worker holds only the
    /// first one's fingerprint and cannot say.
    /// </summary>
    public static IReadOnlyList<string> Differing(RegimenChange first, RegimenChange second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.EventType != second.EventType)
        {
            return ["event type"]; // a dispense against a statement: every field is another one
        }

        if (Of(first) == Of(second))
        {
            return []; // the same event, however its fields are written
        }

        var a = Given(first, Components(first));
        var b = Given(second, Components(second));
        var differing = new List<string>();
        for (var i = 0; i < a.Length; i++)
        {
            if (!string.Equals(a[i].Value, b[i].Value, StringComparison.Ordinal))
            {
                differing.Add(a[i].Field);
            }
        }

        if (first.TextFromCode && second.TextFromCode && first.ProductText != second.ProductText)
        {
            // both texts made from a code, as written: the code written otherwise (an NDC dashed and not) is the difference
            var product = first.Kind == RegimenItemKind.Medication ? "medication." : "supplement.";
            if (!string.Equals(first.Ndc, second.Ndc, StringComparison.Ordinal))
            {
                differing.Add(product + "ndc");
            }

            if (!string.Equals(first.Rxnorm, second.Rxnorm, StringComparison.Ordinal))
            {
                differing.Add(product + "rxnorm");
            }
        }

        var (firstDirections, firstSource) = FindingDetails(first.DetailsJson);
        var (secondDirections, secondSource) = FindingDetails(second.DetailsJson);
        if (!string.Equals(firstDirections, secondDirections, StringComparison.Ordinal))
        {
            differing.Add("dosageText");
        }

        if (!string.Equals(firstSource, secondSource, StringComparison.Ordinal))
        {
            differing.Add("source");
        }

        return differing.Distinct(StringComparer.Ordinal).ToList();
    }

    // the facts, each with the wire field it comes from; the fingerprint joins the values in this order (their order and
    // form are what earlier releases stored: changing either makes every redelivery look like another event)
    private static (string Field, string? Value)[] Components(RegimenChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var dispense = change.Kind == RegimenItemKind.Medication;
        var product = dispense ? "medication." : "supplement.";
        return
        [
            ("event type", change.EventType),
            ("patientId", change.PatientRef),
            (dispense ? "dispenseId" : "statementId", RegimenItemUpdate.KindName(change.Kind)),
            (dispense ? "dispenseId" : "statementId", change.ItemKey),
            (dispense ? "dispensedAt" : "reportedAt", Ticks(change.EffectiveAt)),
            ("status", change.Status),
            (product + "text", change.ProductText),
            (product + "atc", change.Atc?.Trim().ToUpperInvariant()),
            (product + "rxnorm", change.Rxnorm?.Trim()),
            (product + "ndc", Terminology.TerminologyFiles.CanonicalNdc(change.Ndc) ?? Terminology.TerminologyFiles.CanonicalProductNdc(change.Ndc) ?? change.Ndc?.Trim()),
            (dispense ? "dispensedAt" : "startedOn", change.StartInferred ? null : Ticks(change.StartedAt)),
            ("daysSupply", change.DaysSupplyAssumed ? null : change.DaysSupply?.ToString(CultureInfo.InvariantCulture)),
            (dispense ? "status" : "stoppedOn", change.StoppedAt is { } stopped ? Ticks(stopped) : null),
        ];
    }

    /// <summary>The components as the event gives them: a text or stop the worker made is none.</summary>
    private static (string Field, string? Value)[] Given(RegimenChange change, (string Field, string? Value)[] components)
    {
        for (var i = 0; i < components.Length; i++)
        {
            var field = components[i].Field;
            if ((change.TextFromCode && field.EndsWith(".text", StringComparison.Ordinal)) || (change.StopInferred && field == "stoppedOn"))
            {
                components[i] = (field, null);
            }
        }

        return components;
    }

    private static StringBuilder Facts(RegimenChange change)
    {
        var text = new StringBuilder(256);
        var components = Components(change);
        for (var i = 0; i < components.Length; i++)
        {
            if (i > 0)
            {
                text.Append(Separator);
            }

            text.Append(components[i].Value);
        }

        return text;
    }

    // the details that can change a finding; nothing is appended when there are none
    private static bool AppendFindingDetails(StringBuilder text, string? detailsJson)
    {
        var (directions, source) = FindingDetails(detailsJson);
        if (directions is null && source is null)
        {
            return false;
        }

        text.Append(Separator).Append("directions=").Append(directions).Append(Separator).Append("source=").Append(source);
        return true;
    }

    // a dispense's directions and a statement's source (each kind carries only its own, so one scan of the details serves
    // both); none when the details have neither or are not the worker's own JSON (the fingerprint is then the facts alone,
    // the one earlier releases made)
    private static (string? Directions, string? Source) FindingDetails(string? detailsJson)
    {
        if (string.IsNullOrEmpty(detailsJson)
            || (!detailsJson.Contains("\"dosageText\"", StringComparison.Ordinal) && !detailsJson.Contains("\"source\"", StringComparison.Ordinal)))
        {
            return (null, null);
        }

        try
        {
            using var json = JsonDocument.Parse(detailsJson);
            return (RegimenItemRecord.DetailText(json.RootElement, "dosageText"), RegimenItemRecord.DetailText(json.RootElement, "source"));
        }
        catch (JsonException)
        {
            return (null, null);
        }
    }

    private static long Hash(string text)
    {
        var bytes = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(text.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(text, bytes);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes.AsSpan(0, length), hash);
            return BinaryPrimitives.ReadInt64BigEndian(hash);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    private static string Ticks(DateTimeOffset instant) => instant.UtcTicks.ToString(CultureInfo.InvariantCulture);
}
