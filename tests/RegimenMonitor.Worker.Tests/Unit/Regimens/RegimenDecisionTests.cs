using System.Text.Json;
using RegimenMonitor.Worker.Evaluation;
using RegimenMonitor.Worker.Persistence;
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
    public void The_last_step_decides_the_outcome_and_the_alerts(string history, string outcome, string alerts)
    {
        var script = new DecisionScript();
        var decision = script.Run(history);
        Assert.Equal((outcome, alerts), (decision.Outcome.ToString(), DecisionScript.Alerts(decision)));
        Assert.Equal(decision.Alerts.Count, decision.Diff?.AlertCount ?? 0);
    }
}
