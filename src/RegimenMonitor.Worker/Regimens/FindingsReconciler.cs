using System.Text.Json;
using RegimenMonitor.Contracts;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// Compares a fresh evaluation with the patient's open findings (<c>active</c> and <c>superseded</c>) by fingerprint:
/// new ones open an episode, continuing ones are refreshed (a refill changes nothing visible; a severity change, or a
/// start or washout that changed at the same severity, is reported with the same alert id), findings the engine now folds into another are <c>superseded</c> (naming it),
/// a superseded one that is reported on its own again is reinstated, and missing ones are resolved with the reason
/// read from the regimen: which product ended and how, a withdrawal, or a rule-set change. Pure: it changes only the
/// working copies its caller (the regimen decision) hands it, and reads no clock; the alerts are composed from the diff.
/// </summary>
internal static class FindingsReconciler
{
    /// <summary>
    /// Reconciles the patient's open findings with <paramref name="evaluation"/> of <paramref name="items"/>.
    /// <paramref name="workingFindings"/> are the caller's copies of the open findings: continuing, superseded,
    /// reinstated and resolved ones are updated in them; opened ones are new records (alert id from
    /// <paramref name="newAlertId"/>). The diff names those records. <paramref name="before"/> is the item the
    /// change replaced, as it was (null: none, or a review): a correction to another product is named as what ended.
    /// </summary>
    public static FindingsDiff Reconcile(long patientId, IReadOnlyCollection<RegimenItemRecord> items, IEnumerable<FindingRecord> workingFindings,
        RegimenEvaluation evaluation, DateTimeOffset now, Func<Guid> newAlertId, RegimenItemRecord? before = null, RegimenItemRecord? changed = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(workingFindings);
        ArgumentNullException.ThrowIfNull(evaluation);
        ArgumentNullException.ThrowIfNull(newAlertId);
        var result = evaluation.Result;
        var uncheckedProducts = evaluation.Unrecognised.Where(i => IsCurrent(i, now)).Select(i => i.ProductText).Distinct(StringComparer.Ordinal).ToList();
        // by the key a fingerprint is stored under: a long one SQLite kept whole (it does not enforce the column's length)
        // matches its shortened key and goes on under it, the same alert, rather than resolving "no longer detected"
        // while a new alert opens for the same products (found by a review)
        var open = new Dictionary<string, FindingRecord>(StringComparer.Ordinal);
        foreach (var record in workingFindings)
        {
            open.TryAdd(StoredFingerprint.Of(record.Fingerprint), record);
        }

        var diff = new FindingsDiff();
        var current = new Dictionary<string, FindingRecord>(StringComparer.Ordinal);
        var ends = Ends(items, now, before, changed);
        foreach (var finding in result.Findings)
        {
            var view = FindingView.From(finding, items, uncheckedProducts);
            var payload = JsonSerializer.Serialize(view, WireJson.Options);
            var rank = (int)finding.Severity;
            if (open.Remove(finding.Fingerprint, out var existing))
            {
                existing.Fingerprint = finding.Fingerprint; // a long one stored whole: its key from now on
                // a record this alert said was corrected to an unreadable product, corrected back to a product of the
                // combination: said with whatever this decision sends for the alert (a severity step, a reinstatement),
                // or on its own as an update (a review: a step sent without it left "confirm what it is" as the last word)
                var back = CorrectedBack(existing, view, before, changed, now);
                if (existing.State == FindingStates.Superseded)
                {
                    diff.Reinstated.Add(existing);
                    diff.Note(existing).WasSupersededBy = Read(existing).SupersededBy;
                    existing.State = FindingStates.Active;
                }
                else if (rank > existing.SeverityRank)
                {
                    diff.Escalated.Add(existing);
                    diff.Note(existing).PreviousSeverity = existing.Severity;
                }
                else if (rank < existing.SeverityRank)
                {
                    diff.Lowered.Add(existing);
                    diff.Note(existing).PreviousSeverity = existing.Severity;
                }
                else if (Updated(existing, finding, payload, view, items, now, ends) is { } update)
                {
                    // the same alert, but what it told the care team no longer holds: the combination counts from
                    // another start (a restart after a reported stop, a corrected date), or one product ended and only
                    // the washout keeps it (a stop reported late), or both are taken again (that stop withdrawn), or a
                    // product of it was stopped while another product of the same ingredient goes on
                    diff.Updated.Add(existing);
                    var note = diff.Note(existing);
                    note.PreviousSince = update.SinceMoved ? existing.Since : null;
                    note.WashoutChanged = update.WashoutChanged;
                    note.PreviousWashoutUntil = update.PreviousWashout;
                    note.HandedOver.AddRange(update.HandedOver);
                    existing.UpdatedAt = now; // the account the care team was given, from which a later stop is news
                }
                else if (back is not null)
                {
                    // the record an earlier `updated` said was corrected to an unreadable product now says a product of
                    // the combination again: told once, so the care team's last word is not "confirm what it is" with the
                    // unreadable text still in `unchecked` (a review of the night session's change)
                    diff.Updated.Add(existing);
                    existing.UpdatedAt = now;
                }
                else
                {
                    diff.Continuing++;
                }

                if (back is not null)
                {
                    diff.Note(existing).CorrectedBack = back;
                }

                if (existing.PayloadJson != payload || existing.SeverityRank != rank || existing.RuleSetVersion != result.RuleSetVersion)
                {
                    existing.Severity = WireNames.Of(finding.Severity);
                    existing.SeverityRank = rank;
                    existing.Concern = WireNames.Of(finding.Concern);
                    existing.PayloadJson = payload;
                    existing.RuleSetVersion = result.RuleSetVersion;
                    existing.Since = finding.Since;
                    existing.UpdatedAt = now;
                }

                current[finding.Fingerprint] = existing;
                continue;
            }

            var opened = new FindingRecord
            {
                PatientId = patientId,
                Fingerprint = finding.Fingerprint,
                AlertId = newAlertId(),
                RuleId = finding.RuleId,
                Concern = WireNames.Of(finding.Concern),
                Severity = WireNames.Of(finding.Severity),
                SeverityRank = rank,
                State = FindingStates.Active,
                Since = finding.Since,
                RaisedAt = now,
                UpdatedAt = now,
                LastAlertAt = now,
                RuleSetVersion = result.RuleSetVersion,
                PayloadJson = payload,
            };
            diff.Opened.Add(opened);
            if (before is not null && RestoredBy(before, items) is { } restored && finding.Involves.Any(i => restored.Ingredients.Contains(i.Ingredient)))
            {
                // the only change was that report: the dispense or earlier report it had ended counts again, and this alert
                // says why
                var dispensed = finding.Involves.Any(i => i.Kind == RegimenItemKind.Medication && restored.Ingredients.Contains(i.Ingredient));
                diff.Note(opened).Restored = restored.Stop with { Dispensed = dispensed };
            }

            current[finding.Fingerprint] = opened;
        }

        Supersede(result, open, current, diff, now, before, changed);
        foreach (var gone in open.Values)
        {
            if (UnreadableHolder(gone, items, now) is { } holder)
            {
                // a product of the combination was corrected to one no catalogue entry reads (an unknown text, a code
                // nothing imported maps): the engine no longer sees the ingredient, but nothing says it was stopped, so
                // the alert stays open until that product ends (or is corrected again); never "resolved" as if the risk
                // were gone. The patient is reviewed again when its supply runs out.
                var end = EndOf(holder);
                diff.ReviewBy = end == DateTimeOffset.MaxValue ? diff.ReviewBy : diff.ReviewBy is { } by && by <= end ? by : end;
                var view = gone.State == FindingStates.Active && changed is not null && before is not null && SameRecord(before, changed)
                    && string.IsNullOrEmpty(changed.Ingredients) && IsCurrent(changed, now)
                    && before.ProductText != changed.ProductText ? Read(gone) : null;
                // a record already unreadable, corrected to another unreadable text: news only when this alert said it
                // was corrected to the first (its account lists that text), so the care team confirms the text the record
                // says now, not one no record says any more (a review: nothing was sent, and a later correction back was
                // not told either, the alert having never named the second text)
                var again = view is not null && string.IsNullOrEmpty(before!.Ingredients);
                if (again && view!.Unchecked?.Contains(before!.ProductText, StringComparer.Ordinal) != true)
                {
                    view = null;
                }

                // the involved record this change corrected (any of them, not only the one that ends first: a second
                // record corrected later is news too)
                if (view?.Involves.FirstOrDefault(i => i.Kind == changed!.Kind && i.ItemId == changed.ItemKey) is { } involved)
                {
                    // this change made it so: the care team's alert names a product the record no longer says, so it is
                    // told once, and the new text joins the products the alert could not check (a newcomer probe,
                    // probe-newc8 M2: nothing was sent, and the alert went on naming St John's wort); a text it replaces
                    // leaves them, unless another record of the patient still says it
                    diff.Updated.Add(gone);
                    var correction = new UnreadableCorrection(changed!.Kind, changed.ItemKey, involved.Ingredient, before!.ProductText, changed.ProductText);
                    if (again)
                    {
                        diff.Note(gone).UnreadableReplaced = correction;
                    }
                    else
                    {
                        diff.Note(gone).CorrectedToUnreadable = correction;
                    }

                    var kept = (view.Unchecked ?? []).Where(u => !again || u != before.ProductText || uncheckedProducts.Contains(u, StringComparer.Ordinal));
                    gone.PayloadJson = JsonSerializer.Serialize(
                        view with { Unchecked = [.. kept.Append(changed.ProductText).Distinct(StringComparer.Ordinal)] }, WireJson.Options);
                    gone.UpdatedAt = now;
                }

                continue;
            }

            // Active or superseded alike: every alert id ends with a resolved message stating why, so a system that
            // tracks state per alert id closes a superseded alert too.
            diff.Closed.Add(gone);
            diff.Resolved.Add(gone);
            var (resolution, stillTaken, added, shortened) = Explain(gone, items, result, now, before);
            var continued = ContinuedIn(gone, current.Values);
            diff.Note(gone).Resolution = continued is null ? resolution : resolution with { ContinuedIn = continued.AlertId };
            diff.Note(gone).StillTaken = stillTaken;
            diff.Note(gone).Added = added;
            diff.Note(gone).Shortened = shortened;
            diff.Note(gone).ContinuedIn = continued;
            if (resolution.Reason == "rule-set-changed")
            {
                // the rule set that resolved it: the old one is the resolution's previousRuleSetVersion (found in a docs
                // review: the message carried the old version, and its text read "rule set X was replaced by X")
                gone.RuleSetVersion = result.RuleSetVersion;
            }

            gone.State = FindingStates.Resolved;
            gone.ResolvedAt = now;
            gone.UpdatedAt = now;
        }

        return diff;
    }

    /// <summary>
    /// When this change corrected a record of <paramref name="existing"/>'s combination from a product that maps to no
    /// ingredient, which its stored account lists as unchecked (an earlier <c>updated</c> said so), back to a product of
    /// the combination: that record, as the alert names it now, with the text it had.
    /// </summary>
    private static UnreadableCorrection? CorrectedBack(FindingRecord existing, FindingView view, RegimenItemRecord? before, RegimenItemRecord? changed, DateTimeOffset now)
    {
        // active, or superseded (its account as it was when it was folded in): whatever this decision sends for it says so
        if (before is null || changed is null || !SameRecord(before, changed)
            || !string.IsNullOrEmpty(before.Ingredients) || string.IsNullOrEmpty(changed.Ingredients) || !IsCurrent(changed, now)
            || view.Involves.FirstOrDefault(i => i.Kind == changed.Kind && i.ItemId == changed.ItemKey) is not { } involved
            || Read(existing) is not { } told
            || told.Unchecked?.Contains(before.ProductText, StringComparer.Ordinal) != true
            || !told.Involves.Any(i => i.Kind == changed.Kind && i.ItemId == changed.ItemKey))
        {
            // the stored account must still name this record beside its unreadable text, as only the `updated` for a
            // correction to an unreadable product leaves it (a continuing alert's account is rewritten without a record
            // that no longer takes part, and lists every unreadable product of the patient, not only its own; a review)
            return null;
        }

        // another current record may still say the text (a fresh account lists every unreadable product of the patient):
        // told all the same, the text staying unchecked (a review: nothing was sent, and "confirm what it is" stayed the
        // care team's last word about a record that is the combination's product again)
        return new UnreadableCorrection(changed.Kind, changed.ItemKey, involved.Ingredient, before.ProductText, changed.ProductText)
        {
            StillUnchecked = view.Unchecked?.Contains(before.ProductText, StringComparer.Ordinal) == true,
        };
    }

    /// <summary>
    /// When <paramref name="before"/> was a care team's or pharmacist's stop (it ended dispenses and earlier reports) and the change withdrew it,
    /// made it another source's or moved its stop: the report, as the alert it restores names it, and its ingredients.
    /// </summary>
    private static (RestoredStop Stop, string[] Ingredients)? RestoredBy(RegimenItemRecord before, IReadOnlyCollection<RegimenItemRecord> items)
    {
        if (!ReportedStops.Ends(before))
        {
            return null;
        }

        var after = items.FirstOrDefault(i => i.Kind == before.Kind && i.ItemKey == before.ItemKey);
        if (after is not null && ReportedStops.Ends(after) && after.StoppedAt == before.StoppedAt)
        {
            return null;
        }

        return (new RestoredStop(before.ItemKey, before.ProductText, before.ReportedSource() ?? "care-team", before.StoppedAt!.Value, after is null || after.Withdrawn),
            before.EngineTexts().Ingredients);
    }

    /// <summary>
    /// What changed in a continuing finding's account since its stored payload: its start moved later, and its washout (from none to
    /// a window, back, or to another end). Only a finding that is or was a washout is read back (its payload names
    /// <c>washoutUntil</c>); the rest compare their stored start.
    /// </summary>
    private static (bool SinceMoved, bool WashoutChanged, DateTimeOffset? PreviousWashout) Update(FindingRecord existing, Finding finding)
    {
        // later only: the start the alert gave no longer holds (a run cut by a reported stop, an earlier fill withdrawn or
        // corrected). An earlier start comes from a record that arrived late (a replay, consumers taking events
        // concurrently): nothing the care team does changes, and the next message of the alert carries it.
        var sinceMoved = (finding.Since - existing.Since).Ticks >= TimeSpan.TicksPerSecond;
        if (finding.WashoutUntil is null && !existing.PayloadJson.Contains("\"washoutUntil\"", StringComparison.Ordinal))
        {
            return (sinceMoved, false, null);
        }

        var previous = Read(existing).WashoutUntil;
        return (sinceMoved, Moved(previous, finding.WashoutUntil), previous);
    }

    /// <summary>
    /// What an <c>updated</c> message of a continuing finding at the same severity must say, or null when nothing: its
    /// start moved later, its washout changed (<see cref="Update"/>, only when the stored payload differs), or a product
    /// of it ended while another product of the same ingredient keeps it (<see cref="HandedOver"/>).
    /// </summary>
    private static (bool SinceMoved, bool WashoutChanged, DateTimeOffset? PreviousWashout, List<AlertEndedProduct> HandedOver)? Updated(
        FindingRecord existing, Finding finding, string payload, FindingView view, IReadOnlyCollection<RegimenItemRecord> items, DateTimeOffset now,
        List<ProductEnd>? ends)
    {
        var (sinceMoved, washoutChanged, previousWashout) = existing.PayloadJson != payload ? Update(existing, finding) : (false, false, null);
        var handedOver = ends is null ? null : HandedOver(existing, view, items, now, ends);
        return sinceMoved || washoutChanged || handedOver is not null ? (sinceMoved, washoutChanged, previousWashout, handedOver ?? []) : null;
    }

    /// <summary>
    /// A record that ended as news in this decision (<see cref="Ends"/>): how and when, what it was before the change
    /// (<paramref name="Was"/>, for the change's own record), the stop report that ended a dispense, and whether the change
    /// decided now ended it (<paramref name="Now"/>) or a stop dated ahead took effect since.
    /// </summary>
    internal sealed record ProductEnd(RegimenItemRecord Item, RegimenItemRecord? Was, string How, DateTimeOffset EndedAt, RegimenItemRecord? Report, bool Now);

    /// <summary>
    /// The records that ended as news in this decision: stopped, withdrawn or corrected to another product by the change
    /// decided now (<paramref name="changed"/>, which was taken until now: <paramref name="before"/>), a dispense the
    /// change's stop report ends (a report new, or newly a stop), or a stop that was dated ahead when it was written and
    /// has taken effect (news to a finding whose account was written before it). Found once per decision; most
    /// decisions find none (null), and a finding then costs nothing more.
    /// </summary>
    private static List<ProductEnd>? Ends(IReadOnlyCollection<RegimenItemRecord> items, DateTimeOffset now, RegimenItemRecord? before, RegimenItemRecord? changed)
    {
        List<ProductEnd>? ends = null;
        // the change's own record, when it was taken until now (a new record already ended is nothing the care team knew)
        var was = changed is not null && SameRecord(before, changed) && IsCurrent(before!, now) ? before : null;
        // the change is a stop report that is new, or newly a stop: the dispenses it ends are news
        var newStop = changed is not null && changed.Kind == "supplement" && changed.CoverageStop is not null
            && (before is null || !SameRecord(before, changed) || before.CoverageStop != changed.CoverageStop);
        foreach (var item in items)
        {
            if (item.ItemKey.StartsWith(HistoryCompaction.SyntheticIdPrefix, StringComparison.Ordinal))
            {
                continue; // a compacted run, no record of its own
            }

            var own = SameRecord(changed, item);
            if (own && was is not null)
            {
                var (how, endedAt) = item switch
                {
                    { Withdrawn: true } => ("withdrawn", item.EffectiveAt),
                    _ when StoppedAt(item, now) is { } stop => ("stopped", stop),
                    _ when item.Ingredients != was.Ingredients => ("replaced", item.EffectiveAt), // which ingredient it lost is read per finding
                    _ => ((string?)null, default(DateTimeOffset)),
                };
                if (how is not null)
                {
                    (ends ??= []).Add(new ProductEnd(item, was, how, endedAt, null, true));
                }

                continue;
            }

            if (own || item.Withdrawn || StoppedAt(item, now) is not { } stopped)
            {
                continue;
            }

            var report = item.ReportedStop == stopped ? ReportedStops.ReportOf(item, items) : null;
            if (report is not null && newStop && SameRecord(changed, report))
            {
                (ends ??= []).Add(new ProductEnd(item, null, "stopped", stopped, report, true));
            }
            else if ((report ?? item).UpdatedAt < stopped)
            {
                // dated ahead when it was written: news when it takes effect, to an account written before then
                (ends ??= []).Add(new ProductEnd(item, null, "stopped", stopped, report, false));
            }
        }

        return ends;
    }

    /// <summary>
    /// The products of a continuing finding that ended, as news (<see cref="Ends"/>), while another product of the same
    /// ingredient keeps it (a patient-reported St John's wort stopped while a pharmacist-reported extract goes on):
    /// without saying so, the care team's latest message may name a product the patient no longer takes, and not the
    /// one that keeps the risk. A product counts when the finding no longer shows it, it carried one of the ingredients
    /// the finding still shows with a product taken now, which was already taken when it ended (a product started after
    /// it is a restart: its start moved) and is another product (not the same text). A supply that ran out beside
    /// another record of it (a refill) is not one, nor a product still taken. Null when none.
    /// </summary>
    private static List<AlertEndedProduct>? HandedOver(FindingRecord existing, FindingView current, IReadOnlyCollection<RegimenItemRecord> items,
        DateTimeOffset now, List<ProductEnd> ends)
    {
        List<AlertEndedProduct>? ended = null;
        foreach (var end in ends)
        {
            var item = end.Item;
            if ((!end.Now && end.EndedAt <= existing.UpdatedAt) || current.Involves.Any(i => i.Kind == item.Kind && i.ItemId == item.ItemKey))
            {
                continue; // said with the account already written, or still shown (a washout shows the product it follows)
            }

            // an ingredient it carried that the finding still shows with another product, taken now and when this one
            // ended, under another text
            var ingredient = current.Involves.FirstOrDefault(i => i.Kind == item.Kind && HasIngredient(end.Was ?? item, i.Ingredient)
                && (end.How != "replaced" || !HasIngredient(item, i.Ingredient))
                && items.Any(x => x.Kind == i.Kind && x.ItemKey == i.ItemId && IsCurrent(x, now) && x.StartedAt <= end.EndedAt
                    && !string.Equals(x.ProductText, item.ProductText, StringComparison.OrdinalIgnoreCase)))?.Ingredient;
            if (ingredient is null || (ended?.Exists(e => e.Kind == item.Kind && e.ItemId == item.ItemKey) ?? false))
            {
                continue;
            }

            (ended ??= []).Add(new AlertEndedProduct
            {
                Ingredient = ingredient,
                Kind = item.Kind,
                ProductText = item.ProductText,
                How = end.How,
                EndedAt = end.EndedAt,
                Status = end.How == "withdrawn" ? item.Status : null,
                ItemId = item.ItemKey,
                StopStatementId = end.Report?.ItemKey,
                StopReportedBy = end.Report?.ReportedSource(),
            });
        }

        return ended;
    }

    // a second or more: an instant a database stored with less precision than it was computed with has not moved
    private static bool Moved(DateTimeOffset? before, DateTimeOffset? now) =>
        before is { } a && now is { } b ? Math.Abs((a - b).Ticks) >= TimeSpan.TicksPerSecond : before.HasValue != now.HasValue;

    /// <summary>
    /// The active finding that still reports part of a resolved one: same concern (either serotonergic concern for a
    /// serotonergic one) and nutrient, every ingredient among the resolved one's (a load finding that lost its fourth
    /// agent and is raised again with three, a pair given back when the load ended, an MAO-inhibitor pair the load
    /// listed, a depletion finding that folded this one in). Failing that, an active finding of the same rule that
    /// shares a product with it: the same kind of combination is still taken, one product replaced by another of its
    /// class (sertraline corrected to fluoxetine while tramadol goes on). Failing that, for a depletion finding, an active
    /// finding of the same rule for the same nutrient: the therapy went on with another of the rule's drugs (omeprazole
    /// switched to pantoprazole, whose finding counts from the omeprazole's start). Failing that, any active finding of
    /// the same concern that shares a product with it (sertraline corrected to fluoxetine while tramadol goes on inside
    /// the load finding with St John's wort). Its resolution then names it, so "resolved" never reads as an all-clear
    /// while the rest of the combination is taken. The most severe, then the largest.
    /// </summary>
    private static FindingRecord? ContinuedIn(FindingRecord gone, IEnumerable<FindingRecord> current)
    {
        var view = Read(gone);
        var members = view.Involves.Select(i => i.Ingredient).ToHashSet(StringComparer.Ordinal);
        (FindingRecord? Finding, int Count) subset = default, sameRule = default, sameTherapy = default, shared = default;
        foreach (var candidate in current)
        {
            if (candidate.State != FindingStates.Active || !SameConcern(candidate.Concern, gone.Concern))
            {
                continue;
            }

            var other = Read(candidate);
            if (other.Nutrient != view.Nutrient || other.Involves.Count == 0)
            {
                continue;
            }

            if (InvolvesOnly(other, members))
            {
                subset = Better(subset, candidate, other.Involves.Count);
            }
            else if (candidate.RuleId == gone.RuleId && other.Involves.Any(i => members.Contains(i.Ingredient)))
            {
                sameRule = Better(sameRule, candidate, other.Involves.Count);
            }
            else if (candidate.RuleId == gone.RuleId && view.Nutrient is not null)
            {
                sameTherapy = Better(sameTherapy, candidate, other.Involves.Count);
            }
            else if (other.Involves.Any(i => members.Contains(i.Ingredient)))
            {
                shared = Better(shared, candidate, other.Involves.Count);
            }
        }

        return subset.Finding ?? sameRule.Finding ?? sameTherapy.Finding ?? shared.Finding;
    }

    /// <summary>The more severe of the two, then the one with more ingredients.</summary>
    private static (FindingRecord? Finding, int Count) Better((FindingRecord? Finding, int Count) best, FindingRecord candidate, int count) =>
        best.Finding is null || candidate.SeverityRank > best.Finding.SeverityRank
        || (candidate.SeverityRank == best.Finding.SeverityRank && count > best.Count)
            ? (candidate, count)
            : best;

    /// <summary>Whether every ingredient the finding involves is one of <paramref name="members"/>.</summary>
    private static bool InvolvesOnly(FindingView finding, HashSet<string> members) => finding.Involves.All(i => members.Contains(i.Ingredient));

    /// <summary>The same concern; the two serotonergic concerns (stacking, MAO-inhibitor contraindication) count as one.</summary>
    private static bool SameConcern(string a, string b) =>
        a == b || (a.StartsWith("serotonergic-", StringComparison.Ordinal) && b.StartsWith("serotonergic-", StringComparison.Ordinal));

    /// <summary>
    /// Open findings the engine now folds into another finding become (or stay) superseded by it: those it names in
    /// <c>Supersedes</c>, and an open finding of the same rule whose ingredients it all still involves (a load, set or
    /// co-risk finding that gained a member has a new fingerprint, but the combination the open alert reported is still
    /// there, inside the new one: never "resolved").
    /// </summary>
    private static void Supersede(EvaluationResult result, Dictionary<string, FindingRecord> open, Dictionary<string, FindingRecord> current,
        FindingsDiff diff, DateTimeOffset now, RegimenItemRecord? before, RegimenItemRecord? changed)
    {
        foreach (var finding in result.Findings)
        {
            var cover = current[finding.Fingerprint];
            foreach (var fingerprint in finding.Supersedes)
            {
                if (open.Remove(fingerprint, out var folded))
                {
                    Fold(folded, cover, diff, now, before, changed);
                }
            }
        }

        foreach (var finding in result.Findings)
        {
            if (open.Count == 0)
            {
                return; // every open finding is accounted for (the usual case): nothing left to cover
            }

            var sameRule = open.Values.Where(r => r.RuleId == finding.RuleId).ToList();
            if (sameRule.Count == 0)
            {
                continue;
            }

            var cover = current[finding.Fingerprint];
            var members = finding.Involves.Select(i => i.Ingredient).ToHashSet(StringComparer.Ordinal);
            foreach (var record in sameRule.Where(r => InvolvesOnly(Read(r), members)))
            {
                open.Remove(StoredFingerprint.Of(record.Fingerprint));
                Fold(record, cover, diff, now, before, changed);
            }
        }

        // then a finding of another rule that reports the same risk with every ingredient of the open one and more (a
        // kratom pair that became kratom with two antidepressants; a depletion finding another rule now raises for the
        // same nutrient): the open alert's combination is still taken, inside the new one, so it is never "resolved". Not
        // across a rule-set change: a finding of a rule the new rule set dropped resolves as such (naming what continues it)
        foreach (var record in open.Values.ToList())
        {
            var view = Read(record);
            if (view.Involves.Count == 0 || record.RuleSetVersion != result.RuleSetVersion)
            {
                continue;
            }

            (FindingRecord? Finding, int Count) best = default;
            foreach (var finding in result.Findings)
            {
                var candidate = current[finding.Fingerprint];
                var members = finding.Involves.Select(i => i.Ingredient).ToHashSet(StringComparer.Ordinal);
                if (candidate.State == FindingStates.Active && SameConcern(candidate.Concern, record.Concern)
                    && Read(candidate).Nutrient == view.Nutrient && InvolvesOnly(view, members))
                {
                    best = Better(best, candidate, members.Count);
                }
            }

            if (best.Finding is { } cover)
            {
                open.Remove(StoredFingerprint.Of(record.Fingerprint));
                Fold(record, cover, diff, now, before, changed);
            }
        }
    }

    private static void Fold(FindingRecord folded, FindingRecord cover, FindingsDiff diff, DateTimeOffset now, RegimenItemRecord? before,
        RegimenItemRecord? changed)
    {
        diff.Note(cover).Supersedes.Add(folded.AlertId);
        var view = Read(folded);
        if (folded.State == FindingStates.Superseded && view.SupersededBy == cover.AlertId)
        {
            return; // still folded into the same alert: nothing new to say
        }

        // the correction back of a record this alert said was unreadable is what folds it in (the combination, read again,
        // is part of a larger one): its message says so too, and the unreadable text leaves the account it keeps
        var back = CorrectedBack(folded, Read(cover), before, changed, now);
        var uncheckedNow = back is null || back.StillUnchecked ? view.Unchecked
            : view.Unchecked?.Where(u => u != back.WasProductText).ToList() is { Count: > 0 } rest ? rest : null;
        folded.State = FindingStates.Superseded;
        folded.UpdatedAt = now;
        folded.PayloadJson = JsonSerializer.Serialize(view with { SupersededBy = cover.AlertId, Unchecked = uncheckedNow }, WireJson.Options);
        diff.Superseded.Add(folded);
        diff.Note(folded).SupersededBy = cover;
        diff.Note(folded).CorrectedBack = back;
    }

    /// <summary>
    /// Why a finding the engine no longer raises has ended, read from the regimen: for each involved ingredient no
    /// longer covered now, the item that carried it and how it ended (withdrawn, replaced by a correction, stopped,
    /// its supply ran out); otherwise a rule-set change, or (neither) "no longer detected".
    /// </summary>
    internal static (AlertResolution Resolution, bool StillTaken, AddedProduct? Added, string? Shortened) Explain(
        FindingRecord gone, IReadOnlyCollection<RegimenItemRecord> items, EvaluationResult result, DateTimeOffset now, RegimenItemRecord? before = null)
    {
        var view = Read(gone);
        var ended = new List<AlertEndedProduct>();
        string? shortened = null;
        foreach (var involved in view.Involves)
        {
            var withIngredient = items.Where(i => i.Kind == involved.Kind && HasIngredient(i, involved.Ingredient)).ToList();
            if (withIngredient.Any(i => !i.Withdrawn && i.StartedAt <= now && EndOf(i) > now))
            {
                continue; // still taken
            }

            var item = items.FirstOrDefault(i => i.Kind == involved.Kind && involved.ItemId is not null && i.ItemKey == involved.ItemId)
                ?? withIngredient.OrderByDescending(i => i.EffectiveAt).FirstOrDefault();
            if (item is null)
            {
                continue;
            }

            // a product corrected to one that maps to nothing is not known to lack the ingredient: it ends as itself
            // (stopped, its supply over); while it is current nothing of it ended (another product's end ends the finding)
            var unreadable = !item.Withdrawn && string.IsNullOrEmpty(item.Ingredients);
            if (unreadable && IsCurrent(item, now))
            {
                continue;
            }

            var (how, endedAt, status) = item switch
            {
                { Withdrawn: true } => ("withdrawn", item.EffectiveAt, item.Status),
                _ when !unreadable && !HasIngredient(item, involved.Ingredient) => ("replaced", item.EffectiveAt, (string?)null),
                _ when StoppedAt(item, now) is { } stopped => ("stopped", stopped, null),
                _ => ("supply-ran-out", withIngredient.Where(i => !i.Withdrawn).Select(EndOf).Append(EndOf(item)).Max(), null),
            };
            // the dispense this decision corrected was still covered before: the correction shortened its supply
            if (how == "supply-ran-out" && before is not null && before.Kind == item.Kind && before.ItemKey == item.ItemKey && !before.Withdrawn
                && EndOf(before) > now)
            {
                shortened = item.ItemKey;
            }

            // a dispense or an earlier report a care team or pharmacist reported stopped: the report that ended it
            var report = how == "stopped" && item.ReportedStop == endedAt ? ReportedStops.ReportOf(item, items) : null;
            ended.Add(new AlertEndedProduct
            {
                Ingredient = involved.Ingredient,
                Kind = involved.Kind,
                ProductText = item.ProductText,
                How = how,
                EndedAt = endedAt,
                Status = status,
                ItemId = item.ItemKey,
                StopStatementId = report?.ItemKey,
                StopReportedBy = report?.ReportedSource(),
            });
        }

        // every product still taken: what this decision changed is what ended the finding
        var stillTaken = ended.Count == 0 && gone.RuleSetVersion == result.RuleSetVersion;
        var added = stillTaken ? ChangedNow(view, items, now, ended, before) : null;

        var reason = ended.Any(e => e.How == "withdrawn") ? "dispense-withdrawn"
            : ended.Count > 0 ? "combination-ended"
            : gone.RuleSetVersion != result.RuleSetVersion ? "rule-set-changed"
            : "no-longer-detected";
        return (new AlertResolution
        {
            Reason = reason,
            At = now,
            Ended = ended.Count == 0 ? null : ended,
            PreviousRuleSetVersion = reason == "rule-set-changed" ? gone.RuleSetVersion : null,
        }, stillTaken && ended.Count > 0, added, shortened);
    }

    /// <summary>
    /// The item that keeps a finding the engine no longer raises open: the combination's products are all still taken
    /// except those whose named item (a dispense or statement) is current and was corrected to a product that maps to no
    /// ingredient; null when any involved product ended otherwise, or none was made unreadable (the finding resolves).
    /// </summary>
    private static RegimenItemRecord? UnreadableHolder(FindingRecord gone, IReadOnlyCollection<RegimenItemRecord> items, DateTimeOffset now)
    {
        RegimenItemRecord? holder = null;
        foreach (var involved in Read(gone).Involves)
        {
            if (items.Any(i => i.Kind == involved.Kind && HasIngredient(i, involved.Ingredient) && IsCurrent(i, now)))
            {
                continue; // still taken
            }

            var named = involved.ItemId is null ? null : items.FirstOrDefault(i => i.Kind == involved.Kind && i.ItemKey == involved.ItemId);
            if (named is null || !IsCurrent(named, now) || !string.IsNullOrEmpty(named.Ingredients))
            {
                return null; // this product ended, or was corrected to one that is read: the finding resolves
            }

            holder = holder is null || EndOf(named) < EndOf(holder) ? named : holder;
        }

        return holder;
    }

    /// <summary>
    /// When every product a finding involves is still taken: the item this decision changed (its <c>updated_at</c> is
    /// the decision's instant), which is what made the finding end. A withdrawn or corrected record of an involved
    /// ingredient (an earlier dispense withdrawn, or corrected to another product — <paramref name="before"/> says what
    /// it was — so the continuous use is shorter than the rule's threshold) is added to <paramref name="ended"/> and the
    /// resolution names it; otherwise a product added or changed (folic acid beside methotrexate) is returned, so the
    /// alert names it rather than claiming nothing changed. Null when neither (a review as time passes).
    /// </summary>
    private static AddedProduct? ChangedNow(FindingView view, IReadOnlyCollection<RegimenItemRecord> items, DateTimeOffset now, List<AlertEndedProduct> ended,
        RegimenItemRecord? before)
    {
        AddedProduct? other = null;
        foreach (var item in items.Where(i => i.UpdatedAt == now))
        {
            // the record as it was before this change, when the change replaced it
            var was = before is not null && before.Kind == item.Kind && before.ItemKey == item.ItemKey ? before : null;
            var involved = view.Involves.FirstOrDefault(v => v.Kind == item.Kind
                && (HasIngredient(item, v.Ingredient) || v.ItemId == item.ItemKey || (was is not null && HasIngredient(was, v.Ingredient))));
            if (involved is not null && (item.Withdrawn || !HasIngredient(item, involved.Ingredient)))
            {
                ended.Add(new AlertEndedProduct
                {
                    Ingredient = involved.Ingredient,
                    Kind = involved.Kind,
                    ProductText = item.ProductText,
                    How = item.Withdrawn ? "withdrawn" : "replaced",
                    EndedAt = item.EffectiveAt,
                    Status = item.Withdrawn ? item.Status : null,
                    ItemId = item.ItemKey,
                });
            }
            else if (involved is null && !item.Withdrawn)
            {
                other ??= new AddedProduct(item.ProductText, item.Kind, item.EffectiveAt);
            }
        }

        return ended.Count > 0 ? null : other;
    }

    private static bool SameRecord(RegimenItemRecord? a, RegimenItemRecord b) => a is not null && a.Kind == b.Kind && a.ItemKey == b.ItemKey;

    /// <summary>Whether an item is in the regimen now (not withdrawn, started, not ended).</summary>
    public static bool IsCurrent(RegimenItemRecord item, DateTimeOffset now) =>
        !item.Withdrawn && item.StartedAt <= now && EndOf(item) > now;

    /// <summary>
    /// End of an item's coverage, as the engine computes it: days supply plus refill grace, or when stopped (by its own
    /// stop or one a care team reported, <see cref="RegimenItemRecord.CoverageStop"/>).
    /// </summary>
    public static DateTimeOffset EndOf(RegimenItemRecord item)
    {
        var end = SupplyEnd(item);
        return item.CoverageStop is { } stopped && stopped < end ? stopped : end;
    }

    /// <summary>
    /// When an item was stopped, by its own stop or one a care team reported, if that has taken effect by
    /// <paramref name="now"/> and came before its supply's end (after it, the supply ran out first); otherwise null.
    /// </summary>
    private static DateTimeOffset? StoppedAt(RegimenItemRecord item, DateTimeOffset now) =>
        item.CoverageStop is { } stop && stop <= now && (item.Kind == "supplement" || stop < SupplyEnd(item)) ? stop : null;

    /// <summary>End of a dispense's days supply plus refill grace; for anything else, never.</summary>
    internal static DateTimeOffset SupplyEnd(RegimenItemRecord item) =>
        item.Kind == "medication" && item.DaysSupply is { } days
            ? item.StartedAt.AddDays(Math.Clamp(days, 0, 36_500) + RuleEngine.GraceDays(Math.Clamp(days, 0, 36_500)))
            : DateTimeOffset.MaxValue;

    private static bool HasIngredient(RegimenItemRecord item, string ingredient) =>
        item.Ingredients is { Length: > 0 } list && list.Split(',').Contains(ingredient, StringComparer.Ordinal);

    /// <summary>The items (kind, item key) a stored finding names: its resolution looks them up.</summary>
    internal static IEnumerable<(string Kind, string ItemKey)> NamedItems(FindingRecord finding) =>
        Read(finding).Involves.Where(i => i.ItemId is not null).Select(i => (i.Kind, i.ItemId!));

    private static FindingView Read(FindingRecord record) =>
        JsonSerializer.Deserialize<FindingView>(record.PayloadJson, WireJson.Options)
        ?? throw new InvalidOperationException($"Finding {record.Id} has an empty payload.");
}
