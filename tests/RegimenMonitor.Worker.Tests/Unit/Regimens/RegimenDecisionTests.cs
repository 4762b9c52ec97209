using System.Text.Json;
using RegimenMonitor.Worker.Regimens;

using static RegimenMonitor.Worker.Tests.Unit.Regimens.DecisionScript;

namespace RegimenMonitor.Worker.Tests.Unit.Regimens;

/// <summary>
/// The regimen decision as a function: literal histories of one patient (<see cref="DecisionScript"/>), the outcome and
/// the alerts of the last step. No database, no broker, no clock.
/// </summary>
public sealed class RegimenDecisionTests
{
    private const string Pair = "@0 rx D-ser Zoloft 50 mg tablet/90; @7 rx D-tra Ultram 50 mg tablet/30";

    private const string Loop = "@0 rx D-furo Furosemide 40 mg tablet/400; @0 rx D-ppi Omeprazole 20 mg capsule/400";

    [Theory]
    // a new dispense that completes a risky pair opens a finding and writes its alert
    [InlineData("@0 rx D-ser Zoloft 50 mg tablet/90", "Applied", "")]
    [InlineData(Pair, "Applied", "opened SER-08 major")]
    // a refill (a new dispense of the same product) continues the finding: no alert
    [InlineData(Pair + "; @30 rx D-tra2 Ultram 50 mg tablet/30", "Applied", "")]
    // a correction older than the item's newest event is stale: nothing but its inbox row
    [InlineData(Pair + "; @5 rx D-tra Ultram 50 mg tablet/10", "Stale", "")]
    // a stop ends the combination; a withdrawal says the dispense was withdrawn
    [InlineData("@0 rx D-ser Zoloft 50 mg tablet/90; @1 sup S-sjw St. John's Wort 300 mg; @10 stop S-sjw", "Applied", "resolved SER-09 major combination-ended")]
    [InlineData(Pair + "; @8 withdraw D-tra", "Applied", "resolved SER-08 major dispense-withdrawn")]
    // a third serotonergic agent: the load rule opens and the pair is superseded by it; its stop reinstates the pair
    [InlineData(Pair + "; @8 sup S-sjw St. John's Wort 300 mg", "Applied", "opened SER-17 major, superseded SER-08 major")]
    [InlineData(Pair + "; @8 sup S-sjw St. John's Wort 300 mg; @9 stop S-sjw", "Applied", "reinstated SER-08 major, resolved SER-17 major combination-ended")]
    // the sweep (no change): after the 5-day tramadol supply and its day of grace, the pair resolves
    [InlineData("@0 rx D-ser Zoloft 50 mg tablet/90; @0 rx D-tra Ultram 50 mg tablet/5; @20 sweep", "Reviewed", "resolved SER-08 major combination-ended")]
    [InlineData("@0 rx D-ser Zoloft 50 mg tablet/90; @0 rx D-tra Ultram 50 mg tablet/5; @3 sweep", "Reviewed", "")]
    // past a year of a proton pump inhibitor the depletion finding rises from info to moderate
    [InlineData("@0 rx D-ppi Omeprazole 20 mg capsule/400; @100 sweep; @370 sweep", "Reviewed", "severity-raised DEP-01 moderate from info")]
    // one finding per nutrient: the PPI's own magnesium finding (day 90) folds into the loop diuretic's (day 14) with no
    // alert; a year in it is moderate, covers, and the earlier alert is superseded (never resolved: still a risk)
    [InlineData(Loop + "; @20 sweep; @100 sweep", "Reviewed", "")]
    [InlineData(Loop + "; @20 sweep; @100 sweep; @370 sweep", "Reviewed", "opened DEP-01 moderate, superseded DEP-07 info")]
    // a fourth agent: the load finding has new members, so a new alert; the three-agent one it contains is superseded
    // by it (never "resolved" while its agents are all still taken), and reinstated when the fourth stops
    [InlineData(Pair + "; @8 sup S-sjw St. John's Wort 300 mg; @9 rx D-sum Imitrex 50 mg tablet/9", "Applied", "opened SER-17 major, superseded SER-08 major, superseded SER-17 major")]
    [InlineData(Pair + "; @8 sup S-sjw St. John's Wort 300 mg; @9 rx D-sum Imitrex 50 mg tablet/9; @10 withdraw D-sum", "Applied", "reinstated SER-17 major, superseded SER-08 major, resolved SER-17 major dispense-withdrawn")]
    // a co-risk joins: the loop diuretic's magnesium finding now names digoxin too, and covers the earlier one
    [InlineData(Loop + "; @20 sweep; @30 rx D-dig Digoxin 125 mcg tablet/90", "Applied", "opened DEP-07 info, superseded DEP-07 info")]
    // a second antidepressant beside kratom: the kratom pair (KRA-03) is not raised on its own any more, and KRA-02 reports
    // kratom with both: the pair is superseded by it, never resolved while kratom and fluoxetine are still taken
    [InlineData("@0 sup S-k Kratom powder; @1 rx D-flu Fluoxetine 20 mg capsule/90; @2 rx D-zol Zoloft 50 mg tablet/90", "Applied",
        "opened SER-07 major, opened KRA-02 moderate, superseded KRA-03 info")]
    public void The_last_step_decides_the_outcome_and_the_alerts(string history, string outcome, string alerts)
    {
        var script = new DecisionScript();
        var decision = script.Run(history);
        Assert.Equal((outcome, alerts), (decision.Outcome.ToString(), DecisionScript.Alerts(decision)));
        Assert.Equal(decision.Alerts.Count, decision.Diff?.AlertCount ?? 0);
    }

    /// <summary>
    /// Found by an independent fault probe: the consumers take messages concurrently, so an older stop report could be
    /// applied just before the newer report that the product is still taken, in the same group: the stop resolved the
    /// alert ("no longer taken") and the report opened another for the same pair, in one transaction, while the
    /// combination never ended. The second change now finds the finding the first closed and continues it.
    /// </summary>
    [Fact]
    public void A_finding_closed_and_found_again_in_one_group_continues_and_its_resolution_is_not_written()
    {
        var script = new DecisionScript();
        script.Run("@0 rx D-ser Zoloft 50 mg tablet/90; @1 sup S-sjw St. John's Wort 300 mg");
        var alert = Assert.Single(script.Snapshot.OpenFindings).AlertId;
        var (_, stop) = script.Parse("@10 stop S-sjw");
        var (_, still) = script.Parse("@11 sup S-sjw St. John's Wort 300 mg");
        still = still! with { StartedAt = Day(1) }; // taken since day 1, still taken: the stop was superseded

        var first = script.Decider.Decide(script.Snapshot, stop, Day(11));
        var second = script.Decider.Decide(first.After, still, Day(11));

        Assert.Equal("resolved SER-09 major combination-ended", DecisionScript.Alerts(first));
        Assert.Equal([alert], second.Reopened);
        // counted apart in the metrics (resolved minus withdrawn is what was sent)
        Assert.Equal(alert, Assert.Single(second.Diff!.Withdrawn).AlertId);
        Assert.Equal(("", 0), (DecisionScript.Alerts(second), second.FindingsInserted.Count));
        var open = Assert.Single(second.After.OpenFindings);
        Assert.Equal((alert, "active"), (open.AlertId, open.State));
        Assert.Empty(second.After.ClosedInGroup);
        // written as one group: the finding stays active and no message is sent
        var writes = new RegimenMonitor.Worker.Infrastructure.Database.RegimenWrites();
        writes.Add(first);
        writes.Add(second);
        Assert.Empty(writes.Alerts);
        var written = Assert.Single(writes.UpdatedFindings);
        Assert.Equal((alert, "active", (DateTimeOffset?)null), (written.AlertId, written.State, written.ResolvedAt));

        // committed between the two (two groups): the resolution was sent, so a new alert opens, as before
        var apart = script.Decider.Decide(first.After with { ClosedInGroup = [] }, still, Day(11));
        Assert.Equal("opened SER-09 major", DecisionScript.Alerts(apart));
    }

    /// <summary>
    /// Found by an independent edge probe: a correction of a dispense that changed only its directions kept the route
    /// read from the first directions, so ear drops corrected to tablets by mouth never met the iron they are taken with
    /// (and the reverse kept the alert open); <c>evaluate</c> on the same events gave the right answer.
    /// </summary>
    [Theory]
    [InlineData("Instill 10 drops into the affected ear twice daily", "Take 1 tablet by mouth twice daily", "opened ABS-06 moderate")]
    [InlineData("Take 1 tablet by mouth twice daily", "Instill 10 drops into the affected ear twice daily", "resolved ABS-06 moderate")]
    public void A_correction_of_the_directions_alone_maps_the_product_again(string first, string corrected, string alerts)
    {
        var script = new DecisionScript();
        script.Run("@0 sup S-fe Ferrous sulfate 325 mg");
        var (_, dispense) = script.Parse("@1 rx D-oflox OFLOXACIN 0.3% SOLN/30");
        var before = script.Decider.Decide(script.Snapshot, dispense! with { DetailsJson = Directions(first) }, Day(1));
        var (_, again) = script.Parse("@2 rx D-oflox OFLOXACIN 0.3% SOLN/30");
        var after = script.Decider.Decide(before.After, again! with { StartedAt = Day(1), DetailsJson = Directions(corrected) }, Day(2));

        Assert.StartsWith(alerts, DecisionScript.Alerts(after), StringComparison.Ordinal);

        static string Directions(string text) => "{\"dosageText\":\"" + text + "\"}";
    }

    [Fact]
    public void A_finding_closed_twice_in_one_group_is_resolved_once()
    {
        var script = new DecisionScript();
        script.Run("@0 rx D-ser Zoloft 50 mg tablet/90; @1 sup S-sjw St. John's Wort 300 mg");
        var (_, stop) = script.Parse("@10 stop S-sjw");
        var (_, withdrawal) = script.Parse("@11 withdraw D-ser");

        var first = script.Decider.Decide(script.Snapshot, stop, Day(11));
        var second = script.Decider.Decide(first.After, withdrawal, Day(11));

        Assert.Equal(("", 0, 0), (DecisionScript.Alerts(second), second.Reopened.Count, second.Diff!.Withdrawn.Count));
        var writes = new RegimenMonitor.Worker.Infrastructure.Database.RegimenWrites();
        writes.Add(first);
        writes.Add(second);
        Assert.Equal("resolved", Assert.Single(writes.Alerts).Status);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Compacted_items_read_back_stay_live_when_the_decision_does_not_compact(bool compact)
    {
        // a sertraline dispense read back from the compacted history (HistoryReads) on a summary without its runs; the
        // decision does not compact (a later change of the group follows, or too few items): the item stays live, kept
        // by the summary stored without its run, so the live items still hold its period; no item row is written for it
        var script = new DecisionScript();
        script.Run("@0 rx D-ser Zoloft 50 mg tablet/30");
        var readBack = script.Snapshot.Items[0].Copy();
        readBack.Id = 11;
        readBack.Compacted = true;
        var summary = new RegimenHistory { Cutoff = Day(40), NormalisedWith = readBack.NormalisedWith!, Through = 20, Kept = [14], Runs = [] };
        var snapshot = script.Snapshot with { Items = [readBack], Complete = false, History = summary };
        var (asOf, change) = script.Parse("@45 rx D-met Glucophage 500 mg tablet/30");

        var decision = script.Decider.Decide(snapshot, change, asOf, compact);

        Assert.All(decision.After.Items, i => Assert.False(i.Compacted));
        Assert.Contains(decision.After.Items, i => i.ItemKey == "D-ser");
        Assert.DoesNotContain(decision.ItemUpserts, i => i.ItemKey == "D-ser");
        Assert.True(readBack.Compacted); // the input is not changed
        var stored = RegimenHistory.FromJson(decision.Bump!.HistoryJson)!;
        Assert.Empty(stored.Runs);
        Assert.Equal(20L, stored.Through);
        Assert.Equal([11L, 14L], stored.Kept);
        Assert.False(stored.Compacts(11));
    }

    [Fact]
    public void Compacting_writes_no_item_and_the_summary_says_which_items_it_stands_for()
    {
        // more items than the threshold, most of them ended long ago: the decision compacts them; which ones is the
        // summary's (through the highest id read, keeping the others), so only the new dispense is written
        var script = new DecisionScript();
        var history = string.Join("; ", Enumerable.Range(0, 30).Select(m => $"@{m * 30} rx D-ser{m} Zoloft 50 mg tablet/30"));
        script.Run(history);
        var stored = script.Snapshot with
        {
            Items = [.. script.Snapshot.Items.Select((item, i) => { var copy = item.Copy(); copy.Id = 100 + i; return copy; })],
        };
        var (asOf, change) = script.Parse("@905 rx D-met Glucophage 500 mg tablet/30");

        var decision = script.Decider.Decide(stored, change, asOf);

        var written = Assert.Single(decision.ItemUpserts);
        Assert.Equal(("D-met", 0L), (written.ItemKey, written.Id));
        var summary = RegimenHistory.FromJson(decision.Bump!.HistoryJson)!;
        Assert.Equal(129L, summary.Through);
        Assert.NotEmpty(summary.Runs);
        var compacted = stored.Items.Where(i => summary.Compacts(i.Id)).ToList();
        Assert.Equal(29, compacted.Count);
        // the newest sertraline dispense stays live (a finding shows its details), and so does every item not compacted
        Assert.False(summary.Compacts(129));
        Assert.Equal(stored.Items.Count - compacted.Count, summary.Kept.Length);
        Assert.Equal(
            decision.After.Items.Where(i => !i.Compacted).Select(i => i.ItemKey).Order(),
            stored.Items.Where(i => !summary.Compacts(i.Id)).Select(i => i.ItemKey).Append("D-met").Order());
    }

    [Fact]
    public void A_new_dispense_writes_its_item_inbox_row_bump_finding_and_alert_row()
    {
        var script = new DecisionScript();
        script.Run("@0 rx D-ser Zoloft 50 mg tablet/90");
        var before = script.Snapshot;
        var decision = script.Run("@7 rx D-tra Ultram 50 mg tablet/30");

        Assert.Equal(("medication-dispensed", "applied", Day(7)), (decision.Inbox!.EventType, decision.Inbox.Outcome, decision.Inbox.ProcessedAt));
        var item = Assert.Single(decision.ItemUpserts);
        Assert.Equal((0L, 1L, "D-tra", "tramadol", Evaluator.RuleSetVersion, Day(7)), (item.Id, item.PatientId, item.ItemKey, item.Ingredients, item.NormalisedWith, item.UpdatedAt));
        Assert.Equal(new PatientBump(1, before.Version, before.Version + 1, Day(7), decision.After.NextReviewAt), decision.Bump);
        var finding = Assert.Single(decision.FindingsInserted);
        Assert.Empty(decision.FindingsUpdated);
        Assert.Equal(("SER-08", "active", Day(7), Day(7), Day(7)), (finding.RuleId, finding.State, finding.RaisedAt, finding.LastAlertAt, finding.Since));
        var row = Assert.Single(decision.Alerts);
        Assert.Equal((finding.AlertId, "alert", "active", "serotonergic-stacking.major", Day(7), (string?)null),
            (row.AlertId, row.Kind, row.Status, row.RoutingKey, row.CreatedAt, row.TraceParent));
        var body = Body(row.PayloadJson);
        Assert.Equal((finding.AlertId, "PT-1", "opened"), (body.GetProperty("alertId").GetGuid(), Str(body, "patientId"), Str(body, "transition")));
        Assert.Same(finding, Assert.Single(decision.Diff!.Opened));
        Assert.Equal([finding], decision.After.OpenFindings);
        Assert.Equal(["D-ser", "D-tra"], decision.After.Items.Select(i => i.ItemKey));
    }

    [Fact]
    public void A_stale_change_writes_only_its_inbox_row_and_leaves_the_snapshot_as_it_was()
    {
        var script = new DecisionScript();
        script.Run(Pair);
        var before = script.Snapshot;
        var decision = script.Run("@5 rx D-tra Ultram 50 mg tablet/10");

        Assert.Equal((DecisionOutcome.Stale, ApplyOutcome.Stale, "stale"), (decision.Outcome, decision.ApplyOutcome, decision.Inbox!.Outcome));
        Assert.Same(before, decision.After);
        Assert.Null(decision.Bump);
        Assert.Null(decision.Diff);
        Assert.Empty(decision.ItemUpserts);
        Assert.Empty(decision.FindingsInserted);
        Assert.Empty(decision.FindingsUpdated);
        Assert.Empty(decision.Alerts);
    }

    [Fact]
    public void The_same_change_decided_again_alerts_nothing_and_opens_nothing()
    {
        var script = new DecisionScript();
        script.Run("@0 rx D-ser Zoloft 50 mg tablet/90");
        var (asOf, change) = script.Parse("@7 rx D-tra Ultram 50 mg tablet/30");
        var first = script.Decider.Decide(script.Snapshot, change, asOf);
        var again = script.Decider.Decide(first.After, change, asOf);

        Assert.Single(first.Alerts);
        Assert.Equal(DecisionOutcome.Applied, again.Outcome);
        Assert.Empty(again.Alerts);
        Assert.Empty(again.FindingsInserted);
        Assert.Empty(again.FindingsUpdated);
        var finding = Assert.Single(again.After.OpenFindings);
        Assert.True(finding.SameValues(Assert.Single(first.After.OpenFindings)));
    }

    [Fact]
    public void A_severity_rise_keeps_the_alert_id_and_names_the_previous_severity()
    {
        var script = new DecisionScript();
        script.Run("@0 rx D-ppi Omeprazole 20 mg capsule/400");
        var opened = Assert.Single(script.Run("@100 sweep").FindingsInserted);
        var raised = script.Run("@370 sweep");

        var finding = Assert.Single(raised.FindingsUpdated);
        Assert.Equal((opened.Id, opened.AlertId, "moderate", Day(370)), (finding.Id, finding.AlertId, finding.Severity, finding.LastAlertAt));
        Assert.Equal("info", raised.Diff!.Notes[finding].PreviousSeverity);
        var body = Body(Assert.Single(raised.Alerts).PayloadJson);
        Assert.Equal((opened.AlertId, "info"), (body.GetProperty("alertId").GetGuid(), Str(body, "previousSeverity")));
        Assert.StartsWith("Severity raised from info to moderate on 2027-11-06.", Str(body, "detail"), StringComparison.Ordinal);
        Assert.Empty(raised.FindingsInserted);
    }

    [Fact]
    public void A_load_finding_that_gains_a_member_covers_the_one_it_contains_and_gives_it_back()
    {
        var script = new DecisionScript();
        var three = Assert.Single(script.Run(Pair + "; @8 sup S-sjw St. John's Wort 300 mg").FindingsInserted, f => f.RuleId == "SER-17");
        var growing = script.Run("@9 rx D-sum Imitrex 50 mg tablet/9");
        var four = Assert.Single(growing.FindingsInserted);
        Assert.Equal("SER-17|sertraline,st john's wort,sumatriptan,tramadol|", four.Fingerprint);
        Assert.Contains((three.AlertId, "superseded"), growing.FindingsUpdated.Select(f => (f.AlertId, f.State)));
        var covered = Body(growing.Alerts.Single(a => a.AlertId == three.AlertId).PayloadJson);
        Assert.Equal("superseded", Str(covered, "status"));
        Assert.Equal(four.AlertId, covered.GetProperty("supersededBy").GetGuid());
        Assert.StartsWith("Still active.", Str(covered, "detail"), StringComparison.Ordinal);
        Assert.Contains(three.AlertId, Body(growing.Alerts.Single(a => a.AlertId == four.AlertId).PayloadJson)
            .GetProperty("supersedes").EnumerateArray().Select(e => e.GetGuid()));

        var shrinking = script.Run("@10 withdraw D-sum");
        Assert.Equal("reinstated", Str(Body(shrinking.Alerts.Single(a => a.AlertId == three.AlertId).PayloadJson), "transition"));
        Assert.Equal("resolved", Str(Body(shrinking.Alerts.Single(a => a.AlertId == four.AlertId).PayloadJson), "status"));
        Assert.Contains(three.AlertId, shrinking.After.OpenFindings.Select(f => f.AlertId));
    }

    [Fact]
    public void A_load_finding_that_loses_a_member_resolves_naming_the_alert_that_still_reports_the_rest()
    {
        var script = new DecisionScript();
        // ondansetron is listed, not counted: the load finding opens only with sumatriptan, with four members at once
        var four = Assert.Single(script.Run(Pair + "; @7 rx D-ond Zofran 4 mg tablet/30; @8 rx D-sum Imitrex 50 mg tablet/30").FindingsInserted,
            f => f.RuleId == "SER-17");
        Assert.Equal("SER-17|ondansetron,sertraline,sumatriptan,tramadol|", four.Fingerprint);

        var shrinking = script.Run("@9 withdraw D-ond");
        var three = Assert.Single(shrinking.FindingsInserted);
        Assert.Equal("SER-17|sertraline,sumatriptan,tramadol|", three.Fingerprint);
        var resolved = Body(shrinking.Alerts.Single(a => a.AlertId == four.AlertId).PayloadJson);
        Assert.Equal(("resolved", "dispense-withdrawn"), (Str(resolved, "status"), Str(resolved.GetProperty("resolution"), "reason")));
        Assert.Equal(three.AlertId, resolved.GetProperty("resolution").GetProperty("continuedIn").GetGuid());
        Assert.Contains($"The products still taken are reported in alert {three.AlertId} (SER-17, ", Str(resolved, "detail"), StringComparison.Ordinal);
        Assert.StartsWith($"Not an all-clear: act on alert {three.AlertId}", Str(resolved, "recommendation"), StringComparison.Ordinal);
    }

    [Theory]
    // a dispense corrected to another drug of the same class while tramadol goes on (found by a fault-injection audit)
    [InlineData("@8 rx D-ser Prozac 20 mg capsule/90", "SER-08|fluoxetine,tramadol|")]
    // and the other way round: tramadol corrected to tapentadol while sertraline goes on
    [InlineData("@8 rx D-tra Nucynta 50 mg tablet/30", "SER-08|sertraline,tapentadol|")]
    public void A_product_replaced_by_another_of_its_class_resolves_naming_the_alert_for_the_combination_still_taken(string correction, string now)
    {
        var script = new DecisionScript();
        var pair = Assert.Single(script.Run(Pair).FindingsInserted);

        var corrected = script.Run(correction);

        var successor = Assert.Single(corrected.FindingsInserted);
        Assert.Equal(now, successor.Fingerprint);
        var resolved = Body(corrected.Alerts.Single(a => a.AlertId == pair.AlertId).PayloadJson);
        Assert.Equal("resolved", Str(resolved, "status"));
        Assert.Equal(successor.AlertId, resolved.GetProperty("resolution").GetProperty("continuedIn").GetGuid());
        Assert.StartsWith($"Not an all-clear: act on alert {successor.AlertId}", Str(resolved, "recommendation"), StringComparison.Ordinal);
        // claimed after the alert it names, whatever batch each falls in (found by an independent fault probe: one
        // transaction's rows shared their instant, and a batch boundary between them sent the resolution first)
        var (resolution, opened) = (corrected.Alerts.Single(a => a.AlertId == pair.AlertId), corrected.Alerts.Single(a => a.AlertId == successor.AlertId));
        Assert.Equal(opened.CreatedAt.AddMilliseconds(1), resolution.CreatedAt);
        Assert.Equal(resolution.CreatedAt, resolved.GetProperty("raisedAt").GetDateTimeOffset());
        Assert.Equal(resolution.CreatedAt, resolved.GetProperty("resolution").GetProperty("at").GetDateTimeOffset());
    }

    [Theory]
    // a product corrected to one no catalogue entry reads (an unknown text; a code nothing imported maps): nothing says
    // the combination ended, so the alert stays open, with no message (found by an alert-lifecycle probe: it resolved,
    // "… no longer contains sertraline after a correction"); it says so once, as an update (a newcomer probe,
    // probe-newc8 M2: nothing was sent, and the alert went on naming the product the record no longer said)
    [InlineData(Pair + "; @8 rx D-ser Acme Wellness Blend 500 mg/90", "Applied", "updated SER-08 major")]
    [InlineData("@0 rx D-ser Zoloft 50 mg tablet/90; @1 sup S-sjw St. John's Wort 300 mg; @5 sup S-sjw Grandma's tonic", "Applied", "updated SER-09 major")]
    [InlineData("@0 rx D-ser Zoloft 50 mg tablet/90; @1 sup S-sjw St. John's Wort 300 mg; @5 sup S-sjw Grandma's tonic; @6 sup S-sjw Grandma's tonic", "Applied", "")]
    [InlineData(Pair + "; @8 rx D-ser Acme Wellness Blend 500 mg/90; @20 sweep", "Reviewed", "")]
    // it resolves when another product of it ends, naming that one only, or when the unreadable product itself ends
    [InlineData(Pair + "; @8 rx D-ser Acme Wellness Blend 500 mg/90; @9 withdraw D-tra", "Applied", "resolved SER-08 major dispense-withdrawn")]
    [InlineData(Pair + "; @8 rx D-ser Acme Wellness Blend 500 mg/20; @40 sweep", "Reviewed", "resolved SER-08 major combination-ended")]
    // corrected again to a product that is read: as any correction
    [InlineData(Pair + "; @8 rx D-ser Acme Wellness Blend 500 mg/90; @9 rx D-ser Lipitor 20 mg tablet/90", "Applied", "resolved SER-08 major combination-ended")]
    public void A_product_corrected_to_an_unreadable_one_keeps_its_alert_open_until_something_ends(string history, string outcome, string alerts)
    {
        var decision = new DecisionScript().Run(history);

        Assert.Equal((outcome, alerts), (decision.Outcome.ToString(), DecisionScript.Alerts(decision)));
        if (alerts.Length == 0)
        {
            Assert.Contains(decision.After.OpenFindings, f => f.State == "active");
        }
    }

    [Theory]
    // a prescriber's switch (found by a clinical probe: a contraindicated alert said "both active"): sertraline dispensed
    // for 90 days, a care team reports it stopped on day 30, phenelzine starts on day 80, after the 14-day washout
    [InlineData("@0 rx D-ser Zoloft 50 mg tablet/90; @30 ended care-team S-ser Sertraline 50 mg tablet; @80 rx D-phe Nardil 15 mg tablet/30", "")]
    [InlineData("@0 rx D-ser Zoloft 50 mg tablet/90; @30 ended pharmacist S-ser sertraline; @80 rx D-phe Nardil 15 mg tablet/30", "")]
    // within the washout: the contraindication, counted from the stop ("… ended on …: the 14-day washout … runs until")
    [InlineData("@0 rx D-ser Zoloft 50 mg tablet/90; @30 ended care-team S-ser Sertraline 50 mg tablet; @35 rx D-phe Nardil 15 mg tablet/30", "opened SER-01 contraindicated")]
    // the patient's own report, or one without a source, does not end a dispensed supply
    [InlineData("@0 rx D-ser Zoloft 50 mg tablet/90; @30 ended patient S-ser Sertraline 50 mg tablet; @80 rx D-phe Nardil 15 mg tablet/30", "opened SER-01 contraindicated")]
    [InlineData("@0 rx D-ser Zoloft 50 mg tablet/90; @30 ended - S-ser Sertraline 50 mg tablet; @80 rx D-phe Nardil 15 mg tablet/30", "opened SER-01 contraindicated")]
    // a dispense after the stop is a restart
    [InlineData("@0 rx D-ser Zoloft 50 mg tablet/30; @20 ended care-team S-ser Sertraline 50 mg tablet; @25 rx D-ser2 Zoloft 50 mg tablet/90; @26 rx D-tra Ultram 50 mg tablet/30", "opened SER-08 major")]
    // a stop of another set of ingredients (the combination with acetaminophen) does not end the tramadol alone
    [InlineData(Pair + "; @20 ended care-team S-tra Ultracet 37.5/325 mg tablet", "")]
    // an open alert resolves when the care team reports one of its products stopped, and comes back if the report is withdrawn
    [InlineData(Pair + "; @20 ended care-team S-ser Sertraline 50 mg tablet", "resolved SER-08 major combination-ended")]
    [InlineData(Pair + "; @20 ended care-team S-ser Sertraline 50 mg tablet; @21 withdraw S-ser", "opened SER-08 major")]
    public void A_stop_a_care_team_reports_ends_a_dispense_of_the_same_product(string history, string alerts)
    {
        var decision = new DecisionScript().Run(history);

        Assert.Equal(("Applied", alerts), (decision.Outcome.ToString(), DecisionScript.Alerts(decision)));
    }

    private const string Wort = "@0 rx D-ser Zoloft 50 mg tablet/90; @1 sup S-wa St. John's Wort 300 mg capsule";

    [Theory]
    // the care team records the stop as a new statement, as EHRs do, not as the patient's report sent again (a newcomer
    // probe, probe-newc8 H1: the major alert stayed active, was escalated, and nothing said why)
    [InlineData(Wort + "; @3 ended care-team S-stop St. John's Wort 300 mg capsule", "resolved SER-09 major combination-ended")]
    [InlineData(Wort + "; @3 ended pharmacist S-stop Hypericum perforatum extract", "resolved SER-09 major combination-ended")]
    // the patient's own report of a stop under another record, or one without a source, ends nothing of the kind
    [InlineData(Wort + "; @3 ended patient S-stop St. John's Wort 300 mg capsule", "")]
    [InlineData(Wort + "; @3 ended - S-stop St. John's Wort 300 mg capsule", "")]
    // two products of the herb under different texts: the stop ends the one it names; a stop of a third text ends
    // neither (a review: a stop of a tea resolved the alert of the capsule still taken)
    [InlineData(TwoWorts + "; @3 ended care-team S-stop st. john's wort  300 mg CAPSULE", "updated SER-09 major")]
    [InlineData(TwoWorts + "; @3 ended care-team S-stop St John's wort", "")]
    [InlineData(Wort + "; @2 sup S-wa2 St. John's Wort 300 mg capsule; @3 ended care-team S-stop Hypericum", "resolved SER-09 major combination-ended")]
    // a stop of another set of ingredients ends that one only: sertraline's ends the Zoloft dispense, 5-HTP's nothing
    [InlineData(Wort + "; @3 ended care-team S-stop Sertraline 50 mg tablet", "resolved SER-09 major combination-ended")]
    [InlineData(Wort + "; @3 ended care-team S-stop 5-HTP 100 mg capsule", "")]
    // taken again: reported again after the stop (the newer report stands), or a new report; and the stop withdrawn
    [InlineData(Wort + "; @3 ended care-team S-stop St. John's Wort 300 mg capsule; @5 sup S-wa St. John's Wort 300 mg capsule", "opened SER-09 major")]
    [InlineData(Wort + "; @3 ended care-team S-stop St. John's Wort 300 mg capsule; @5 sup S-wb Hypericum tea", "opened SER-09 major")]
    [InlineData(Wort + "; @3 ended care-team S-stop St. John's Wort 300 mg capsule; @4 withdraw S-stop", "opened SER-09 major")]
    // a report that came after the stop was recorded is not ended by it, even when dated before it
    [InlineData("@0 rx D-ser Zoloft 50 mg tablet/90; @4 ended care-team@3 S-stop St. John's Wort 300 mg capsule; @5 sup S-wa St. John's Wort 300 mg capsule", "opened SER-09 major")]
    public void A_stop_a_care_team_reports_ends_an_earlier_report_of_the_same_product(string history, string alerts)
    {
        var decision = new DecisionScript().Run(history);

        Assert.Equal(alerts, DecisionScript.Alerts(decision));
    }

    [Fact]
    public void A_stop_reported_late_does_not_end_a_report_made_after_the_stop_took_effect()
    {
        // a review: St John's wort taken since day 1, reported on day 5; on day 6 the care team reports it stopped on day
        // 3. The patient's report of day 5 is newer than the stop's date: it stands, and the alert stays open
        var script = new DecisionScript();
        script.Run("@0 rx D-ser Zoloft 50 mg tablet/90");
        var (_, report) = script.Parse("@5 sup S-wa St. John's Wort 300 mg capsule");
        var opened = script.Decider.Decide(script.Snapshot, report! with { StartedAt = Day(1) }, Day(5));
        Assert.Equal("opened SER-09 major", DecisionScript.Alerts(opened));
        script.Snapshot = opened.After with { ClosedInGroup = [] };

        Assert.Equal(string.Empty, DecisionScript.Alerts(script.Run("@6 ended care-team@3 S-stop St. John's Wort 300 mg capsule")));
        Assert.Contains(script.Snapshot.OpenFindings, f => f.State == "active");
    }

    [Fact]
    public void A_report_a_care_team_stopped_is_named_with_the_stop_and_comes_back_when_the_stop_is_withdrawn()
    {
        var script = new DecisionScript();
        script.Run(Wort);

        var resolved = Body(Assert.Single(script.Run("@3 ended care-team S-stop St. John's Wort 300 mg capsule").Alerts).PayloadJson);

        var product = Assert.Single(resolved.GetProperty("resolution").GetProperty("ended").EnumerateArray());
        Assert.Equal(("st john's wort", "stopped", "S-wa"), (Str(product, "ingredient"), Str(product, "how"), Str(product, "itemId")));
        Assert.Equal(("S-stop", "care-team"), (Str(product, "stopStatementId"), Str(product, "stopReportedBy")));
        Assert.Contains("St. John's Wort 300 mg capsule (st john's wort) was stopped on 2026-11-04, as the care team reported (statementId S-stop)",
            Str(resolved, "detail"), StringComparison.Ordinal);
        Assert.Empty(script.Run("@5 sweep").Alerts);

        var opened = Body(Assert.Single(script.Run("@6 withdraw S-stop").Alerts).PayloadJson);
        Assert.StartsWith("Opened again on 2026-11-07: the care team's report that St. John's Wort 300 mg capsule was stopped on 2026-11-04 (statementId S-stop) was withdrawn, so the earlier report of it counts as taken again;",
            Str(opened, "detail"), StringComparison.Ordinal);
    }

    private const string Switch = "@0 rx D-ser Zoloft 50 mg tablet/90; @35 rx D-phe Nardil 15 mg tablet/30";

    private const string Restart = "@0 sup S-wort St. John's Wort 300 mg; @5 rx D-ser1 Zoloft 50 mg tablet/30; @27 rx D-ser2 Zoloft 50 mg tablet/30";

    [Theory]
    // an open alert whose account of the combination changes, at the same severity, says so under its alert id (an
    // alert-lifecycle probe: an acknowledged washout alert went on saying "washout until …" after the stop was withdrawn)
    [InlineData(Switch, "opened SER-01 contraindicated")]
    [InlineData(Switch + "; @36 ended care-team S-ser Sertraline 50 mg tablet", "updated SER-01 contraindicated")]
    [InlineData(Switch + "; @36 ended care-team S-ser Sertraline 50 mg tablet; @37 withdraw S-ser", "updated SER-01 contraindicated")]
    // a stop reported late ends the first fill; the refill after it is a restart, so the combination counts from it
    [InlineData(Restart + "; @28 ended care-team@15 S-ser Sertraline 50 mg tablet", "updated SER-09 major")]
    // a supply that runs out while the other product goes on: the washout holds it now (30 days and 6 of grace)
    [InlineData("@0 rx D-ser Zoloft 50 mg tablet/30; @10 rx D-phe Nardil 15 mg tablet/90; @37 sweep", "updated SER-01 contraindicated")]
    // a refill, a stop that ends nothing, a sweep that finds nothing new: no message
    [InlineData(Restart, "")]
    [InlineData(Restart + "; @28 ended patient@15 S-ser Sertraline 50 mg tablet", "")]
    [InlineData(Switch + "; @36 ended care-team S-ser Sertraline 50 mg tablet; @40 sweep", "")]
    public void An_alert_whose_start_or_washout_changes_is_updated(string history, string alerts)
    {
        var decision = new DecisionScript().Run(history);

        Assert.Equal(alerts, DecisionScript.Alerts(decision));
    }

    private const string Fluoxetines = "@0 rx D-tra Ultram 50 mg tablet/90; @1 rx D-a Prozac 20 mg capsule/90; @2 rx D-b Symbyax 6/25 mg capsule/90";

    private const string TwoWorts = "@0 rx D-ser Zoloft 50 mg tablet/90; @1 sup S-wa St. John's Wort 300 mg capsule; @2 sup S-wb Hypericum perforatum extract";

    [Theory]
    // a product the alert named is stopped while another product of the same ingredient goes on: the alert says so,
    // or the care team's latest message names a product the patient no longer takes (newcomer probe probe-newc7 H1)
    [InlineData(TwoWorts + "; @3 stop S-wa", "updated SER-09 major")]
    [InlineData(TwoWorts + "; @3 stop S-wb", "updated SER-09 major")]
    [InlineData(TwoWorts + "; @3 withdraw S-wa", "updated SER-09 major")]
    [InlineData(TwoWorts + "; @3 sup S-wa Vitamin C 500 mg tablet", "updated SER-09 major")]
    // said once: the same stop sent again, a sweep after it, the second product stopped in turn (then resolved)
    [InlineData(TwoWorts + "; @3 stop S-wa; @4 stop S-wa", "")]
    [InlineData(TwoWorts + "; @3 stop S-wa; @5 sweep", "")]
    [InlineData(TwoWorts + "; @3 stop S-wa; @5 stop S-wb", "resolved SER-09 major combination-ended")]
    // a care team's stop of one dispense while another product of the drug goes on: said once, not again when re-sent
    [InlineData(Fluoxetines + "; @3 ended care-team S-a Prozac 20 mg capsule", "updated SER-08 major")]
    [InlineData(Fluoxetines + "; @3 ended care-team S-a Prozac 20 mg capsule; @4 ended care-team@3 S-a Prozac 20 mg capsule", "")]
    [InlineData(Fluoxetines + "; @3 ended care-team S-a Prozac 20 mg capsule; @4 rx D-x Vitamin D3 1000 IU/30", "")]
    // a record that had ended before anyone reported it is nothing the care team knew: not now, not at the next review
    [InlineData(TwoWorts + "; @5 ended patient@3 S-wc Hypericum tea", "")]
    [InlineData(TwoWorts + "; @5 ended patient@3 S-wc Hypericum tea; @6 sweep", "")]
    // two records of one product text: "X was stopped, but X is still taken" says nothing
    [InlineData("@0 rx D-ser Zoloft 50 mg tablet/90; @1 sup S-wa St. John's Wort 300 mg capsule; @2 sup S-wb St. John's Wort 300 mg capsule; @3 stop S-wa", "")]
    // nothing ended: a second product of the ingredient, a refill, a supply that ran out beside its refill
    [InlineData(TwoWorts, "")]
    [InlineData(TwoWorts + "; @30 rx D-ser2 Sertraline 50 mg tablet/90", "")]
    [InlineData("@0 sup S-wa St. John's Wort 300 mg capsule; @1 rx D-ser Zoloft 50 mg tablet/30; @25 rx D-ser2 Sertraline 50 mg tablet/30; @40 sweep", "")]
    public void A_product_stopped_while_another_of_its_ingredient_goes_on_is_updated(string history, string alerts)
    {
        var decision = new DecisionScript().Run(history);

        Assert.Equal(alerts, DecisionScript.Alerts(decision));
    }

    [Fact]
    public void An_alert_whose_product_was_stopped_names_the_one_still_taken()
    {
        var script = new DecisionScript();
        var opened = Body(Assert.Single(script.Run("@0 rx D-ser Zoloft 50 mg tablet/90; @1 sup S-wa St. John's Wort 300 mg capsule").Alerts).PayloadJson);
        Assert.Contains("St. John's Wort 300 mg capsule", Str(opened, "detail"), StringComparison.Ordinal);
        Assert.Empty(script.Run("@2 sup S-wb Hypericum perforatum extract").Alerts);

        var updated = Body(Assert.Single(script.Run("@3 stop S-wa").Alerts).PayloadJson);

        Assert.Equal((opened.GetProperty("alertId").GetGuid(), "active", "updated"), (updated.GetProperty("alertId").GetGuid(), Str(updated, "status"), Str(updated, "transition")));
        Assert.StartsWith("Updated on 2026-11-04: St. John's Wort 300 mg capsule (st john's wort) was stopped on 2026-11-04, but Hypericum perforatum extract is still taken, so the combination goes on. ",
            Str(updated, "detail"), StringComparison.Ordinal);
        var named = updated.GetProperty("involves").EnumerateArray().Select(i => Str(i, "itemId")).ToList();
        Assert.Equal(["D-ser", "S-wb"], named);
        Assert.Equal(Day(1), updated.GetProperty("since").GetDateTimeOffset()); // the combination goes on from its start
    }

    [Fact]
    public void A_dispense_a_care_team_stopped_beside_another_product_of_the_drug_is_named_with_the_report()
    {
        var updated = Body(Assert.Single(new DecisionScript().Run(Fluoxetines + "; @3 ended care-team S-a Prozac 20 mg capsule").Alerts).PayloadJson);

        Assert.StartsWith("Updated on 2026-11-04: Prozac 20 mg capsule (fluoxetine) was stopped on 2026-11-04, as the care team reported (statementId S-a), but Symbyax 6/25 mg capsule is still taken, so the combination goes on. ",
            Str(updated, "detail"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_stop_dated_ahead_is_said_once_when_it_takes_effect()
    {
        var script = new DecisionScript();
        script.Run(TwoWorts + "; @3 ended patient@6 S-wa St. John's Wort 300 mg capsule");

        var updated = Body(Assert.Single(script.Run("@7 sweep").Alerts).PayloadJson);

        Assert.StartsWith("Updated on 2026-11-08: St. John's Wort 300 mg capsule (st john's wort) was stopped on 2026-11-07, but Hypericum perforatum extract is still taken, so the combination goes on. ",
            Str(updated, "detail"), StringComparison.Ordinal);
        Assert.Empty(script.Run("@8 sweep").Alerts);
    }

    [Fact]
    public void An_earlier_fill_that_arrives_late_moves_the_start_without_a_message()
    {
        // a replay, or consumers taking events concurrently: the fill of day 5 is decided after the pair opened on day 20
        var script = new DecisionScript();
        script.Run("@10 rx D-tra Ultram 50 mg tablet/90; @20 rx D-ser2 Zoloft 50 mg tablet/30");
        Assert.Equal(Day(20), Assert.Single(script.Snapshot.OpenFindings).Since);
        var (_, late) = script.Parse("@5 rx D-ser1 Zoloft 50 mg tablet/30");

        var decision = script.Decider.Decide(script.Snapshot, late, Day(21));

        Assert.Empty(decision.Alerts);
        Assert.Equal(Day(10), Assert.Single(decision.After.OpenFindings).Since); // stored, carried by the next message
    }

    [Fact]
    public void An_updated_alert_says_what_changed_and_keeps_its_alert_id()
    {
        var script = new DecisionScript();
        var opened = Body(Assert.Single(script.Run(Switch).Alerts).PayloadJson);
        Assert.False(opened.TryGetProperty("washoutUntil", out _));

        var washout = Body(Assert.Single(script.Run("@36 ended care-team S-ser Sertraline 50 mg tablet").Alerts).PayloadJson);
        Assert.Equal((opened.GetProperty("alertId").GetGuid(), "active", "updated"), (washout.GetProperty("alertId").GetGuid(), Str(washout, "status"), Str(washout, "transition")));
        Assert.Equal(Day(50), washout.GetProperty("washoutUntil").GetDateTimeOffset()); // 14 days after the stop
        Assert.StartsWith("Updated on 2026-12-07: one of its products has ended; the combination now holds through the washout, until 2026-12-21, not because both are taken. ",
            Str(washout, "detail"), StringComparison.Ordinal);

        var together = Body(Assert.Single(script.Run("@37 withdraw S-ser").Alerts).PayloadJson);
        Assert.Equal(opened.GetProperty("alertId").GetGuid(), together.GetProperty("alertId").GetGuid());
        Assert.False(together.TryGetProperty("washoutUntil", out _));
        Assert.StartsWith("Updated on 2026-12-08: its products are taken together again; it no longer holds through a washout that was to end on 2026-12-21. ",
            Str(together, "detail"), StringComparison.Ordinal);

        var restart = new DecisionScript();
        restart.Run(Restart);
        var moved = Body(Assert.Single(restart.Run("@28 ended care-team@15 S-ser Sertraline 50 mg tablet").Alerts).PayloadJson);
        Assert.StartsWith("Updated on 2026-11-29: the combination now counts from 2026-11-28, not from 2026-11-06. ", Str(moved, "detail"), StringComparison.Ordinal);
        Assert.Equal(Day(27), moved.GetProperty("since").GetDateTimeOffset());
    }

    [Fact]
    public void A_dispense_a_care_team_reported_stopped_is_named_as_stopped_on_that_day()
    {
        var script = new DecisionScript();
        script.Run(Pair);

        var resolved = Body(Assert.Single(script.Run("@20 ended care-team S-ser Sertraline 50 mg tablet").Alerts).PayloadJson);

        var product = Assert.Single(resolved.GetProperty("resolution").GetProperty("ended").EnumerateArray());
        Assert.Equal(("sertraline", "stopped", "D-ser"), (Str(product, "ingredient"), Str(product, "how"), Str(product, "itemId")));
        Assert.Equal(Day(20), product.GetProperty("endedAt").GetDateTimeOffset());
        Assert.Contains("Zoloft 50 mg tablet (sertraline) was stopped on 2026-11-21, as the care team reported (statementId S-ser)", Str(resolved, "detail"), StringComparison.Ordinal);
        // the report that ended it, so a receiver can trace the end to it (and match its later withdrawal)
        Assert.Equal(("S-ser", "care-team"), (Str(product, "stopStatementId"), Str(product, "stopReportedBy")));
        // the next decision, which reads the snapshot it left, counts the dispense as stopped as well
        Assert.Empty(script.Run("@22 sweep").Alerts);
        Assert.DoesNotContain(script.Snapshot.OpenFindings, f => f.State == "active");
    }

    [Theory]
    // the stop that resolved the alert is withdrawn, or corrected to the patient's own report: the alert that opens
    // again says why and names the statement the resolution named (an alert-lifecycle probe: a plain "opened")
    [InlineData("@21 withdraw S-ser", "withdrawn")]
    [InlineData("@21 ended patient@20 S-ser Sertraline 50 mg tablet", "corrected")]
    public void An_alert_opened_again_by_a_withdrawn_stop_names_the_report(string change, string how)
    {
        var script = new DecisionScript();
        script.Run(Pair + "; @20 ended care-team S-ser Sertraline 50 mg tablet");

        var opened = Body(Assert.Single(script.Run(change).Alerts).PayloadJson);

        Assert.Equal("opened", Str(opened, "transition"));
        Assert.StartsWith($"Opened again on 2026-11-22: the care team's report that Sertraline 50 mg tablet was stopped on 2026-11-21 (statementId S-ser) was {how}, so the dispensed supply counts as taken again;",
            Str(opened, "detail"), StringComparison.Ordinal);
        // a first opening says nothing of the kind
        Assert.DoesNotContain("Opened again", Str(Body(Assert.Single(new DecisionScript().Run(Pair).Alerts).PayloadJson), "detail"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_correction_that_shortens_a_supply_says_so_in_the_resolution()
    {
        // an alert-lifecycle probe: "ran out on …", a date before the alert was raised, and no word of the correction
        var script = new DecisionScript();
        script.Run("@0 rx D-ser Zoloft 50 mg tablet/30; @5 rx D-tra Ultram 50 mg tablet/30");
        var (_, corrected) = script.Parse("@0 rx D-ser Zoloft 50 mg tablet/3"); // the same dispense, 3 days: over on day 4

        var resolved = Body(Assert.Single(script.Decider.Decide(script.Snapshot, corrected, Day(6)).Alerts).PayloadJson);

        var product = Assert.Single(resolved.GetProperty("resolution").GetProperty("ended").EnumerateArray());
        Assert.Equal(("supply-ran-out", "D-ser"), (Str(product, "how"), Str(product, "itemId")));
        Assert.Contains("a correction on 2026-11-07 shortened the supply of Zoloft 50 mg tablet (sertraline), which with it ran out on 2026-11-05",
            Str(resolved, "detail"), StringComparison.Ordinal);
    }

    [Fact]
    public void An_alert_kept_open_by_an_unreadable_product_is_reviewed_when_it_ends_and_says_so()
    {
        var script = new DecisionScript();
        var pair = Assert.Single(script.Run(Pair).FindingsInserted);

        // 20 days and 4 of grace from day 8: over on day 32, before the tramadol (day 43)
        var kept = script.Run("@8 rx D-ser Acme Wellness Blend 500 mg/20");
        var updated = Body(Assert.Single(kept.Alerts).PayloadJson);
        Assert.Equal((pair.AlertId, "active", "updated"), (updated.GetProperty("alertId").GetGuid(), Str(updated, "status"), Str(updated, "transition")));
        Assert.StartsWith("Updated on 2026-11-09: the dispense D-ser of Zoloft 50 mg tablet (sertraline) was corrected on 2026-11-09 to Acme Wellness Blend 500 mg, which could not be recognised",
            Str(updated, "detail"), StringComparison.Ordinal);
        Assert.Contains("Acme Wellness Blend 500 mg", updated.GetProperty("unchecked").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(Day(32), kept.Bump!.NextReviewAt);

        var ended = script.Run("@33 sweep");
        var resolved = Body(Assert.Single(ended.Alerts).PayloadJson);
        Assert.Equal((pair.AlertId, "resolved"), (resolved.GetProperty("alertId").GetGuid(), Str(resolved, "status")));
        var product = Assert.Single(resolved.GetProperty("resolution").GetProperty("ended").EnumerateArray());
        Assert.Equal(("sertraline", "supply-ran-out", "D-ser"), (Str(product, "ingredient"), Str(product, "how"), Str(product, "itemId")));
        Assert.Contains("the supply of Acme Wellness Blend 500 mg (sertraline) ran out on", Str(resolved, "detail"), StringComparison.Ordinal);
        Assert.DoesNotContain("no longer contains", Str(resolved, "detail"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_corrected_back_from_an_unreadable_product_is_told_once_and_leaves_unchecked()
    {
        // a review: the care team's last word was "confirm what Acme Wellness Blend is", with it in `unchecked`, after the
        // record said Zoloft again
        var script = new DecisionScript();
        var pair = Assert.Single(script.Run(Pair).FindingsInserted);
        script.Run("@8 rx D-ser Acme Wellness Blend 500 mg/20");

        var back = script.Run("@9 rx D-ser Zoloft 50 mg tablet/30");

        var updated = Body(Assert.Single(back.Alerts).PayloadJson);
        Assert.Equal((pair.AlertId, "active", "updated"), (updated.GetProperty("alertId").GetGuid(), Str(updated, "status"), Str(updated, "transition")));
        Assert.StartsWith("Updated on 2026-11-10: the dispense D-ser, last corrected to Acme Wellness Blend 500 mg, which could not be recognised, was corrected on 2026-11-10 to Zoloft 50 mg tablet (sertraline): the combination is recognised again",
            Str(updated, "detail"), StringComparison.Ordinal);
        // the corrected dispense is dated day 9: the overlap counts from then, and that is said too
        Assert.Contains("the combination now counts from 2026-11-10", Str(updated, "detail"), StringComparison.Ordinal);
        Assert.False(updated.TryGetProperty("unchecked", out _));

        // said once: the next decision sends nothing
        Assert.Empty(script.Run("@10 sup S-vd Vitamin D3 1000 IU").Alerts);
    }

    [Theory]
    // a review: corrected back in the decision that steps the severity, the step was sent without a word of it, and the
    // care team's last word on the unreadable product stayed "confirm what it is"
    [InlineData(100, 370, 0, "Severity raised from info to moderate on 2027-11-06. The dispense D-ppi, last corrected to Acme Wellness Blend 500 mg")]
    [InlineData(370, 390, 290, "Severity lowered from moderate to info on 2027-11-26. The dispense D-ppi, last corrected to Acme Wellness Blend 500 mg")]
    public void A_record_corrected_back_in_a_severity_step_is_told_with_it(int opened, int back, int start, string detail)
    {
        var script = new DecisionScript();
        script.Run($"@0 rx D-ppi Omeprazole 20 mg capsule/400; @90 sweep; @{opened} sweep");
        var finding = Assert.Single(script.Snapshot.OpenFindings);
        // the record keeps its dispense date: only the product is corrected, then corrected back
        Correct(script, $"@{opened + 5} rx D-ppi Acme Wellness Blend 500 mg/400", 0);

        var stepped = Correct(script, $"@{back} rx D-ppi Omeprazole 20 mg capsule/400", start);

        var body = Body(Assert.Single(stepped.Alerts).PayloadJson);
        Assert.Equal(finding.AlertId, body.GetProperty("alertId").GetGuid());
        Assert.StartsWith(detail, Str(body, "detail"), StringComparison.Ordinal);
        Assert.Contains($"was corrected on {Day(back):yyyy-MM-dd} to Omeprazole 20 mg capsule (omeprazole): the combination is recognised again and goes on, and Acme Wellness Blend 500 mg is no longer among the products this alert could not check. ",
            Str(body, "detail"), StringComparison.Ordinal);
        Assert.False(body.TryGetProperty("unchecked", out _));
    }

    [Fact]
    public void A_record_corrected_back_into_a_larger_combination_is_told_with_the_supersession()
    {
        // a review: read again, the pair is part of the load finding, and its `superseded` said nothing of the correction
        // and still listed the unreadable text in `unchecked`
        var script = new DecisionScript();
        var pair = Assert.Single(script.Run(Pair).FindingsInserted);
        script.Run("@8 rx D-ser Acme Wellness Blend 500 mg/90; @9 sup S-sjw St. John's Wort 300 mg");

        var back = script.Run("@10 rx D-ser Zoloft 50 mg tablet/90");

        var load = Assert.Single(back.FindingsInserted);
        var superseded = Body(back.Alerts.Single(a => a.AlertId == pair.AlertId).PayloadJson);
        Assert.Equal(("superseded", load.AlertId), (Str(superseded, "status"), superseded.GetProperty("supersededBy").GetGuid()));
        Assert.Contains("which now reports it together with the other products involved. The dispense D-ser, last corrected to Acme Wellness Blend 500 mg, which could not be recognised, was corrected on 2026-11-11 to Zoloft 50 mg tablet (sertraline): the combination is recognised again and goes on, and Acme Wellness Blend 500 mg is no longer among the products this alert could not check. It was: ",
            Str(superseded, "detail"), StringComparison.Ordinal);
        Assert.False(superseded.TryGetProperty("unchecked", out _));
        // the tramadol and St John's wort alert, folded in too, never named the dispense
        Assert.All(back.Alerts.Where(a => a.AlertId != pair.AlertId), a => Assert.DoesNotContain("last corrected to", Str(Body(a.PayloadJson), "detail"), StringComparison.Ordinal));
    }

    [Fact]
    public void A_record_corrected_from_one_unreadable_text_to_another_is_told_and_then_told_back()
    {
        // a review: Zoloft, then an unreadable text, then another: the second correction said nothing (the care team was
        // left to confirm a text no record says), and the correction back to Zoloft was then not told either
        var script = new DecisionScript();
        var pair = Assert.Single(script.Run(Pair).FindingsInserted);
        script.Run("@8 rx D-ser Acme Wellness Blend 500 mg/90");

        var again = script.Run("@9 rx D-ser Grandma's tonic/90");

        var replaced = Body(Assert.Single(again.Alerts).PayloadJson);
        Assert.Equal((pair.AlertId, "updated"), (replaced.GetProperty("alertId").GetGuid(), Str(replaced, "transition")));
        Assert.StartsWith("Updated on 2026-11-10: the dispense D-ser, last corrected to Acme Wellness Blend 500 mg, which could not be recognised, was corrected on 2026-11-10 to Grandma's tonic, which could not be recognised either (no ingredient is known for it), and replaces Acme Wellness Blend 500 mg among the products this alert could not check, so this alert still cannot tell whether the combination ended; it stays open: confirm with the patient what Grandma's tonic is. ",
            Str(replaced, "detail"), StringComparison.Ordinal);
        Assert.Equal(["Grandma's tonic"], replaced.GetProperty("unchecked").EnumerateArray().Select(u => u.GetString()));

        var back = script.Run("@10 rx D-ser Zoloft 50 mg tablet/90");

        var updated = Body(Assert.Single(back.Alerts).PayloadJson);
        Assert.StartsWith("Updated on 2026-11-11: the dispense D-ser, last corrected to Grandma's tonic, which could not be recognised, was corrected on 2026-11-11 to Zoloft 50 mg tablet (sertraline): the combination is recognised again and goes on, and Grandma's tonic is no longer among the products this alert could not check",
            Str(updated, "detail"), StringComparison.Ordinal);
        Assert.False(updated.TryGetProperty("unchecked", out _));
    }

    [Fact]
    public void An_unreadable_text_another_record_still_says_stays_unchecked_when_the_record_is_corrected_again()
    {
        var script = new DecisionScript();
        script.Run(Pair + "; @8 rx D-ser Acme Wellness Blend 500 mg/90");
        Assert.Empty(script.Run("@9 sup S-x Acme Wellness Blend 500 mg").Alerts);

        var again = script.Run("@10 rx D-ser Grandma's tonic/90");

        var replaced = Body(Assert.Single(again.Alerts).PayloadJson);
        Assert.StartsWith("Updated on 2026-11-11: the dispense D-ser, last corrected to Acme Wellness Blend 500 mg, which could not be recognised, was corrected on 2026-11-11 to Grandma's tonic, which could not be recognised either (no ingredient is known for it), so this alert still cannot tell",
            Str(replaced, "detail"), StringComparison.Ordinal);
        Assert.Equal(["Acme Wellness Blend 500 mg", "Grandma's tonic"], replaced.GetProperty("unchecked").EnumerateArray().Select(u => u.GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_record_corrected_back_is_told_while_another_record_still_says_its_unreadable_text()
    {
        // a review: the report S-x still says Acme, so nothing was sent, and the care team's last word about D-ser stayed
        // "confirm what Acme is" after D-ser was Zoloft again
        var script = new DecisionScript();
        var pair = Assert.Single(script.Run(Pair).FindingsInserted);
        script.Run("@8 rx D-ser Acme Wellness Blend 500 mg/90");
        Assert.Empty(script.Run("@9 sup S-x Acme Wellness Blend 500 mg").Alerts);

        var back = script.Run("@10 rx D-ser Zoloft 50 mg tablet/90");

        var updated = Body(Assert.Single(back.Alerts).PayloadJson);
        Assert.Equal((pair.AlertId, "updated"), (updated.GetProperty("alertId").GetGuid(), Str(updated, "transition")));
        Assert.StartsWith("Updated on 2026-11-11: the dispense D-ser, last corrected to Acme Wellness Blend 500 mg, which could not be recognised, was corrected on 2026-11-11 to Zoloft 50 mg tablet (sertraline): the combination is recognised again and goes on; Acme Wellness Blend 500 mg stays among the products this alert could not check, as another of the patient's records says it;",
            Str(updated, "detail"), StringComparison.Ordinal);
        Assert.Equal(["Acme Wellness Blend 500 mg"], updated.GetProperty("unchecked").EnumerateArray().Select(u => u.GetString()));
    }

    [Fact]
    public void A_record_whose_codes_alone_are_corrected_is_told_as_read_again()
    {
        // the same text, now with the RxNorm code of sertraline: nothing says what it was corrected to, only that it is read
        var script = new DecisionScript();
        var pair = Assert.Single(script.Run(Pair).FindingsInserted);
        script.Run("@8 rx D-ser Pharmacy item 4471/90");
        var (asOf, coded) = script.Parse("@9 rx D-ser Pharmacy item 4471/90");

        var back = script.Decider.Decide(script.Snapshot, coded! with { Rxnorm = "36437", StartedAt = Day(0) }, asOf);

        var updated = Body(Assert.Single(back.Alerts).PayloadJson);
        Assert.Equal((pair.AlertId, "updated"), (updated.GetProperty("alertId").GetGuid(), Str(updated, "transition")));
        Assert.StartsWith("Updated on 2026-11-10: the dispense D-ser of Pharmacy item 4471, which could not be recognised, was corrected on 2026-11-10 and is read again as sertraline: the combination is recognised again and goes on, and Pharmacy item 4471 is no longer among the products this alert could not check. ",
            Str(updated, "detail"), StringComparison.Ordinal);
        Assert.False(updated.TryGetProperty("unchecked", out _));
    }

    [Fact]
    public void A_record_never_told_as_unreadable_is_not_told_as_corrected_back()
    {
        // a review: an unreadable report of the patient is listed in every alert's `unchecked`; corrected to a product of
        // the combination, it joins the alert, but the alert never said it had been corrected to anything
        var script = new DecisionScript();
        var pair = Assert.Single(script.Run(Pair).FindingsInserted);
        Assert.Empty(script.Run("@10 sup S-k Acme Wellness Blend 500 mg").Alerts);

        var joined = script.Run("@11 sup S-k Ultram 50 mg tablet");

        var details = joined.Alerts.Select(a => Str(Body(a.PayloadJson), "detail") ?? string.Empty).ToList();
        Assert.All(joined.Alerts, a => Assert.Equal(pair.AlertId, Body(a.PayloadJson).GetProperty("alertId").GetGuid()));
        Assert.DoesNotContain(details, d => d.Contains("last corrected to", StringComparison.Ordinal) || d.Contains("read again", StringComparison.Ordinal));
    }

    [Fact]
    public void A_second_record_of_an_open_alert_corrected_to_an_unreadable_product_is_told_too()
    {
        // a review: only the record that ends first was looked at, so a second correction went unsaid
        var script = new DecisionScript();
        script.Run(Pair + "; @8 rx D-ser Acme Wellness Blend 500 mg/20");

        var second = script.Run("@9 rx D-tra Grandma's tonic/30");

        var updated = Body(Assert.Single(second.Alerts).PayloadJson);
        Assert.Contains("the dispense D-tra of Ultram 50 mg tablet (tramadol) was corrected on 2026-11-10 to Grandma's tonic, which could not be recognised",
            Str(updated, "detail"), StringComparison.Ordinal);
        Assert.Equal(["Acme Wellness Blend 500 mg", "Grandma's tonic"], updated.GetProperty("unchecked").EnumerateArray().Select(u => u.GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void A_dispense_corrected_to_a_product_that_protects_nothing_is_named_as_what_ended_not_as_an_added_product()
    {
        // the first prednisone record corrected to methylprednisolone (found by an alert audit): the glucocorticoid is no
        // protective product, so the alert must not ask to confirm it is taken "or this finding applies again"
        var script = new DecisionScript();
        var finding = Assert.Single(script.Run("@0 rx G1 Prednisone 10 mg tablet/60; @60 rx G2 Prednisone 10 mg tablet/60; @100 sweep").FindingsInserted);

        // the correction reported on day 101 for the record as dispensed on day 100
        var (_, change) = script.Parse("@100 rx G1 Methylprednisolone 4 mg tablet/60");
        var corrected = script.Decider.Decide(script.Snapshot, change, Day(101));

        Assert.Equal("resolved DEP-14 info combination-ended", DecisionScript.Alerts(corrected));
        var resolved = Body(corrected.Alerts.Single(a => a.AlertId == finding.AlertId).PayloadJson);
        var ended = Assert.Single(resolved.GetProperty("resolution").GetProperty("ended").EnumerateArray());
        Assert.Equal(("prednisone", "replaced", "G1"), (Str(ended, "ingredient"), Str(ended, "how"), Str(ended, "itemId")));
        // the correction's date is the decision's, not its record's (found by an alert-lifecycle probe: the resolution
        // read "correction on" a date before the alert's own)
        // named by the record (a newcomer probe, probe-newc8 M1: "Methylprednisolone 4 mg tablet no longer contains
        // prednisone" read as if it had)
        Assert.Contains($"the dispense G1 (prednisone) was corrected on {Day(101):yyyy-MM-dd} (to the record of {Day(100):yyyy-MM-dd}) to Methylprednisolone 4 mg tablet, which does not contain prednisone",
            Str(resolved, "detail"), StringComparison.Ordinal);
        Assert.DoesNotContain("Confirm that the patient takes Methylprednisolone", Str(resolved, "recommendation"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_report_corrected_to_another_product_is_named_by_what_it_said_and_the_advice_is_about_the_record()
    {
        // a newcomer probe (probe-newc8 M1): "Vitamin D3 2000 IU no longer contains st john's wort after a correction", and
        // "confirm … the ended product is no longer taken" when nothing ended
        var script = new DecisionScript();
        script.Run(Wort);

        var resolved = Body(Assert.Single(script.Run("@3 sup S-wa Vitamin D3 2000 IU").Alerts).PayloadJson);

        Assert.Contains("the combination ended: the report S-wa of St. John's Wort 300 mg capsule (st john's wort) was corrected on 2026-11-04 to Vitamin D3 2000 IU, which does not contain st john's wort.",
            Str(resolved, "detail"), StringComparison.Ordinal);
        Assert.Equal("A record was corrected, not a product stopped: confirm with the patient which product they take; if it is still st john's wort, this combination still needs the action it had.",
            Str(resolved, "recommendation"));
    }

    [Fact]
    public void A_pair_ended_by_a_correction_names_the_load_alert_that_still_reports_its_other_product()
    {
        // sertraline corrected to fluoxetine while tramadol and St John's wort go on: the load finding is raised anew with
        // fluoxetine; the sertraline + tramadol pair's alert is no all-clear, tramadol is in the new load alert
        var script = new DecisionScript();
        var pair = Assert.Single(script.Run(Pair).FindingsInserted);
        script.Run("@8 sup S-sjw St. John's Wort 300 mg");

        var corrected = script.Run("@10 rx D-ser Fluoxetine 20 mg capsule/90");

        var load = Assert.Single(corrected.FindingsInserted, f => f.RuleId == "SER-17");
        var resolved = Body(corrected.Alerts.Single(a => a.AlertId == pair.AlertId).PayloadJson);
        Assert.Equal("resolved", Str(resolved, "status"));
        Assert.Equal(load.AlertId, resolved.GetProperty("resolution").GetProperty("continuedIn").GetGuid());
        Assert.StartsWith($"Not an all-clear: act on alert {load.AlertId}", Str(resolved, "recommendation"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_switch_to_another_drug_of_a_depletion_rule_resolves_naming_the_alert_that_continues_the_therapy()
    {
        // omeprazole for 120 days (its finding since day 90), pantoprazole from day 110: when the omeprazole runs out the
        // rule's finding goes on for pantoprazole, counted from the omeprazole's start; the omeprazole alert is no all-clear
        var script = new DecisionScript();
        var omeprazole = Assert.Single(script.Run("@0 rx D-ome Omeprazole 20 mg capsule/120; @100 sweep").FindingsInserted);

        var switched = script.Run("@110 rx D-pan Pantoprazole 40 mg tablet/90; @140 sweep");

        Assert.Equal("opened DEP-01 info, resolved DEP-01 info combination-ended", DecisionScript.Alerts(switched));
        var successor = Assert.Single(switched.FindingsInserted);
        Assert.Equal("DEP-01|pantoprazole|magnesium", successor.Fingerprint);
        Assert.Contains("which continued omeprazole, taken continuously since", Str(Body(successor.PayloadJson), "detail"), StringComparison.Ordinal);
        var resolved = Body(switched.Alerts.Single(a => a.AlertId == omeprazole.AlertId).PayloadJson);
        Assert.Equal(successor.AlertId, resolved.GetProperty("resolution").GetProperty("continuedIn").GetGuid());
        Assert.StartsWith($"Not an all-clear: act on alert {successor.AlertId}", Str(resolved, "recommendation"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_withdrawn_earlier_dispense_that_shortens_the_use_resolves_naming_it_and_that_the_product_is_still_taken()
    {
        var script = new DecisionScript();
        // four months of omeprazole: past 90 days of continuous use, the magnesium finding opens
        script.Run("@0 rx D-o0 Omeprazole 20 mg capsule/30; @30 rx D-o1 Omeprazole 20 mg capsule/30; @60 rx D-o2 Omeprazole 20 mg capsule/30; "
            + "@90 rx D-o3 Omeprazole 20 mg capsule/30; @92 sweep");
        var opened = Assert.Single(script.Decisions[^1].After.OpenFindings);
        Assert.Equal("DEP-01", opened.RuleId);

        // the first dispense was entered in error: continuous use is now 63 days, under the threshold
        var decision = script.Run("@93 withdraw D-o0");

        var resolved = Body(Assert.Single(decision.Alerts).PayloadJson);
        var resolution = resolved.GetProperty("resolution");
        Assert.Equal(("resolved", "dispense-withdrawn"), (Str(resolved, "status"), Str(resolution, "reason")));
        var ended = Assert.Single(resolution.GetProperty("ended").EnumerateArray());
        Assert.Equal(("D-o0", "withdrawn", "entered-in-error"), (Str(ended, "itemId"), Str(ended, "how"), Str(ended, "status")));
        Assert.Contains("Without that record the regimen no longer raises this finding, although its products are still taken", Str(resolved, "detail"), StringComparison.Ordinal);
        Assert.DoesNotContain("no longer in the regimen", Str(resolved, "detail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("@0 rx D-mtx Methotrexate 2.5 mg tablet/90; @1 sup S-fa Folic acid 1 mg tablet", "DEP-11", "Folic acid 1 mg tablet reported on 2026-11-02")]
    [InlineData("@0 rx D-inh Isoniazid 300 mg tablet/120; @1 sup S-b6 Vitamin B6 50 mg tablet", "DEP-09", "Vitamin B6 50 mg tablet reported on 2026-11-02")]
    public void A_depletion_finding_ended_by_the_supplement_it_asks_for_names_that_supplement(string history, string ruleId, string named)
    {
        var script = new DecisionScript();
        var decision = script.Run(history);

        var resolved = Body(Assert.Single(decision.Alerts).PayloadJson);
        Assert.Equal((ruleId, "resolved", "no-longer-detected"), (Str(resolved, "ruleId"), Str(resolved, "status"), Str(resolved.GetProperty("resolution"), "reason")));
        Assert.Contains($"with {named}, the regimen no longer raises this finding", Str(resolved, "detail"), StringComparison.Ordinal);
        Assert.StartsWith("Confirm that the patient takes ", Str(resolved, "recommendation"), StringComparison.Ordinal);
        Assert.DoesNotContain("unchanged", Str(resolved, "recommendation"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_load_finding_that_ends_names_the_mao_inhibitor_alert_still_open_among_its_agents()
    {
        var script = new DecisionScript();
        script.Run("@0 rx D-nar Nardil 15 mg tablet/90; " + Pair + "; @8 rx D-sum Imitrex 50 mg tablet/30");
        var open = script.Decisions[^1].After.OpenFindings;
        var load = Assert.Single(open, f => f.RuleId == "SER-17");
        var contraindicated = open.Where(f => f.Concern == "serotonergic-contraindicated").Select(f => f.AlertId).ToList();
        Assert.NotEmpty(contraindicated);

        // two counted agents are left: the load finding ends, the MAO-inhibitor pairs it listed stay open
        var ending = script.Run("@9 withdraw D-sum");
        var resolved = Body(ending.Alerts.Single(a => a.AlertId == load.AlertId).PayloadJson);
        Assert.Equal("resolved", Str(resolved, "status"));
        Assert.Contains(resolved.GetProperty("resolution").GetProperty("continuedIn").GetGuid(), contraindicated);
        Assert.StartsWith("Not an all-clear: act on alert ", Str(resolved, "recommendation"), StringComparison.Ordinal);
    }

    [Theory]
    // the whole combination ends: nothing still reports a part of it
    [InlineData(Pair + "; @8 withdraw D-tra")]
    // a depletion finding for another nutrient keeps the thiazide, but it is not this finding's nutrient
    [InlineData("@0 rx D-hct hydrochlorothiazide 25 mg tablet/90; @0 rx D-ser Zoloft 50 mg tablet/90; @20 withdraw D-ser")]
    public void A_resolution_names_no_other_alert_when_nothing_still_reports_its_combination(string history)
    {
        var script = new DecisionScript();
        var steps = history.Split(';', StringSplitOptions.TrimEntries);
        script.Run(string.Join(';', steps[..^1]));
        var decision = script.Run(steps[^1]);
        var resolved = decision.Alerts.Select(a => Body(a.PayloadJson)).Where(b => Str(b, "status") == "resolved").ToList();
        Assert.NotEmpty(resolved);
        Assert.All(resolved, b => Assert.False(b.GetProperty("resolution").TryGetProperty("continuedIn", out _)));
        Assert.All(resolved, b => Assert.DoesNotContain("still taken", Str(b, "detail"), StringComparison.Ordinal));
    }

    [Fact]
    public void A_superseded_pair_is_named_by_the_load_alert_and_reinstated_under_its_own_id()
    {
        var script = new DecisionScript();
        var pair = Assert.Single(script.Run(Pair).FindingsInserted);
        var folding = script.Run("@8 sup S-sjw St. John's Wort 300 mg");
        var load = Assert.Single(folding.FindingsInserted);
        var superseded = Assert.Single(folding.FindingsUpdated);
        Assert.Equal((pair.AlertId, "superseded"), (superseded.AlertId, superseded.State));
        Assert.Equal("active", pair.State); // the record of the earlier decision is not changed
        var folded = Body(folding.Alerts.Single(a => a.AlertId == pair.AlertId).PayloadJson);
        Assert.Equal(load.AlertId, folded.GetProperty("supersededBy").GetGuid());
        var loadBody = Body(folding.Alerts.Single(a => a.AlertId == load.AlertId).PayloadJson);
        Assert.Equal([pair.AlertId], loadBody.GetProperty("supersedes").EnumerateArray().Select(e => e.GetGuid()));

        var stopped = script.Run("@9 stop S-sjw");
        Assert.Equal([(pair.AlertId, "active"), (load.AlertId, "resolved")], stopped.FindingsUpdated.Select(f => (f.AlertId, f.State)).Order());
        var reinstated = Body(stopped.Alerts.Single(a => a.AlertId == pair.AlertId).PayloadJson);
        Assert.Equal("reinstated", Str(reinstated, "transition"));
        Assert.Contains($"the alert that covered it ({load.AlertId}) ended", Str(reinstated, "detail"), StringComparison.Ordinal);
        var ended = Body(stopped.Alerts.Single(a => a.AlertId == load.AlertId).PayloadJson);
        Assert.Equal(pair.AlertId, ended.GetProperty("resolution").GetProperty("continuedIn").GetGuid());
        // the two name each other; the resolution is claimed after the alert that carries its products on, so the last
        // word on products still taken is never the all-clear (docs/alerts.md, "Order per alert")
        Assert.True(stopped.Alerts.Single(a => a.AlertId == pair.AlertId).CreatedAt < stopped.Alerts.Single(a => a.AlertId == load.AlertId).CreatedAt);
        Assert.Equal([pair.AlertId], stopped.After.OpenFindings.Select(f => f.AlertId));
    }

    [Theory]
    // the engine's next change: the end of the 5-day tramadol supply plus its day of grace
    [InlineData("@0 rx D-ser Zoloft 50 mg tablet/90; @0 rx D-tra Ultram 50 mg tablet/5", 6.0)]
    // a regimen with nothing that ends or grows with time needs no review
    [InlineData("@0 sup S-1 Vitamin D3 1000 IU", null)]
    public void The_patient_bump_carries_the_next_review_instant(string history, double? nextReviewDay)
    {
        var script = new DecisionScript();
        var decision = script.Run(history);
        DateTimeOffset? expected = nextReviewDay is { } day ? Day(day) : null;
        Assert.Equal(expected, decision.Bump!.NextReviewAt);
        Assert.Equal(expected, decision.After.NextReviewAt);
        Assert.Equal((script.Decisions.Count - 1, script.Decisions.Count), (decision.Bump.ExpectedVersion, decision.Bump.NewVersion));
        Assert.Equal((script.Decisions.Count, decision.Bump.UpdatedAt), (decision.After.Version, decision.After.UpdatedAt));
    }

    [Theory]
    [InlineData(Pair + "; @8 withdraw D-tra")]
    [InlineData(Pair + "; @8 sup S-sjw St. John's Wort 300 mg; @9 stop S-sjw")]
    [InlineData("@0 rx D-ser Zoloft 50 mg tablet/90; @0 rx D-tra Ultram 50 mg tablet/5; @20 sweep")]
    public void No_input_is_changed_by_a_decision(string history)
    {
        var script = new DecisionScript();
        var steps = history.Split(';', StringSplitOptions.TrimEntries);
        script.Run(string.Join(';', steps[..^1]));
        var snapshot = script.Snapshot;
        var (asOf, change) = script.Parse(steps[^1]);
        var items = snapshot.Items.ToList();
        var findings = snapshot.OpenFindings.ToList();
        var itemValues = JsonSerializer.Serialize(items);
        var findingValues = JsonSerializer.Serialize(findings);
        var changeValues = change?.ToString();

        var decision = script.Decider.Decide(snapshot, change, asOf);

        Assert.NotEmpty(decision.Alerts);
        Assert.Equal(items, snapshot.Items);
        Assert.Equal(findings, snapshot.OpenFindings);
        Assert.Equal(itemValues, JsonSerializer.Serialize(snapshot.Items));
        Assert.Equal(findingValues, JsonSerializer.Serialize(snapshot.OpenFindings));
        Assert.Equal(changeValues, change?.ToString());
        Assert.All(decision.ItemUpserts, i => Assert.DoesNotContain(i, snapshot.Items));
        Assert.All(decision.FindingsUpdated, f => Assert.DoesNotContain(f, snapshot.OpenFindings));
    }

    [Fact]
    public void A_new_rule_set_version_renormalises_copies_of_the_stored_items()
    {
        var script = new DecisionScript();
        script.Run(Pair);
        // as if stored by an older rule set that mapped the tramadol text to nothing
        var old = script.Snapshot.Items[1].Copy();
        old.Id = 42;
        old.Ingredients = string.Empty;
        old.NormalisedWith = "2025.01.1";
        var snapshot = script.Snapshot with { Items = [script.Snapshot.Items[0], old], OpenFindings = [] };

        var decision = script.Decider.Decide(snapshot, null, Day(8));

        var renormalised = Assert.Single(decision.ItemUpserts);
        Assert.Equal((42L, "tramadol", Evaluator.RuleSetVersion), (renormalised.Id, renormalised.Ingredients, renormalised.NormalisedWith));
        Assert.Equal((string.Empty, "2025.01.1"), (old.Ingredients, old.NormalisedWith));
        Assert.Equal((1, 0), decision.Normalised);
        Assert.Equal("opened SER-08 major", DecisionScript.Alerts(decision));
        Assert.Same(renormalised, decision.After.Items[1]);
    }

    [Fact]
    public void A_statement_restated_without_a_start_keeps_the_earlier_start()
    {
        var script = new DecisionScript();
        script.Run("@0 sup S-1 St. John's Wort 300 mg");
        var (asOf, change) = script.Parse("@10 sup S-1 St. John's Wort 300 mg");

        var decision = script.Decider.Decide(script.Snapshot, change! with { StartInferred = true }, asOf);

        var item = Assert.Single(decision.ItemUpserts);
        Assert.Equal((Day(0), Day(10), change.EventId), (item.StartedAt, item.EffectiveAt, item.SourceEventId));
        Assert.Equal(Day(0), script.Snapshot.Items[0].EffectiveAt); // the stored item is not changed
    }

    [Fact]
    public void A_change_of_another_patient_is_refused()
    {
        var script = new DecisionScript();
        var (asOf, change) = script.Parse("@0 rx D-1 Zoloft 50 mg tablet/30");
        var other = script.Snapshot with { PatientRef = "PT-2" };
        Assert.Throws<ArgumentException>("change", () => script.Decider.Decide(other, change, asOf));
    }

    /// <summary>Decides <paramref name="step"/> (a dispense) as a correction that keeps the dispense date <paramref name="startDay"/>.</summary>
    private static Decision Correct(DecisionScript script, string step, double startDay)
    {
        var (asOf, change) = script.Parse(step);
        var decision = script.Decider.Decide(script.Snapshot, change! with { StartedAt = Day(startDay) }, asOf);
        script.Snapshot = decision.After with { ClosedInGroup = [] };
        return decision;
    }
}
