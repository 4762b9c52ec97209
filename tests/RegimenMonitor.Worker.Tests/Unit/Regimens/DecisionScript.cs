using System.Globalization;
using System.Text.Json;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Regimens;

namespace RegimenMonitor.Worker.Tests.Unit.Regimens;

/// <summary>
/// Literal histories of one patient for <see cref="RegimenDecision"/>: steps separated by ";", each
/// <c>@day verb [key] [product][/daysSupply]</c>, days counted from <see cref="Start"/>:
/// <c>rx D-1 Zoloft 50 mg tablet/90</c> (a dispense, completed), <c>sup S-1 St. John's Wort 300 mg</c> (a reported
/// supplement, active), <c>stop S-1</c> (the statement stopped that day), <c>ended care-team S-2 Sertraline 50 mg</c>
/// (a statement from that source, or <c>-</c> for none, that the product stopped that day; <c>care-team@15</c>: on day 15), <c>withdraw D-1</c> (the
/// item entered in error), <c>sweep</c> (no change: the nightly review). Each step is decided as of its own day on the snapshot the
/// previous one left, as committed (a group of its own). Alerts read as <c>transition ruleId severity [reason | from previousSeverity]</c>.
/// </summary>
internal sealed class DecisionScript
{
    public static readonly DateTimeOffset Start = new(2026, 11, 1, 9, 0, 0, TimeSpan.Zero);

    public static readonly RegimenEvaluator Evaluator = new(KnowledgeBase.LoadEmbedded());

    private readonly Dictionary<string, RegimenChange> _last = new(StringComparer.Ordinal);
    private int _ids;

    public DecisionScript()
    {
        // sequential ids: alert ids 0000…01, 0000…02, …; message ids from the same sequence (never random)
        Decider = new RegimenDecision(Evaluator, new DecisionIds(NextId, _ => NextId()));
    }

    public RegimenDecision Decider { get; }

    public PatientSnapshot Snapshot { get; set; } = new(1, "PT-1", 0, Start, null, [], []);

    /// <summary>Every decision so far, in order.</summary>
    public List<Decision> Decisions { get; } = [];

    public static DateTimeOffset Day(double day) => Start.AddDays(day);

    /// <summary>Runs the steps; returns the last decision.</summary>
    public Decision Run(string steps)
    {
        Decision? last = null;
        foreach (var step in steps.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var (asOf, change) = Parse(step);
            last = Decider.Decide(Snapshot, change, asOf);
            Decisions.Add(last);
            // each step is committed on its own, as the next group reads it: nothing closed is reopenable any more
            Snapshot = last.After with { ClosedInGroup = [] };
        }

        return last ?? throw new ArgumentException("no step", nameof(steps));
    }

    /// <summary>The step as a change (null for <c>sweep</c>) and the instant it is decided at.</summary>
    public (DateTimeOffset AsOf, RegimenChange? Change) Parse(string step)
    {
        var parts = step.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries);
        var at = Day(double.Parse(parts[0].TrimStart('@'), CultureInfo.InvariantCulture));
        var verb = parts[1];
        if (verb == "sweep")
        {
            return (at, null);
        }

        if (verb == "ended")
        {
            // ended SOURCE[@day] S-key product: SOURCE (care-team, pharmacist, patient, -) reports the product stopped that
            // day, or on the day after "@" (a stop reported late)
            var words = parts[2].Split(' ', 3);
            var source = words[0].Split('@');
            var stop = source.Length > 1 ? Day(double.Parse(source[1], CultureInfo.InvariantCulture)) : at;
            var report = new RegimenChange
            {
                EventId = new Guid(0x0E0E0000 + Interlocked.Increment(ref _ids), 0, 0, new byte[8]), EventType = "supplement-reported",
                PatientRef = Snapshot.PatientRef, Kind = RegimenItemKind.Supplement, ItemKey = words[1], EffectiveAt = at, Withdraws = false,
                Status = "stopped", ProductText = words[2], StartedAt = stop, StoppedAt = stop,
                DetailsJson = source[0] == "-" ? null : "{\"source\":\"" + source[0] + "\"}",
            };
            _last[words[1]] = report;
            return (at, report);
        }

        var rest = parts[2].Split(' ', 2);
        var key = rest[0];
        var text = rest.Length > 1 ? rest[1] : null;
        var eventId = new Guid(0x0E0E0000 + Interlocked.Increment(ref _ids), 0, 0, new byte[8]);
        RegimenChange change;
        switch (verb)
        {
            case "rx":
                var slash = text!.LastIndexOf('/');
                change = new RegimenChange
                {
                    EventId = eventId, EventType = "medication-dispensed", PatientRef = Snapshot.PatientRef, Kind = RegimenItemKind.Medication,
                    ItemKey = key, EffectiveAt = at, Withdraws = false, Status = "completed", ProductText = text[..slash], StartedAt = at,
                    DaysSupply = int.Parse(text[(slash + 1)..], CultureInfo.InvariantCulture),
                };
                break;
            case "sup":
                change = new RegimenChange
                {
                    EventId = eventId, EventType = "supplement-reported", PatientRef = Snapshot.PatientRef, Kind = RegimenItemKind.Supplement,
                    ItemKey = key, EffectiveAt = at, Withdraws = false, Status = "active", ProductText = text!, StartedAt = at,
                };
                break;
            case "stop":
                change = _last[key] with { EventId = eventId, EffectiveAt = at, Status = "stopped", StoppedAt = at };
                break;
            case "withdraw":
                change = _last[key] with { EventId = eventId, EffectiveAt = at, Status = "entered-in-error", Withdraws = true };
                break;
            default:
                throw new ArgumentException($"unknown verb '{verb}' in '{step}'", nameof(step));
        }

        _last[key] = change;
        return (at, change);
    }

    /// <summary>A decision's alerts as literals, in the order they are written.</summary>
    public static string Alerts(Decision decision) => string.Join(", ", decision.Alerts.Select(a => Describe(Body(a.PayloadJson))));

    public static JsonElement Body(string payloadJson) => JsonDocument.Parse(payloadJson).RootElement;

    private static string Describe(JsonElement alert)
    {
        var text = $"{Str(alert, "transition")} {Str(alert, "ruleId")} {Str(alert, "severity")}";
        if (alert.TryGetProperty("previousSeverity", out var previous) && previous.ValueKind == JsonValueKind.String)
        {
            text += " from " + previous.GetString();
        }

        if (Str(alert, "status") == "resolved")
        {
            text += " " + Str(alert.GetProperty("resolution"), "reason");
        }

        return text;
    }

    public static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private Guid NextId() => new(Interlocked.Increment(ref _ids), 0, 0, new byte[8]);
}
