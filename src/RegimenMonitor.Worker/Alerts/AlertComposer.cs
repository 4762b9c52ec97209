using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Alerts;

/// <summary>
/// Turns findings changes into outbox rows: an opened, reinstated or re-graded finding writes an <c>active</c> alert,
/// a resolved finding a <c>resolved</c> one stating why (which product ended and how, a withdrawal, a rule-set
/// change), a finding folded into another a <c>superseded</c> one naming it, an overdue unacknowledged alert an
/// escalation marked as such. Rows are only composed here: they commit (or not) with the regimen change that caused
/// them.
/// </summary>
internal static class AlertComposer
{
    public const string AlertKind = "alert";
    public const string EscalationKind = "escalation";

    /// <summary>
    /// The outbox rows of one patient's findings diff, in the order opened, severity raised, severity lowered,
    /// reinstated, updated, superseded, resolved. An active alert also stamps its finding (<c>LastAlertAt</c>, escalation reset):
    /// the diff's records are the regimen decision's own copies. The rows carry no trace parent: the caller stamps it.
    /// </summary>
    public static List<OutboxMessage> Compose(string patientRef, FindingsDiff diff, DateTimeOffset now, Func<DateTimeOffset, Guid> newMessageId)
    {
        ArgumentNullException.ThrowIfNull(diff);
        ArgumentNullException.ThrowIfNull(newMessageId);
        var rows = new List<OutboxMessage>(diff.AlertCount);
        foreach (var (findings, transition) in new[]
        {
            (diff.Opened, "opened"), (diff.Escalated, "severity-raised"), (diff.Lowered, "severity-lowered"), (diff.Reinstated, "reinstated"),
            (diff.Updated, "updated"),
        })
        {
            foreach (var finding in findings)
            {
                finding.LastAlertAt = now;
                finding.EscalatedAt = null;
                rows.Add(Compose(patientRef, finding, FindingStates.Active, transition, AlertKind, now, diff.Notes.GetValueOrDefault(finding), newMessageId(now), null));
            }
        }

        foreach (var finding in diff.Superseded)
        {
            rows.Add(AfterWhatItNames(Compose(patientRef, finding, FindingStates.Superseded, "superseded", AlertKind, now, diff.Notes.GetValueOrDefault(finding), newMessageId(now), null), now));
        }

        foreach (var finding in diff.Resolved)
        {
            var note = diff.Notes.GetValueOrDefault(finding);
            var row = Compose(patientRef, finding, FindingStates.Resolved, "resolved", AlertKind, now, note, newMessageId(now), null);
            rows.Add(note?.Resolution?.ContinuedIn is null ? row : AfterWhatItNames(row, now));
        }

        return rows;
    }

    /// <summary>
    /// A message that names an alert of the same transaction (a resolution's <c>continuedIn</c>, a supersession's
    /// <c>supersededBy</c>), stamped a millisecond after it. The dispatcher claims in <c>created_at</c> order, and the
    /// rows of one transaction share their instant, so a batch boundary could fall between the two, and "act on alert X"
    /// reached the queue before alert X (found by an independent fault probe: 155 of 400 such resolutions, where the
    /// batch's own ordering could not help). One millisecond later, it is claimed after what it names.
    /// </summary>
    private static OutboxMessage AfterWhatItNames(OutboxMessage row, DateTimeOffset now)
    {
        Restamp(row, now.AddMilliseconds(1));
        return row;
    }

    /// <summary>
    /// The overdue re-send of an active alert, routed to <c>escalation.&lt;severity&gt;</c> and marked in its body;
    /// <paramref name="history"/> says what re-armed it when it was sent again as active after it was raised.
    /// </summary>
    public static OutboxMessage Escalation(string patientRef, FindingRecord finding, DateTimeOffset now, EscalationHistory? history = null)
    {
        ArgumentNullException.ThrowIfNull(finding);
        return Compose(patientRef, finding, FindingStates.Active, "escalated", EscalationKind, now, null, Guid.CreateVersion7(now), Activity.Current?.Id,
            history ?? EscalationHistory.None);
    }

    /// <summary>
    /// Moves a composed row to a later instant <paramref name="at"/>: its <c>created_at</c>, its message's
    /// <c>raisedAt</c>, and a resolution or escalation the message dates at the instant it was raised. For the rare row
    /// of an alert that an earlier change of the same group already wrote a message for (Infrastructure/Database's
    /// RegimenWrites): the two messages then carry the order they are sent in (found by an independent fault probe: an
    /// alert's <c>opened</c> and <c>resolved</c> of one group had the same <c>raisedAt</c>).
    /// </summary>
    public static void Restamp(OutboxMessage row, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(row);
        var alert = JsonSerializer.Deserialize<RegimenAlertRaised>(row.PayloadJson, WireJson.Options)
            ?? throw new InvalidOperationException($"Outbox message {row.Id} has an empty payload.");
        var raised = alert.RaisedAt;
        alert = alert with
        {
            RaisedAt = at,
            Resolution = alert.Resolution is { } resolution && resolution.At == raised ? resolution with { At = at } : alert.Resolution,
            Escalation = alert.Escalation is { } escalation && escalation.EscalatedAt == raised ? escalation with { EscalatedAt = at } : alert.Escalation,
        };
        row.PayloadJson = JsonSerializer.Serialize(alert, WireJson.Options);
        row.CreatedAt = at;
    }

    public static string RoutingKey(string kind, string concern, string severity) =>
        kind == EscalationKind ? $"escalation.{severity}" : $"{concern}.{severity}";

    private static OutboxMessage Compose(string patientRef, FindingRecord finding, string status, string transition, string kind, DateTimeOffset now,
        AlertNote? note, Guid messageId, string? traceParent, EscalationHistory? history = null)
    {
        var view = JsonSerializer.Deserialize<FindingView>(finding.PayloadJson, WireJson.Options)
            ?? throw new InvalidOperationException($"Finding {finding.Id} has an empty payload.");
        var (title, detail, recommendation) = Texts(finding, view, status, transition, now, note, history);
        var alert = new RegimenAlertRaised
        {
            AlertId = finding.AlertId,
            PatientId = patientRef,
            Status = status,
            Concern = view.Concern,
            Severity = view.Severity,
            Title = title,
            Detail = detail,
            Recommendation = recommendation,
            Involves = view.Involves.Select(i => new AlertInvolvement
            {
                Ingredient = i.Ingredient, Kind = i.Kind, ProductText = i.ProductText, SourceEventId = i.SourceEventId,
                ItemId = i.ItemId, PrescriptionId = i.PrescriptionId, PharmacyId = i.PharmacyId, StartedAt = i.StartedAt,
            }).ToList(),
            Nutrient = view.Nutrient,
            RuleId = view.RuleId,
            RuleSetVersion = finding.RuleSetVersion,
            Evidence = view.Evidence.Select(e => new AlertEvidence { Grade = e.Grade, Citation = e.Citation }).ToList(),
            RaisedAt = now,
            Transition = transition,
            Since = view.Since,
            WashoutUntil = view.WashoutUntil,
            PreviousSeverity = note?.PreviousSeverity,
            Resolution = status == FindingStates.Superseded
                ? new AlertResolution { Reason = "superseded", At = now }
                : note?.Resolution,
            SupersededBy = note?.SupersededBy?.AlertId,
            Supersedes = note is { Supersedes.Count: > 0 } ? note.Supersedes : null,
            Escalation = kind == EscalationKind
                // waiting since it was raised: an acknowledgement of the alertId counts for every later message of it
                ? new AlertEscalation { EscalatedAt = now, Level = view.Severity, UnacknowledgedSince = finding.RaisedAt }
                : null,
            Unchecked = view.Unchecked is { Count: > 0 } ? view.Unchecked : null,
        };
        return new OutboxMessage
        {
            Id = messageId,
            AlertId = finding.AlertId,
            Kind = kind,
            Status = status,
            RoutingKey = RoutingKey(kind, view.Concern, view.Severity),
            PayloadJson = JsonSerializer.Serialize(alert, WireJson.Options),
            TraceParent = traceParent,
            CreatedAt = now,
        };
    }

    /// <summary>Title, detail and recommendation as a care team reads them for this transition.</summary>
    private static (string Title, string Detail, string Recommendation) Texts(FindingRecord finding, FindingView view, string status, string transition, DateTimeOffset now,
        AlertNote? note, EscalationHistory? history = null)
    {
        var on = Date(now);
        switch (transition)
        {
            case "escalated":
                return ($"Escalated, not acknowledged: {view.Title}",
                    $"{Unacknowledged(finding, view, on, history ?? EscalationHistory.None)} {view.Detail}",
                    view.Recommendation);
            case "severity-raised" or "severity-lowered":
                return (view.Title,
                    $"Severity {(transition == "severity-raised" ? "raised" : "lowered")} from {note?.PreviousSeverity} to {view.Severity} on {on}.{AlsoCorrectedBack(note, on)} {view.Detail}",
                    view.Recommendation);
            case "reinstated":
                return (view.Title,
                    $"Reported on its own again on {on}: the alert that covered it{(note?.WasSupersededBy is { } by ? $" ({by})" : string.Empty)} ended, and this combination is still active.{AlsoCorrectedBack(note, on)} {view.Detail}",
                    view.Recommendation);
            case "opened" when note?.Restored is { } restored:
                return (view.Title,
                    $"Opened again on {on}: {(restored.Source == "pharmacist" ? "a pharmacist's" : "the care team's")} report that {restored.ProductText} was stopped on {Date(restored.StoppedAt)} (statementId {restored.StatementId}) was {(restored.Withdrawn ? "withdrawn" : "corrected")}, so {(restored.Dispensed ? "the dispensed supply counts" : "the earlier report of it counts")} as taken again; an alert that report resolved named the same statementId. {view.Detail}",
                    view.Recommendation);
            case "updated":
                return (view.Title, $"Updated on {on}: {Changed(view, note, on)}. {view.Detail}", view.Recommendation);
            case "superseded":
                var cover = note?.SupersededBy;
                var coverView = cover is null ? null : JsonSerializer.Deserialize<FindingView>(cover.PayloadJson, WireJson.Options);
                var name = coverView is null ? "another alert" : Named(cover!, coverView);
                return (view.Title,
                    $"Still active. Since {on} this combination is part of {name}, which now reports it together with the other products involved.{AlsoCorrectedBack(note, on)} It was: {view.Detail}",
                    $"Not resolved: act on {name}. {coverView?.Recommendation ?? view.Recommendation}");
        }

        if (status != FindingStates.Resolved)
        {
            return (view.Title, view.Detail, view.Recommendation);
        }

        var resolution = note?.Resolution;
        var ended = resolution?.Ended ?? [];
        var what = new StringBuilder();
        foreach (var product in ended)
        {
            what.Append(what.Length == 0 ? string.Empty : "; ").Append(Describe(product, on, note?.Shortened, view));
        }

        var continued = note?.ContinuedIn;
        var continuedView = continued is null ? null : JsonSerializer.Deserialize<FindingView>(continued.PayloadJson, WireJson.Options);
        var still = continuedView is null ? string.Empty
            : $" The products still taken are reported in {Named(continued!, continuedView)}.";
        var added = note?.Added;
        var (detail, recommendation) = resolution?.Reason switch
        {
            "dispense-withdrawn" or "combination-ended" when note?.StillTaken == true => (
                $"Resolved on {on}: {what}. Without that record the regimen no longer raises this finding, although its products are still taken (for example, their continuous use is now shorter than the rule's threshold).{still} It was: {view.Detail}",
                "Confirm the patient's actual use of the product whose record changed: if the earlier record was right after all, this finding still needs the action it had."),
            "no-longer-detected" when added is not null => (
                $"Resolved on {on}: with {added.ProductText} {(added.Kind == "medication" ? "dispensed" : "reported")} on {Date(added.At)}, the regimen no longer raises this finding (its products are still taken).{still} It was: {view.Detail}",
                $"Confirm that the patient takes {added.ProductText} as recorded: if it is stopped, this finding applies again."),
            "dispense-withdrawn" => (
                $"Resolved on {on}: {what}, so the combination is no longer in the regimen.{still} It was: {view.Detail}",
                "The withdrawn record was entered in error or not handed over: confirm the patient does not have the product; if they do, this combination still needs the action it had."),
            // every product "ended" by a correction of its record: nothing was stopped, so the advice is about the record
            "combination-ended" when ended.Count > 0 && ended.All(e => e.How == "replaced") => (
                $"Resolved on {on}: the combination ended: {what}.{still} It was: {view.Detail}",
                $"A record was corrected, not a product stopped: confirm with the patient which product they take; if it is still {string.Join(" or ", ended.Select(e => e.Ingredient).Distinct(StringComparer.Ordinal))}, this combination still needs the action it had."),
            "combination-ended" => (
                $"Resolved on {on}: the combination ended: {what}.{still} It was: {view.Detail}",
                "Confirm with the patient that the ended product is no longer taken; review again if it is restarted or refilled." + AfterTheEnd(view, ended)),
            "rule-set-changed" => (
                $"Resolved on {on}: rule set {resolution.PreviousRuleSetVersion} was replaced by {finding.RuleSetVersion}, which no longer raises this finding for these products (they are still in the regimen).{still} It was: {view.Detail}",
                "The products are unchanged: review the combination against the current rule set if in doubt."),
            _ => (
                $"Resolved on {on}: re-evaluation no longer raises this finding although its products are still recorded.{still} It was: {view.Detail}",
                "The products are unchanged: review the regimen."),
        };

        return (view.Title, detail, still.Length == 0 ? recommendation : $"Not an all-clear: act on alert {continued!.AlertId} for the products still taken. {recommendation}");
    }

    /// <summary>
    /// The finding's advice for the end of the products that ended here (stopped, or their supply ran out), each
    /// sentence once: St John's wort stopped beside sertraline asks to watch the medicines whose levels rise as its
    /// induction wears off, at the moment that applies. Not for a product withdrawn or corrected (it may never have been
    /// taken), nor for the other product of the pair. Until 2026-12-06 the resolution never said it, although the open
    /// alert had said "after stopping" (found by a newcomer probe).
    /// </summary>
    private static string AfterTheEnd(FindingView view, IReadOnlyList<AlertEndedProduct> ended)
    {
        if (view.EndedAdvice is not { Count: > 0 } advice)
        {
            return string.Empty;
        }

        var text = new StringBuilder();
        var said = new HashSet<string>(StringComparer.Ordinal);
        foreach (var product in ended)
        {
            if (product.How is not ("stopped" or "supply-ran-out"))
            {
                continue;
            }

            foreach (var sentence in advice)
            {
                if (string.Equals(sentence.Ingredient, product.Ingredient, StringComparison.Ordinal) && said.Add(sentence.Text))
                {
                    text.Append(' ').Append(sentence.Text);
                }
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// The start of an escalation's detail: since when the alert has waited for an acknowledgement (since it was raised:
    /// an acknowledgement of its alertId counts for every later message), and, when a later active message re-armed the
    /// escalation, which one. Until 2026-12-06 it said "Not acknowledged since" the re-arming message: an alert raised on
    /// 2026-10-20, escalated that day and reinstated on 2026-11-12 read as unanswered since 2026-11-12, three weeks short
    /// (found by a newcomer walk-through of the demo).
    /// </summary>
    private static string Unacknowledged(FindingRecord finding, FindingView view, string on, EscalationHistory history)
    {
        var raised = $"Not acknowledged since it was raised on {Date(finding.RaisedAt)}";
        if (finding.LastAlertAt <= finding.RaisedAt)
        {
            return $"{raised}; escalated on {on} at level {view.Severity}.";
        }

        var after = history.LatestTransition switch
        {
            "reinstated" => "it was reinstated",
            "severity-raised" => "its severity was raised",
            "severity-lowered" => "its severity was lowered",
            "updated" => "it was updated",
            _ => "it was sent again as active",
        };
        return $"{raised}; escalated {(history.EscalatedBefore ? "again " : string.Empty)}on {on} at level {view.Severity}, after {after} on {Date(finding.LastAlertAt)}.";
    }

    /// <summary>What an <c>updated</c> alert changed, in words: a product that ended while another goes on, the washout (it changes what to do), then the start.</summary>
    private static string Changed(FindingView view, AlertNote? note, string on)
    {
        var parts = new List<string>(3);
        if (note?.CorrectedToUnreadable is { } corrected)
        {
            parts.Add($"{(corrected.Kind == "medication" ? "the dispense" : "the report")} {corrected.ItemId} of {corrected.WasProductText} ({corrected.Ingredient}) was corrected on {on} to {corrected.ProductText}, which could not be recognised (no ingredient is known for it), so this alert cannot tell whether the combination ended; it stays open: confirm with the patient what {corrected.ProductText} is");
        }

        if (note?.UnreadableReplaced is { } again)
        {
            // the text it replaces leaves `unchecked` unless another record still says it
            var replaces = view.Unchecked?.Contains(again.WasProductText, StringComparer.Ordinal) == true
                ? string.Empty
                : $", and replaces {again.WasProductText} among the products this alert could not check";
            parts.Add($"{(again.Kind == "medication" ? "the dispense" : "the report")} {again.ItemId}, last corrected to {again.WasProductText}, which could not be recognised, was corrected on {on} to {again.ProductText}, which could not be recognised either (no ingredient is known for it){replaces}, so this alert still cannot tell whether the combination ended; it stays open: confirm with the patient what {again.ProductText} is");
        }

        if (note?.CorrectedBack is { } back)
        {
            parts.Add(CorrectedBack(back, on));
        }

        foreach (var product in note?.HandedOver ?? [])
        {
            // the product that keeps the combination, as the finding now names it
            var goesOn = view.Involves.Where(i => i.Kind == product.Kind && i.Ingredient == product.Ingredient).Select(i => i.ProductText)
                .Distinct(StringComparer.Ordinal).ToList();
            parts.Add($"{Describe(product, on)}, but {string.Join(" and ", goesOn)} {(goesOn.Count == 1 ? "is" : "are")} still taken, so the combination goes on");
        }

        if (note?.WashoutChanged == true)
        {
            parts.Add((note.PreviousWashoutUntil, view.WashoutUntil) switch
            {
                (null, { } until) => $"one of its products has ended; the combination now holds through the washout, until {Date(until)}, not because both are taken",
                ({ } before, null) => $"its products are taken together again; it no longer holds through a washout that was to end on {Date(before)}",
                ({ } before, { } until) => $"the washout now ends on {Date(until)}, not on {Date(before)}",
                _ => "its washout changed",
            });
        }

        if (note?.PreviousSince is { } since)
        {
            parts.Add($"the combination now counts from {Date(view.Since)}, not from {Date(since)}");
        }

        return parts.Count == 0 ? "its account of the combination changed" : string.Join("; ", parts);
    }

    /// <summary>
    /// A record the alert said was corrected to an unreadable product, corrected back to a product of the combination (or
    /// its codes alone corrected, so the same text is read again), as a clause.
    /// </summary>
    private static string CorrectedBack(UnreadableCorrection back, string on)
    {
        var record = $"{(back.Kind == "medication" ? "the dispense" : "the report")} {back.ItemId}";
        var left = back.StillUnchecked
            ? $"; {back.WasProductText} stays among the products this alert could not check, as another of the patient's records says it"
            : $", and {back.WasProductText} is no longer among the products this alert could not check";
        return back.WasProductText == back.ProductText
            ? $"{record} of {back.ProductText}, which could not be recognised, was corrected on {on} and is read again as {back.Ingredient}: the combination is recognised again and goes on{left}"
            : $"{record}, last corrected to {back.WasProductText}, which could not be recognised, was corrected on {on} to {back.ProductText} ({back.Ingredient}): the combination is recognised again and goes on{left}";
    }

    /// <summary>
    /// For a transition other than <c>updated</c> (a severity step, a reinstatement, a supersession) decided with a
    /// correction back: that correction as a sentence of its own, with a leading space; otherwise nothing (a review: the
    /// step was sent without it, and the care team's last word stayed "confirm what it is").
    /// </summary>
    private static string AlsoCorrectedBack(AlertNote? note, string on)
    {
        if (note?.CorrectedBack is not { } back)
        {
            return string.Empty;
        }

        var clause = CorrectedBack(back, on);
        return $" {char.ToUpperInvariant(clause[0])}{clause[1..]}.";
    }

    /// <summary>Another alert as a care team reads it named in this one: "alert X (SER-17, major: title)".</summary>
    private static string Named(FindingRecord other, FindingView view) => $"alert {other.AlertId} ({view.RuleId}, {view.Severity}: {view.Title})";

    /// <summary>How one product ended, as the resolution's detail says it; <paramref name="on"/> is the decision's date.</summary>
    /// <paramref name="was"/> is the finding as the care team last read it: a corrected record is named by what it said then.
    private static string Describe(AlertEndedProduct product, string on, string? shortened = null, FindingView? was = null)
    {
        var when = product.EndedAt is { } at ? Date(at) : "an unknown date";
        if (product.How == "replaced" && product.ItemId is { } itemId)
        {
            var before = was?.Involves.FirstOrDefault(i => i.Kind == product.Kind && i.ItemId == itemId && i.ProductText != product.ProductText)?.ProductText;
            // the record now names another product: say which record, what it said when the alert named it, and what it says
            // now (a newcomer probe: "Vitamin D3 2000 IU no longer contains st john's wort" read as if the vitamin had)
            var record = $"{(product.Kind == "medication" ? "the dispense" : "the report")} {product.ItemId}{(before is null ? string.Empty : $" of {before}")} ({product.Ingredient})";
            return when == on
                ? $"{record} was corrected on {on} to {product.ProductText}, which does not contain {product.Ingredient}"
                : $"{record} was corrected on {on} (to the record of {when}) to {product.ProductText}, which does not contain {product.Ingredient}";
        }

        return product.How switch
        {
            "withdrawn" => $"{(product.Kind == "medication" ? "the dispense" : "the report")} of {product.ProductText} ({product.Ingredient}) was withdrawn ({product.Status}) on {when}",
            // the correction is reported now; its record keeps the date it was dispensed or reported, often earlier
            "replaced" => when == on
                ? $"{product.ProductText} no longer contains {product.Ingredient} after a correction on {on}"
                : $"{product.ProductText} no longer contains {product.Ingredient} after a correction on {on} (to the record of {when})",
            "stopped" when product.StopStatementId is { } statement =>
                $"{product.ProductText} ({product.Ingredient}) was stopped on {when}, as {(product.StopReportedBy == "pharmacist" ? "a pharmacist" : "the care team")} reported (statementId {statement})",
            "stopped" => $"{product.ProductText} ({product.Ingredient}) was stopped on {when}",
            _ when shortened is not null && product.ItemId == shortened =>
                $"a correction on {on} shortened the supply of {product.ProductText} ({product.Ingredient}), which with it ran out on {when} (days supply and refill grace over, no refill)",
            _ => $"the supply of {product.ProductText} ({product.Ingredient}) ran out on {when} (days supply and refill grace over, no refill)",
        };
    }

    private static string Date(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
