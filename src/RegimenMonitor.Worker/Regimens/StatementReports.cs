using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// The reports of one supplement statement that can still decide its start, kept in the item's details
/// (<c>reports</c>, oldest first). A statement's start is what its reports leave applied in the order of their
/// <c>reportedAt</c> (<see cref="Fold"/>): a report that gives <c>startedOn</c> sets it; one that gives none keeps an
/// earlier start (or, a stop reported without one, a start before its stop), else sets its own fallback. The consumers
/// take messages concurrently and a sender may deliver late, so a report can arrive after newer ones: it is inserted in
/// its place and the start folded again, which makes the start the same in any order of arrival (but for a report
/// refused as contradicting another, <see cref="Contradiction"/>) (found by a random
/// check: about one sequence in twenty of two to four reports with starts, stops and withdrawals depended on the order).
/// Reports before the newest that gave a start cannot change the fold and are not kept; past <see cref="Kept"/> reports
/// the oldest are folded into one (a <c>base</c>), so a report older than the newest report folded into the base (one
/// arriving after 32 or more newer ones of its statement), or older than the item's newest report when the item was
/// stored before the list was kept, no longer moves the start. Each report is written with only what its kind needs
/// (a report without <c>startedOn</c> starts at its time, a stop without one the day before its stop).
/// </summary>
internal static class StatementReports
{
    /// <summary>
    /// The most reports kept for one statement (a base and the 31 newest): an independent probe saw a loaded worker apply
    /// a patient's first report after 20 later ones that a replay had published in order.
    /// </summary>
    internal const int Kept = 32;

    private const string Key = "reports";

    // the reports of details this worker wrote, by the details string itself (a statement re-reported over and over reads
    // them back from here, not by parsing them again; entries go with their strings)
    private static readonly ConditionalWeakTable<string, Report[]> Written = new();

    internal enum Kind
    {
        /// <summary>The report gave <c>startedOn</c>.</summary>
        Given,

        /// <summary>No <c>startedOn</c>: the start is the report's <c>reportedAt</c>.</summary>
        Inferred,

        /// <summary>A stop reported without <c>startedOn</c>: the start is the day before the stop.</summary>
        BeforeStop,

        /// <summary>Older reports folded into one, or the start of an item stored before the list was kept.</summary>
        Base,
    }

    /// <summary>
    /// One report as far as the start is concerned: its time, its start and how it came, the stop a
    /// <see cref="Kind.BeforeStop"/> report keeps a start before, whether it withdraws the statement, its FHIR version
    /// (resource, number, whether it carried <c>meta.lastUpdated</c>), and for a <see cref="Kind.Base"/> the recorded
    /// source of its start.
    /// </summary>
    internal readonly record struct Report(
        DateTimeOffset At, DateTimeOffset Start, Kind Kind, DateTimeOffset? Stop = null, bool Withdraws = false,
        string? Resource = null, long Version = 0, bool Timed = false, string? Source = null);

    public static Report Of(RegimenChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        var version = ResourceVersion.Read(change.DetailsJson);
        var kind = !change.StartInferred ? Kind.Given : change.StartBeforeStop ? Kind.BeforeStop : Kind.Inferred;
        return new Report(change.EffectiveAt, change.StartedAt, kind, kind == Kind.BeforeStop ? change.StoppedAt : null,
            change.Withdraws, version?.Resource, version?.Version ?? 0, version?.Timed ?? false);
    }

    /// <summary>
    /// The reports kept in <paramref name="item"/>'s details; for an item stored before they were kept, one
    /// <see cref="Kind.Base"/> with its start at its newest report's time.
    /// </summary>
    public static List<Report> Read(RegimenItemRecord item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.DetailsJson is { } written && Written.TryGetValue(written, out var known))
        {
            return [.. known];
        }

        var details = item.DetailsJson is { } json && json.Contains(Key, StringComparison.Ordinal) ? ItemDetails.Parse(json) : null;
        if (details?[Key] is JsonArray array && Parse(array) is { Count: > 0 } reports)
        {
            return reports;
        }

        return [OfItem(item) with { Source = StatementStart.Recorded(item.DetailsJson) }];
    }

    /// <summary>
    /// <paramref name="item"/> as one <see cref="Kind.Base"/> report, ordered as the item is (<see cref="Older"/>): its
    /// newest event's time, whether it is withdrawn, its FHIR version.
    /// </summary>
    public static Report OfItem(RegimenItemRecord item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var version = ResourceVersion.Read(item.DetailsJson);
        return new Report(item.EffectiveAt, item.StartedAt, Kind.Base, null, item.Withdrawn, version?.Resource, version?.Version ?? 0,
            version?.Timed ?? false);
    }

    /// <summary>
    /// Adds <paramref name="report"/>: a report of the item's newest event (<paramref name="newest"/>, as
    /// <see cref="RegimenItemUpdate"/> ordered it) at the end, an older one where its time puts it (after reports of the
    /// same time, a withdrawal after an update of the same time, FHIR versions by number where times cannot decide); then
    /// drops what can no longer matter. False, and nothing added, when the report cannot change the start: older than a
    /// report that sets the start whatever came before, or the same as one kept (a report sent again under another
    /// event id; an older one anywhere in the list, since reports of one time may stand in either order around it).
    /// </summary>
    public static bool Insert(List<Report> reports, Report report, bool newest)
    {
        ArgumentNullException.ThrowIfNull(reports);
        var at = reports.Count;
        while (!newest && at > 0 && Older(report, reports[at - 1]))
        {
            at--;
        }

        if ((!newest && at == 0 && reports.Count > 0 && reports[0].Kind is Kind.Given or Kind.Base)
            || (newest ? at > 0 && reports[at - 1] == report : reports.Contains(report)))
        {
            return false;
        }

        reports.Insert(at, report);
        var resets = reports.FindLastIndex(r => r.Kind is Kind.Given or Kind.Base);
        if (resets > 0)
        {
            reports.RemoveRange(0, resets);
        }

        if (reports.Count > Kept)
        {
            var folded = reports.Count - Kept + 1;
            var (start, source) = Fold(reports.Take(folded));
            var last = reports[folded - 1]; // the base is ordered as the newest report it folds
            reports.RemoveRange(0, folded);
            reports.Insert(0, last with { Start = start, Kind = Kind.Base, Stop = null, Source = source });
        }

        return true;
    }

    /// <summary>
    /// The start <paramref name="reports"/> leave applied in order, and the source of that start as
    /// <see cref="StatementStart"/> records it (null when not recorded).
    /// </summary>
    public static (DateTimeOffset Start, string? Source) Fold(IEnumerable<Report> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        DateTimeOffset? start = null;
        string? source = null;
        var afterWithdrawal = false;
        foreach (var report in reports)
        {
            // a report without startedOn keeps an earlier start, and a stop without one a start before the stop; not one
            // from before an entered-in-error report, which says the statement was wrong (found by an independent edge
            // probe: a start given only by the withdrawn report dated the statement reported again, and a depletion alert
            // counted 918 days of a product the patient had started that week)
            var keeps = Keeps(start, afterWithdrawal, report);
            afterWithdrawal = report.Withdraws;
            if (keeps)
            {
                continue;
            }

            start = report.Start;
            source = report.Kind switch
            {
                Kind.Given => StatementStart.Of(report.At),
                Kind.Inferred => StatementStart.Of(null),
                Kind.BeforeStop => StatementStart.Of(null, beforeStop: true),
                _ => report.Source,
            };
        }

        return start is { } folded ? (folded, source) : throw new ArgumentException("No report to fold.", nameof(reports));
    }

    // whether a report keeps the start folded so far (Fold says why); a stop on the day the kept start gave keeps it too:
    // the product was taken on no day, as one report with both dates on that day says (found by an independent edge
    // probe: the start fell back to the day before the stop, a day no report gave, and a contraindicated pair opened
    // for it)
    private static bool Keeps(DateTimeOffset? start, bool afterWithdrawal, Report report) =>
        start is { } kept && !afterWithdrawal && report.Kind is Kind.Inferred or Kind.BeforeStop
        && (kept < report.Start || (report.Kind == Kind.BeforeStop && kept <= report.Stop));

    /// <summary>
    /// Why <paramref name="added"/>, in <paramref name="reports"/> where <see cref="Insert"/> put it, contradicts another
    /// report of the statement, or null: a stop reported without a start that lies before the start an earlier report
    /// gave (<c>startedOn</c>), with no withdrawal between them. One event saying so is refused
    /// (<c>stoppedOn must not be before startedOn</c>); across two reports, the fold would drop the given start and make up
    /// one day of use before the stop, and an open alert would resolve on that day (found by an independent edge probe: a
    /// typed stop "2026-11-27" for "2026-12-27" resolved a major SER-09). So the report that arrives second of the two is
    /// refused, whichever it is: the stop after the start, or an older start delivered after the stop. Which one that is
    /// can depend on the order of arrival when a third report (a corrected start, a withdrawal) falls between them; the
    /// refused one is in <c>_error</c> with its reason, to be sent again once corrected.
    /// </summary>
    public static string? Contradiction(IReadOnlyList<Report> reports, Report added)
    {
        ArgumentNullException.ThrowIfNull(reports);
        if (added.Withdraws)
        {
            // a withdrawal (entered-in-error) retracts the statement, whatever dates it repeats: never refused (found by
            // a review: re-sent with only its status changed, the usual FHIR withdrawal, it was, and the alert stayed)
            return null;
        }

        DateTimeOffset? start = null;
        var given = -1; // the report that gave the start the fold holds, when a Given one did
        var afterWithdrawal = false;
        for (var i = 0; i < reports.Count; i++)
        {
            var report = reports[i];
            if (report.Kind == Kind.BeforeStop && given >= 0 && !afterWithdrawal && !report.Withdraws && report.Stop < start
                && (report == added || reports[given] == added))
            {
                return ContradictionReason(fhir: added.Resource is not null, stopRefused: report == added);
            }

            // as Fold reads the reports
            var keeps = Keeps(start, afterWithdrawal, report);
            afterWithdrawal = report.Withdraws;
            if (keeps)
            {
                continue;
            }

            start = report.Start;
            // a base keeps the source of its start: one a report gave (a statement's single report is read as a base)
            given = report.Kind == Kind.Given || (report.Kind == Kind.Base && StatementStart.IsGiven(report.Source)) ? i : -1;
        }

        return null;
    }

    // the two reasons of Contradiction, in the native contract's words or in FHIR's; a FHIR statement's stop is its
    // effectivePeriod.end, or dateAsserted for a stopped or completed one without it
    private static string ContradictionReason(bool fhir, bool stopRefused)
    {
        var (stopField, startField, earlier) = fhir
            ? ("MedicationStatement.effectivePeriod.end (or dateAsserted, for a stopped or completed status without it)", "effectivePeriod.start or effectiveDateTime", "version of this MedicationStatement")
            : ("stoppedOn", "startedOn", "report of this statement (statementId)");
        return stopRefused
            ? $"{stopField}: the stop is before the start an earlier {earlier} gave in {startField}. A stop given without a start keeps the start reported before it, so this one would end the product before it began. Not applied: correct the stop, or give the start with it when the earlier start was wrong"
            : $"{(fhir ? "MedicationStatement." + startField : startField)}: the start is after the stop a later {earlier} gave in {stopField} without a start. Not applied: correct the start, or send the later report again with its start";
    }

    /// <summary>
    /// A refusal of <see cref="Contradiction"/> in FHIR's words when it came in the native contract's (a MedicationStatement
    /// without <c>meta.versionId</c> is kept as a native report is); any other failure as it is.
    /// </summary>
    public static string InFhirTerms(string failure) =>
        failure == ContradictionReason(fhir: false, stopRefused: true) ? ContradictionReason(fhir: true, stopRefused: true)
        : failure == ContradictionReason(fhir: false, stopRefused: false) ? ContradictionReason(fhir: true, stopRefused: false)
        : failure;

    /// <summary>
    /// <paramref name="item"/>'s details with <paramref name="reports"/> kept and the start's <paramref name="source"/>
    /// recorded. One report that sets the start and is the item's own newest (every report of a statement that gives
    /// <c>startedOn</c>, the usual case) is not written: <see cref="Read"/> makes the same of the item, so such an event
    /// costs no more than before the reports were kept.
    /// </summary>
    public static string? With(RegimenItemRecord item, string? source, List<Report> reports)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(reports);
        var detailsJson = item.DetailsJson;
        if (reports is [{ Kind: Kind.Given or Kind.Base, Stop: null } only] && only.At == item.EffectiveAt && only.Start == item.StartedAt
            && only.Withdraws == item.Withdrawn && ResourceVersion.Read(detailsJson) is var version
            && only.Resource == version?.Resource && only.Version == (version?.Version ?? 0) && only.Timed == (version?.Timed ?? false))
        {
            return detailsJson is not null && !detailsJson.Contains("\"" + Key + "\"", StringComparison.Ordinal)
                && (source is null ? !detailsJson.Contains("\"startSource\"", StringComparison.Ordinal) : detailsJson.Contains($"\"startSource\":\"{source}\"", StringComparison.Ordinal))
                    ? detailsJson
                    : ItemDetails.Set(detailsJson, [StatementStart.Entry(source), (Key, null)]);
        }

        var array = new JsonArray();
        foreach (var report in reports)
        {
            var entry = new JsonObject { ["at"] = Text(report.At), ["kind"] = Name(report.Kind) };
            // the start is written unless the kind gives it (a report without startedOn starts at its time, a stop without
            // one the day before its stop: a FHIR stop moved after the start was set keeps its own, found by a review)
            if (report.Kind is Kind.Given or Kind.Base || report.Start != Derived(report.Kind, report.At, report.Stop))
            {
                entry["start"] = Text(report.Start);
            }

            if (report.Stop is { } stop)
            {
                entry["stop"] = Text(stop);
            }

            if (report.Withdraws)
            {
                entry["withdraws"] = true;
            }

            if (report.Resource is { } resource)
            {
                entry["resource"] = resource;
                entry["version"] = report.Version;
                entry["timed"] = report.Timed;
            }

            if (report.Source is { } baseSource)
            {
                entry["source"] = baseSource;
            }

            array.Add(entry);
        }

        var details = ItemDetails.Set(detailsJson, [StatementStart.Entry(source), (Key, array)]);
        if (details is not null)
        {
            Written.AddOrUpdate(details, [.. reports]);
        }

        return details;
    }

    /// <summary>
    /// Whether <paramref name="a"/> is older than <paramref name="b"/>, the one order of an item's corrections (dispenses
    /// too, <see cref="RegimenItemUpdate"/>): by time; at the same time a withdrawal last; versions of one FHIR resource
    /// by number when their times tie or one of them had no <c>meta.lastUpdated</c> (<see cref="ResourceVersion"/>).
    /// </summary>
    public static bool Older(Report a, Report b) =>
        a.Resource is not null && string.Equals(a.Resource, b.Resource, StringComparison.Ordinal) && a.Version != b.Version
        && (!(a.Timed && b.Timed) || a.At == b.At)
            ? a.Version < b.Version
            : a.At < b.At || (a.At == b.At && b.Withdraws && !a.Withdraws);

    private static List<Report>? Parse(JsonArray array)
    {
        var reports = new List<Report>(array.Count);
        foreach (var node in array)
        {
            if (node is not JsonObject entry || Time(entry, "at") is not { } at
                || Value<string>(entry, "kind") is not { } kindName || KindOf(kindName) is not { } kind
                || (Time(entry, "start") ?? Derived(kind, at, Time(entry, "stop"))) is not { } start)
            {
                return null; // not as written: read as not kept
            }

            reports.Add(new Report(at, start, kind, Time(entry, "stop"), Value<bool>(entry, "withdraws"),
                Value<string>(entry, "resource"), Value<long>(entry, "version"), Value<bool>(entry, "timed"), Value<string>(entry, "source")));
        }

        return reports;
    }

    // the start a report's kind gives it: its time without startedOn, the day before its stop for a stop without one
    private static DateTimeOffset? Derived(Kind kind, DateTimeOffset at, DateTimeOffset? stop) => kind switch
    {
        Kind.Inferred => at,
        Kind.BeforeStop => stop?.AddDays(-1),
        _ => null,
    };

    private static T? Value<T>(JsonObject entry, string name) =>
        entry[name] is JsonValue value && value.TryGetValue<T>(out var result) ? result : default;

    private static DateTimeOffset? Time(JsonObject entry, string name) =>
        Value<string>(entry, name) is { } text
        && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var time) ? time : null;

    private static string Text(DateTimeOffset time) => time.UtcDateTime.ToString("O", CultureInfo.InvariantCulture);

    private static string Name(Kind kind) => kind switch
    {
        Kind.Given => "given",
        Kind.Inferred => "inferred",
        Kind.BeforeStop => "before-stop",
        _ => "base",
    };

    private static Kind? KindOf(string name) => name switch
    {
        "given" => Kind.Given,
        "inferred" => Kind.Inferred,
        "before-stop" => Kind.BeforeStop,
        "base" => Kind.Base,
        _ => null,
    };
}
