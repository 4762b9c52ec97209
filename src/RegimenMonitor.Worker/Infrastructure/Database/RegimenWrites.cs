using Microsoft.EntityFrameworkCore;

namespace RegimenMonitor.Worker.Infrastructure.Database;

/// <summary>
/// What a group's decisions write, collected in order (Regimens/DecisionWrites): inbox rows, patients whose version moved
/// (with the version read, checked on write), items inserted and items replaced or re-normalised, findings inserted and
/// updated, outbox rows. A later decision of the same patient in the group supersedes what an earlier one wrote for the
/// same item or finding (the last values are written once). <see cref="SetBasedFlush"/> writes the rows
/// <see cref="IsEmpty"/> counts; the findings and outbox rows go through EF (<see cref="TrackFindingsAndAlerts"/>).
/// </summary>
internal sealed class RegimenWrites
{
    private readonly Dictionary<long, (PatientRecord Patient, int ReadVersion)> _patients = [];
    private readonly Dictionary<(long PatientId, string Kind, string ItemKey), RegimenItemRecord> _newItems = [];
    private readonly Dictionary<long, RegimenItemRecord> _changedItems = [];
    private readonly Dictionary<long, RegimenItemRecord> _itemsRead = [];
    private readonly Dictionary<Guid, FindingRecord> _insertedFindings = [];
    private readonly Dictionary<Guid, FindingRecord> _updatedFindings = [];
    private readonly List<OutboxMessage> _alerts = [];
    private readonly Dictionary<Guid, DateTimeOffset> _lastOfAlert = [];

    public List<ProcessedEvent> Events { get; } = [];

    public IEnumerable<(PatientRecord Patient, int ReadVersion)> Patients => _patients.Values;

    public int PatientCount => _patients.Count;

    /// <summary>Items not in the database yet (id 0), with their final values.</summary>
    public IReadOnlyCollection<RegimenItemRecord> NewItems => _newItems.Values;

    /// <summary>Stored items whose values changed.</summary>
    public IReadOnlyCollection<RegimenItemRecord> ChangedItems => _changedItems.Values;

    /// <summary>Findings opened in this group, with their final values.</summary>
    public IReadOnlyCollection<FindingRecord> InsertedFindings => _insertedFindings.Values;

    /// <summary>Stored findings with new values.</summary>
    public IReadOnlyCollection<FindingRecord> UpdatedFindings => _updatedFindings.Values;

    public IReadOnlyList<OutboxMessage> Alerts => _alerts;

    /// <summary>True when there is no inbox row, patient or item to write (findings and outbox rows aside).</summary>
    public bool IsEmpty => Events.Count == 0 && _patients.Count == 0 && _newItems.Count == 0 && _changedItems.Count == 0;

    /// <summary>An inbox row to insert.</summary>
    public void Inbox(ProcessedEvent row)
    {
        ArgumentNullException.ThrowIfNull(row);
        Events.Add(row);
    }

    /// <summary>
    /// A patient's new version, checked on write against the version read: the first bump of a patient in a group
    /// holds the version read (<paramref name="expectedVersion"/>), later ones only move the values written.
    /// </summary>
    public void BumpPatient(
        long patientId, string patientRef, int expectedVersion, int newVersion, DateTimeOffset updatedAt, DateTimeOffset? nextReviewAt, string? historyJson)
    {
        var readVersion = _patients.TryGetValue(patientId, out var earlier) ? earlier.ReadVersion : expectedVersion;
        var row = new PatientRecord
        {
            Id = patientId, PatientRef = patientRef, Version = newVersion, UpdatedAt = updatedAt, NextReviewAt = nextReviewAt, HistoryJson = historyJson,
        };
        _patients[patientId] = (row, readVersion);
    }

    /// <summary>A new finding; a later call for the same alert id replaces an earlier one.</summary>
    public void FindingInserted(FindingRecord finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        _insertedFindings[finding.AlertId] = finding;
    }

    /// <summary>A changed finding; one opened earlier in this group is inserted with its last values instead.</summary>
    public void FindingUpdated(FindingRecord finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        (_insertedFindings.ContainsKey(finding.AlertId) ? _insertedFindings : _updatedFindings)[finding.AlertId] = finding;
    }

    /// <summary>
    /// Outbox rows to insert. The dispatcher sends in <c>created_at</c> order, so when one transaction writes several
    /// messages of one alert (its <c>opened</c>, then the <c>severity-raised</c> or <c>resolved</c> of a later event of
    /// the same group), each is stamped at least a millisecond (SQLite's precision) after the one before, and the claim
    /// keeps their order. <paramref name="restamp"/> moves such a row's message to its new instant as well (its
    /// <c>raisedAt</c>), so a consumer that orders an alert's messages by <c>raisedAt</c> can order these too.
    /// </summary>
    public void AlertsWritten(IEnumerable<OutboxMessage> rows, Action<OutboxMessage, DateTimeOffset> restamp)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(restamp);
        foreach (var row in rows)
        {
            if (_lastOfAlert.TryGetValue(row.AlertId, out var before) && row.CreatedAt < before.AddMilliseconds(1))
            {
                restamp(row, before.AddMilliseconds(1));
            }

            _lastOfAlert[row.AlertId] = row.CreatedAt;
            _alerts.Add(row);
        }
    }

    /// <summary>
    /// The resolution messages written earlier in this group for <paramref name="alertIds"/>, which a later decision of the
    /// group found again (Regimens/PatientSnapshot.ClosedInGroup): not written, so the alert was never resolved.
    /// </summary>
    public void ResolutionsWithdrawn(IReadOnlyCollection<Guid> alertIds)
    {
        ArgumentNullException.ThrowIfNull(alertIds);
        if (alertIds.Count > 0)
        {
            _alerts.RemoveAll(row => row.Status == "resolved" && alertIds.Contains(row.AlertId));
        }
    }

    /// <summary>Bumps the patient's version; the first bump in a group remembers the version read, which the write checks.</summary>
    public void Bump(PatientRecord patient, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(patient);
        _patients.TryAdd(patient.Id, (patient, patient.Version));
        patient.Version++;
        patient.UpdatedAt = now;
    }

    /// <summary>
    /// Stored items as the group read them: a stored item whose last values written equal these is not written (a
    /// flag changed and changed back within the group, for example).
    /// </summary>
    public void ItemsRead(IEnumerable<RegimenItemRecord> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            if (item.Id > 0)
            {
                _itemsRead.TryAdd(item.Id, item);
            }
        }
    }

    /// <summary>An item to write with its current values; a later call for the same item replaces an earlier one.</summary>
    public void ItemWritten(RegimenItemRecord item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Id == 0)
        {
            _newItems[(item.PatientId, item.Kind, item.ItemKey)] = item;
        }
        else if (_itemsRead.TryGetValue(item.Id, out var read) && read.SameValues(item))
        {
            _changedItems.Remove(item.Id);
        }
        else
        {
            _changedItems[item.Id] = item;
        }
    }

    /// <summary>
    /// Hands the findings and outbox rows to EF, to be saved with the group's other writes (<see cref="SetBasedFlush"/>):
    /// new ones added, updated ones copied onto the tracked row read for the group (only the columns that changed are
    /// written) or, when the row is not tracked, attached as modified.
    /// </summary>
    public void TrackFindingsAndAlerts(RegimenDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (_updatedFindings.Count > 0)
        {
            var tracked = db.ChangeTracker.Entries<FindingRecord>().Where(e => e.State != EntityState.Added).ToDictionary(e => e.Entity.Id);
            foreach (var finding in _updatedFindings.Values)
            {
                if (tracked.TryGetValue(finding.Id, out var entry))
                {
                    entry.CurrentValues.SetValues(finding);
                }
                else
                {
                    db.Findings.Update(finding);
                }
            }
        }

        db.Findings.AddRange(_insertedFindings.Values);
        db.Outbox.AddRange(_alerts);
    }
}
