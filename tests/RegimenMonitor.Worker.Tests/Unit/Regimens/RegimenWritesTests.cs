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
        // the pair opened and resolved in the same group: one insert, already resolved; three alerts (the correction of
        // D-ser to day 8 moved the pair's start from day 7: updated)
        var finding = Assert.Single(writes.InsertedFindings);
        Assert.Equal(("SER-08", "resolved", Day(9)), (finding.RuleId, finding.State, finding.ResolvedAt));
        Assert.Empty(writes.UpdatedFindings);
        Assert.Equal(["opened", "updated", "resolved"], writes.Alerts.Select(a => DecisionScript.Body(a.PayloadJson).GetProperty("transition").GetString()));
        Assert.All(writes.Alerts, a => Assert.Equal(finding.AlertId, a.AlertId));
    }

    [Fact]
    public void Messages_of_one_alert_written_at_one_instant_carry_their_order_in_their_bodies_too()
    {
        var script = new DecisionScript();
        script.Run("@0 rx D-ser Zoloft 50 mg tablet/90");
        var writes = new RegimenWrites();
        // one group: its changes are decided at the same instant
        foreach (var step in new[] { "@7 rx D-tra Ultram 50 mg tablet/30", "@7 withdraw D-tra" })
        {
            writes.Add(script.Run(step));
        }

        var messages = writes.Alerts.Select(a => (a.CreatedAt, Body: DecisionScript.Body(a.PayloadJson))).ToList();
        Assert.Equal(["opened", "resolved"], messages.Select(m => m.Body.GetProperty("transition").GetString()));
        Assert.Equal([Day(7), Day(7).AddMilliseconds(1)], messages.Select(m => m.CreatedAt));
        // the body says what the row's order says: before, both were raised at Day(7)
        Assert.All(messages, m => Assert.Equal(m.CreatedAt, m.Body.GetProperty("raisedAt").GetDateTimeOffset()));
        Assert.Equal(Day(7).AddMilliseconds(1), messages[1].Body.GetProperty("resolution").GetProperty("at").GetDateTimeOffset());
        Assert.Equal("dispense-withdrawn", messages[1].Body.GetProperty("resolution").GetProperty("reason").GetString());
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

    [Fact]
    public void A_stored_item_whose_last_values_are_the_ones_read_is_not_written()
    {
        var read = new RegimenItemRecord
        {
            Id = 11, PatientId = 1, Kind = "medication", ItemKey = "D-1", Status = "completed", ProductText = "Zoloft 50 mg tablet",
            StartedAt = Day(0), EffectiveAt = Day(0), UpdatedAt = Day(0), Compacted = true,
        };
        var other = read.Copy();
        other.Id = 12;
        other.ItemKey = "D-2";
        var writes = new RegimenWrites();
        writes.ItemsRead([read, other]);

        // the compacted flag is derived from the patient's summary, not stored: a copy that differs only there is not written
        var live = read.Copy();
        live.Compacted = false;
        writes.ItemWritten(live);
        Assert.Empty(writes.ChangedItems);

        // changed by one decision of the group, changed back by the next: nothing to write
        var stopped = read.Copy();
        stopped.StoppedAt = Day(3);
        writes.ItemWritten(stopped);
        Assert.Equal([11L], writes.ChangedItems.Select(i => i.Id));
        writes.ItemWritten(read.Copy());
        Assert.Empty(writes.ChangedItems);

        // a value that differs from the one read is written
        var withdrawn = other.Copy();
        withdrawn.Withdrawn = true;
        writes.ItemWritten(withdrawn);
        Assert.Equal([12L], writes.ChangedItems.Select(i => i.Id));
    }

    [Fact]
    public void Same_values_compares_every_stored_value()
    {
        // every property but the derived compacted flag and reported stop (not columns: SetBasedFlushTests holds the
        // columns to the model)
        var item = new RegimenItemRecord
        {
            Id = 11, PatientId = 1, Kind = "medication", ItemKey = "D-1", Status = "completed", ProductText = "Zoloft 50 mg tablet",
            StartedAt = Day(0), EffectiveAt = Day(0), UpdatedAt = Day(0),
        };
        Assert.True(item.SameValues(item.Copy()));
        foreach (var property in typeof(RegimenItemRecord).GetProperties().Where(p => p.CanWrite && p.Name is not (nameof(RegimenItemRecord.Compacted) or nameof(RegimenItemRecord.ReportedStop))))
        {
            var changed = item.Copy();
            object value = property.PropertyType switch
            {
                var t when t == typeof(long) => 99L,
                var t when t == typeof(string) => "other",
                var t when t == typeof(bool) => !(bool)property.GetValue(item)!,
                var t when t == typeof(DateTimeOffset) || t == typeof(DateTimeOffset?) => Day(5),
                var t when t == typeof(int?) => 7,
                var t when t == typeof(Guid) => Guid.NewGuid(),
                var t => throw new InvalidOperationException($"no other value for {t}"),
            };
            property.SetValue(changed, value);
            Assert.False(item.SameValues(changed), property.Name);
        }
    }
}
