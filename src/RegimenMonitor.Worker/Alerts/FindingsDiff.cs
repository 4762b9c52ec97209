using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Alerts;

/// <summary>What one re-evaluation changed: the input of the alert outbox.</summary>
internal sealed class FindingsDiff
{
    public List<FindingRecord> Opened { get; } = [];

    /// <summary>Continuing findings whose severity rose.</summary>
    public List<FindingRecord> Escalated { get; } = [];

    /// <summary>Continuing findings whose severity fell (same alert id, an <c>active</c> message with the new severity).</summary>
    public List<FindingRecord> Lowered { get; } = [];

    /// <summary>Superseded findings reported on their own again (the finding that folded them in ended).</summary>
    public List<FindingRecord> Reinstated { get; } = [];

    /// <summary>
    /// Active findings that continue at the same severity but whose account of the combination changed: its start
    /// (<c>since</c>) moved later, or it went from both products taken to a washout after one ended, or back, or the washout's end
    /// moved, or a product of it ended while another product of the same ingredient goes on (same alert id, an
    /// <c>active</c> message saying what changed).
    /// </summary>
    public List<FindingRecord> Updated { get; } = [];

    /// <summary>Findings whose risk is over; each message states why (<see cref="Notes"/>).</summary>
    public List<FindingRecord> Resolved { get; } = [];

    /// <summary>Findings folded into another; still a risk, reported under the other alert.</summary>
    public List<FindingRecord> Superseded { get; } = [];

    /// <summary>
    /// Findings an earlier change of the same group closed and this change found again: they continue under their alert
    /// id and the earlier change's resolution is never written or sent (counted apart, not an alert of this diff).
    /// </summary>
    public List<FindingRecord> Withdrawn { get; } = [];

    /// <summary>Every record that left the patient's open findings (resolved, or a superseded one closed silently).</summary>
    public List<FindingRecord> Closed { get; } = [];

    /// <summary>What each message must say beyond the finding itself.</summary>
    public Dictionary<FindingRecord, AlertNote> Notes { get; } = new(ReferenceEqualityComparer.Instance);

    public int Continuing { get; set; }

    /// <summary>
    /// When a finding the engine no longer raises, kept open because a product of it was corrected to one that maps to
    /// nothing (FindingsReconciler), must be looked at again: the earliest end of the unreadable products keeping them.
    /// </summary>
    public DateTimeOffset? ReviewBy { get; set; }

    public bool IsEmpty => AlertCount == 0;

    /// <summary>How many alerts this diff writes.</summary>
    public int AlertCount => Opened.Count + Escalated.Count + Lowered.Count + Reinstated.Count + Updated.Count + Resolved.Count + Superseded.Count;

    /// <summary>Takes <paramref name="record"/> out of every list: nothing is said of it.</summary>
    public void Forget(FindingRecord record)
    {
        foreach (var list in new[] { Opened, Escalated, Lowered, Reinstated, Updated, Resolved, Superseded, Closed })
        {
            list.RemoveAll(f => ReferenceEquals(f, record));
        }

        Notes.Remove(record);
    }

    public AlertNote Note(FindingRecord record)
    {
        if (!Notes.TryGetValue(record, out var note))
        {
            note = new AlertNote();
            Notes[record] = note;
        }

        return note;
    }
}

/// <summary>The transition-specific part of one alert message.</summary>
internal sealed class AlertNote
{
    public string? PreviousSeverity { get; set; }

    public AlertResolution? Resolution { get; set; }

    /// <summary>For a superseded finding: the record that now covers it.</summary>
    public FindingRecord? SupersededBy { get; set; }

    /// <summary>For a finding that folds others in: their alert ids.</summary>
    public List<Guid> Supersedes { get; } = [];

    /// <summary>For an updated finding: the start the alert reported before (null when it did not move).</summary>
    public DateTimeOffset? PreviousSince { get; set; }

    /// <summary>For an updated finding: whether the washout changed, and the end of the window the alert reported before (null: none).</summary>
    public bool WashoutChanged { get; set; }

    public DateTimeOffset? PreviousWashoutUntil { get; set; }

    /// <summary>
    /// For an updated finding: products it named (or that carried one of its ingredients and changed in this decision)
    /// that were stopped, withdrawn or corrected away while another product of the same ingredient keeps the combination
    /// (a patient-reported St John's wort stopped while a pharmacist-reported extract goes on). Empty: none.
    /// </summary>
    public List<AlertEndedProduct> HandedOver { get; } = [];

    /// <summary>
    /// For an updated finding the engine no longer raises: the record of it this decision corrected to a product that maps
    /// to no ingredient, so nothing says the combination ended and the alert stays open (FindingsReconciler).
    /// </summary>
    public UnreadableCorrection? CorrectedToUnreadable { get; set; }

    /// <summary>
    /// For an updated finding kept open by an unreadable product: the record an earlier <c>updated</c> named as corrected
    /// to a product that maps to nothing (<see cref="UnreadableCorrection.WasProductText"/>), corrected to another text
    /// that maps to nothing (<see cref="UnreadableCorrection.ProductText"/>), which the care team is now to confirm.
    /// </summary>
    public UnreadableCorrection? UnreadableReplaced { get; set; }

    /// <summary>
    /// For an active finding (updated, re-graded or reinstated) or one folded into another: the record an earlier
    /// <c>updated</c> named as corrected to a product that maps to nothing, corrected back to a product of the combination
    /// (<see cref="UnreadableCorrection.WasProductText"/> is the unreadable text, <see cref="UnreadableCorrection.ProductText"/>
    /// the product it says now). Whatever this decision sends for the finding says so.
    /// </summary>
    public UnreadableCorrection? CorrectedBack { get; set; }

    /// <summary>
    /// For an opened finding: the care team's or pharmacist's stop whose withdrawal or correction gave its dispense back
    /// (the alert that stop resolved named the same statement).
    /// </summary>
    public RestoredStop? Restored { get; set; }

    /// <summary>
    /// For a resolved finding: the item (dispenseId) a correction in this decision shortened, so its supply is over (the
    /// resolution says so: the date it ran out can lie before the alert was raised).
    /// </summary>
    public string? Shortened { get; set; }

    /// <summary>For a reinstated finding: the alert that had covered it.</summary>
    public Guid? WasSupersededBy { get; set; }

    /// <summary>For a resolved finding: the active finding that still reports the rest of its combination.</summary>
    public FindingRecord? ContinuedIn { get; set; }

    /// <summary>
    /// For a resolved finding: one of its records was withdrawn or corrected (named in the resolution's <c>ended</c>)
    /// while every product it involves is still taken (an earlier dispense withdrawn: the use is shorter than the rule
    /// asks), so the alert does not say the combination left the regimen.
    /// </summary>
    public bool StillTaken { get; set; }

    /// <summary>
    /// For a resolved finding whose products are all still taken and none of whose records changed: the product this
    /// decision added or changed (folic acid beside methotrexate), so the alert does not say that nothing changed.
    /// </summary>
    public AddedProduct? Added { get; set; }
}

/// <summary>A record of an open alert corrected to a product that maps to nothing: <see cref="AlertNote.CorrectedToUnreadable"/>.</summary>
internal sealed record UnreadableCorrection(string Kind, string ItemId, string Ingredient, string WasProductText, string ProductText)
{
    /// <summary>
    /// For a correction back: another current record of the patient still says <see cref="WasProductText"/>, so it stays
    /// among the products the alert could not check.
    /// </summary>
    public bool StillUnchecked { get; init; }
}

/// <summary>A reported stop withdrawn or corrected: <see cref="AlertNote.Restored"/>.</summary>
internal sealed record RestoredStop(string StatementId, string ProductText, string Source, DateTimeOffset StoppedAt, bool Withdrawn)
{
    /// <summary>Whether what counts again is a dispensed supply (else an earlier report of the product).</summary>
    public bool Dispensed { get; init; } = true;
}

/// <summary>A product a decision added or changed, which ended a finding whose own products are all still taken.</summary>
internal sealed record AddedProduct(string ProductText, string Kind, DateTimeOffset At);
