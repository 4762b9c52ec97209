using RegimenMonitor.Worker.Cli;
using RegimenMonitor.Worker.Regimens;

namespace RegimenMonitor.Worker.Tests.Unit.Cli;

/// <summary>
/// The demo's regimen table says whether each item counts as taken at the demo's clock, as the engine counts it, not the
/// record's status (found by a newcomer probe: every dispense read "completed", a current one beside an active
/// contraindicated alert too).
/// </summary>
public sealed class DemoCoverageTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    private static RegimenItemView Item(string kind, DateTimeOffset started, DateTimeOffset? coveredUntil, DateTimeOffset? stoppedAt = null,
        DateTimeOffset? reportedStop = null, bool withdrawn = false, int? days = null) =>
        new(kind, "I-1", kind == "medication" ? "completed" : "active", withdrawn, "product", null, started, days, false, stoppedAt, Guid.NewGuid(),
            CoveredUntil: coveredUntil, ReportedStop: reportedStop);

    [Fact]
    public void A_dispense_whose_supply_and_grace_run_past_now_is_covered_until_their_end()
    {
        // Azilect dispensed 2026-11-03 for 30 days: 30 days and 6 of grace, to 2026-12-09
        var started = new DateTimeOffset(2026, 11, 3, 15, 15, 0, TimeSpan.Zero);
        Assert.Equal("covered until 2026-12-09", DemoVerb.CoverageAt(Item("medication", started, started.AddDays(36), days: 30), Now));
    }

    [Fact]
    public void A_dispense_whose_supply_ended_ran_out()
    {
        var started = new DateTimeOffset(2026, 9, 25, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal("ran out 2026-10-31", DemoVerb.CoverageAt(Item("medication", started, started.AddDays(36), days: 30), Now));
    }

    [Fact]
    public void An_item_ended_by_its_stop_or_a_reported_stop_is_stopped_then()
    {
        var started = new DateTimeOffset(2026, 10, 1, 9, 0, 0, TimeSpan.Zero);
        var stop = new DateTimeOffset(2026, 11, 18, 0, 0, 0, TimeSpan.Zero);
        Assert.Equal("stopped 2026-11-18", DemoVerb.CoverageAt(Item("supplement", started, stop, stoppedAt: stop), Now));
        Assert.Equal("stopped 2026-11-18", DemoVerb.CoverageAt(Item("medication", started, stop, reportedStop: stop, days: 90), Now));
        Assert.Equal("taken, stops 2026-11-25", DemoVerb.CoverageAt(Item("supplement", started, stop.AddDays(7), stoppedAt: stop.AddDays(7)), Now));
    }

    [Fact]
    public void A_supplement_without_a_stop_is_taken_and_a_withdrawn_item_never_counts()
    {
        var started = new DateTimeOffset(2026, 11, 15, 9, 0, 0, TimeSpan.Zero);
        Assert.Equal("taken, no end reported", DemoVerb.CoverageAt(Item("supplement", started, null), Now));
        Assert.Equal("withdrawn", DemoVerb.CoverageAt(Item("medication", started, null, withdrawn: true, days: 30), Now));
        Assert.Equal("starts 2026-11-21", DemoVerb.CoverageAt(Item("supplement", Now.AddDays(1), null), Now));
    }
}
