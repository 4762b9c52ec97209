using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Regimens;

using static RegimenMonitor.Worker.Tests.Unit.Regimens.DecisionScript;

namespace RegimenMonitor.Worker.Tests.Unit.Regimens;

/// <summary>
/// A group's decisions collected for the writer: several changes of one patient in one group commit write each row once
/// with its last values, checked against the version read at the start of the group.
/// </summary>
public sealed class RegimenWritesTests
{
    [Fact]
    public void Decisions_of_one_patient_in_a_group_write_each_row_once_with_its_last_values()
    {
        var script = new DecisionScript();
        script.Run("@0 rx D-ser Zoloft 50 mg tablet/90");
        // as read at the start of the group: D-ser is stored (id 11)
        var stored = script.Snapshot.Items[0].Copy();
        stored.Id = 11;
        script.Snapshot = script.Snapshot with { Items = [stored] };
        var groupStart = script.Snapshot;
        var writes = new RegimenWrites();
        foreach (var step in new[] { "@7 rx D-tra Ultram 50 mg tablet/30", "@8 rx D-ser Zoloft 50 mg tablet/60", "@9 withdraw D-tra" })
        {
            writes.Add(script.Run(step));
        }

        Assert.Equal(3, writes.Events.Count);
        var (patient, readVersion) = Assert.Single(writes.Patients);
        Assert.Equal((groupStart.Version, groupStart.Version + 3, Day(9)), (readVersion, patient.Version, patient.UpdatedAt));
        // D-ser was stored before the group; D-tra is new in it: inserted once, withdrawn
        Assert.Equal([(11L, "D-ser", 60)], writes.ChangedItems.Select(i => (i.Id, i.ItemKey, i.DaysSupply ?? 0)));
        Assert.Equal([("D-tra", true)], writes.NewItems.Select(i => (i.ItemKey, i.Withdrawn)));
        // the pair opened and resolved in the same group: one insert, already resolved; two alerts
        var finding = Assert.Single(writes.InsertedFindings);
        Assert.Equal(("SER-08", "resolved", Day(9)), (finding.RuleId, finding.State, finding.ResolvedAt));
        Assert.Empty(writes.UpdatedFindings);
        Assert.Equal(["active", "resolved"], writes.Alerts.Select(a => a.Status));
        Assert.All(writes.Alerts, a => Assert.Equal(finding.AlertId, a.AlertId));
    }

    [Fact]
    public void A_stale_decision_writes_its_inbox_row_only()
    {
        var script = new DecisionScript();
        script.Run("@0 rx D-ser Zoloft 50 mg tablet/90");
        var writes = new RegimenWrites();
        writes.Add(script.Run("@-1 rx D-ser Zoloft 50 mg tablet/30"));

        Assert.Equal(["stale"], writes.Events.Select(e => e.Outcome));
        Assert.Equal(0, writes.PatientCount);
        Assert.Empty(writes.NewItems);
        Assert.Empty(writes.ChangedItems);
        Assert.Empty(writes.Alerts);
    }
}
