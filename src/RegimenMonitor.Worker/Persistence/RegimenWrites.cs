using RegimenMonitor.Worker.Evaluation;

namespace RegimenMonitor.Worker.Persistence;

/// <summary>
/// What a group's changes write besides findings and outbox rows, collected as they are applied (the patients and
/// their items are read without change tracking): inbox rows, patients whose version moved (with the version read,
/// checked on write), items inserted and items replaced or re-normalised. <see cref="SetBasedFlush"/> writes it.
/// </summary>
internal sealed class RegimenWrites
{
    private readonly Dictionary<long, (PatientRecord Patient, int ReadVersion)> _patients = [];
    private readonly HashSet<RegimenItemRecord> _newItems = new(ReferenceEqualityComparer.Instance);
    private readonly HashSet<RegimenItemRecord> _changedItems = new(ReferenceEqualityComparer.Instance);

    public List<ProcessedEvent> Events { get; } = [];

    public IEnumerable<(PatientRecord Patient, int ReadVersion)> Patients => _patients.Values;

    public int PatientCount => _patients.Count;

    /// <summary>Items not in the database yet (id 0), with their final values.</summary>
    public IReadOnlyCollection<RegimenItemRecord> NewItems => _newItems;

    /// <summary>Stored items whose values changed.</summary>
    public IReadOnlyCollection<RegimenItemRecord> ChangedItems => _changedItems;

    public bool IsEmpty => Events.Count == 0 && _patients.Count == 0 && _newItems.Count == 0 && _changedItems.Count == 0;

    /// <summary>Bumps the patient's version; the first bump in a group remembers the version read, which the write checks.</summary>
    public void Bump(PatientRecord patient, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(patient);
        _patients.TryAdd(patient.Id, (patient, patient.Version));
        patient.Version++;
        patient.UpdatedAt = now;
    }

    /// <summary>Marks the items <paramref name="evaluator"/> is about to (re)normalise: it stores the result on the item.</summary>
    public void ItemsNormalisedBy(RegimenEvaluator evaluator, IEnumerable<RegimenItemRecord> items)
    {
        ArgumentNullException.ThrowIfNull(evaluator);
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            // the evaluation skips withdrawn items
            if (!item.Withdrawn && !evaluator.IsNormalised(item))
            {
                ItemWritten(item);
            }
        }
    }

    public void ItemWritten(RegimenItemRecord item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Id == 0)
        {
            _newItems.Add(item);
        }
        else
        {
            _changedItems.Add(item);
        }
    }
}
