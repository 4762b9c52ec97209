using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// How one change updates a regimen's items: insert, replace by key, withdraw, or ignore as stale. Shared by the
/// regimen decision (<see cref="Next"/>, on copies) and the <c>evaluate</c> verb (in memory, on its own list) so both
/// see the same regimen.
/// </summary>
internal static class RegimenItemUpdate
{
    /// <summary>
    /// Applies <paramref name="change"/> to the verb's own in-memory <paramref name="items"/>, in place:
    /// <paramref name="existing"/> is the item of the same kind and key the caller looked up (null when there is none;
    /// a caller that indexes its items by key applies a long history in linear time); <paramref name="touched"/> is the
    /// item inserted or replaced (null when stale). The regimen decision uses <see cref="Next"/>, which copies.
    /// </summary>
    public static ApplyOutcome Apply(List<RegimenItemRecord> items, RegimenItemRecord? existing, RegimenChange change, DateTimeOffset now, out RegimenItemRecord? touched)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(change);
        touched = null;
        var reports = Reports(existing, change);
        if (existing is not null && IsOlderThan(change, existing))
        {
            if (!InsertOlder(reports, change))
            {
                return ApplyOutcome.Stale;
            }

            SetStart(existing, reports!, now);
            touched = existing;
            return ApplyOutcome.Applied;
        }

        InsertNewest(reports, change);
        var item = existing;
        if (item is null)
        {
            item = New(change);
            items.Add(item);
        }

        Update(item, existing, change, reports, now);
        touched = item;
        return ApplyOutcome.Applied;
    }

    /// <summary>
    /// The item <paramref name="change"/> leaves, as a new record (<paramref name="updated"/>, null when the change is
    /// stale): <paramref name="existing"/> (the stored item of the same kind and key, null when there is none) is copied,
    /// never changed. The item's patient id is the caller's to set.
    /// </summary>
    public static ApplyOutcome Next(RegimenItemRecord? existing, RegimenChange change, DateTimeOffset now, out RegimenItemRecord? updated)
    {
        ArgumentNullException.ThrowIfNull(change);
        updated = null;
        var reports = Reports(existing, change);
        if (existing is not null && IsOlderThan(change, existing))
        {
            if (!InsertOlder(reports, change))
            {
                return ApplyOutcome.Stale;
            }

            updated = existing.Copy();
            SetStart(updated, reports!, now);
            return ApplyOutcome.Applied;
        }

        InsertNewest(reports, change);
        updated = existing?.Copy() ?? New(change);
        Update(updated, existing, change, reports, now);
        return ApplyOutcome.Applied;
    }

    public static string KindName(RegimenItemKind kind) => kind == RegimenItemKind.Medication ? "medication" : "supplement";

    /// <summary>
    /// Corrections of one item are ordered by the event's own timestamp, except that two whole-number versions of the
    /// same FHIR resource whose times tie, or of which one carried no <c>meta.lastUpdated</c>, are ordered by their
    /// versions. At the same timestamp a withdrawal wins over a plain update (a withdrawal is final for that version of the
    /// item); otherwise the later arrival wins. One rule, <see cref="StatementReports.Older"/>, which a statement's kept
    /// reports follow too.
    /// </summary>
    private static bool IsOlderThan(RegimenChange change, RegimenItemRecord item) =>
        StatementReports.Older(StatementReports.Of(change), StatementReports.OfItem(item));

    private static RegimenItemRecord New(RegimenChange change) =>
        new() { Kind = KindName(change.Kind), ItemKey = change.ItemKey, Status = change.Status, ProductText = change.ProductText };

    /// <summary>
    /// The reports of the supplement statement <paramref name="existing"/> keeps (<see cref="StatementReports"/>; an empty
    /// list for a new one), or null for a dispense: a statement's start is folded from its reports in the order of their
    /// times, so an older report arriving after newer ones gives the start it would have left in order (the consumers take
    /// messages concurrently; found by an independent fault probe, then by a random check of report orders).
    /// </summary>
    private static List<StatementReports.Report>? Reports(RegimenItemRecord? existing, RegimenChange change) =>
        change.Kind != RegimenItemKind.Supplement ? null
        : existing is null ? []
        : existing.Kind == "supplement" ? StatementReports.Read(existing)
        : null;

    /// <summary>Sets <paramref name="item"/> (the existing item or a copy of it, or a new one) from the change.</summary>
    private static void Update(RegimenItemRecord item, RegimenItemRecord? existing, RegimenChange change, List<StatementReports.Report>? reports, DateTimeOffset now)
    {
        if (existing is not null && change.Withdraws && change.Kind == RegimenItemKind.Medication)
        {
            Withdraw(item, change, now);
            return;
        }

        Set(item, change, now);
        if (reports is not null)
        {
            SetStart(item, reports, now);
        }
    }

    /// <summary>
    /// Adds an older report of a statement where its time puts it (false when it cannot change the start: stale, as for
    /// a dispense, whose <paramref name="reports"/> are null). A report that contradicts another of the statement is
    /// refused (<see cref="StatementReports.Contradiction"/>) before anything is changed.
    /// </summary>
    private static bool InsertOlder(List<StatementReports.Report>? reports, RegimenChange change)
    {
        var report = StatementReports.Of(change);
        if (reports is null || !StatementReports.Insert(reports, report, newest: false))
        {
            return false;
        }

        ThrowIfContradicted(reports, report, change);
        return true;
    }

    /// <summary>
    /// Adds the newest report of a statement at the end (the item's order decided it; not again when the same is kept
    /// already), refusing it when it contradicts another, before anything is changed.
    /// </summary>
    private static void InsertNewest(List<StatementReports.Report>? reports, RegimenChange change)
    {
        if (reports is null)
        {
            return;
        }

        // checked only when added: the same report kept already (sent again under another event id) was checked then,
        // or stored before the check existed, and changes nothing now
        var report = StatementReports.Of(change);
        if (StatementReports.Insert(reports, report, newest: true))
        {
            ThrowIfContradicted(reports, report, change);
        }
    }

    private static void ThrowIfContradicted(List<StatementReports.Report> reports, StatementReports.Report report, RegimenChange change)
    {
        if (StatementReports.Contradiction(reports, report) is { } reason)
        {
            throw new InvalidEventException(reason) { EventId = change.EventId };
        }
    }

    /// <summary>The start <paramref name="reports"/> leave in order, its source, and the reports themselves, set on the item.</summary>
    private static void SetStart(RegimenItemRecord item, List<StatementReports.Report> reports, DateTimeOffset now)
    {
        var (start, source) = StatementReports.Fold(reports);
        if (item.StartedAt != start)
        {
            item.StartedAt = start;
        }

        item.DetailsJson = StatementReports.With(item, source, reports);
        item.UpdatedAt = now;
    }

    /// <summary>
    /// A withdrawal of a known dispense withdraws what was dispensed: the item keeps its product, codes, start,
    /// supply and details, and takes the withdrawal's status, time, event and FHIR version. A reversal feed that names
    /// another product (or none the same way) so cannot make a withdrawn Zoloft dispense read as a withdrawn Ultram in
    /// <c>inspect</c> and in the resolution that names it (found by an independent edge probe).
    /// </summary>
    private static void Withdraw(RegimenItemRecord item, RegimenChange change, DateTimeOffset now)
    {
        item.Status = change.Status;
        item.Withdrawn = true;
        item.EffectiveAt = change.EffectiveAt;
        item.SourceEventId = change.EventId;
        item.DetailsJson = ResourceVersion.Carry(item.DetailsJson, change.DetailsJson);
        item.UpdatedAt = now;
    }

    private static void Set(RegimenItemRecord item, RegimenChange change, DateTimeOffset now)
    {
        // what the product maps to depends on its text, its codes and, for a dispense, its directions (the route: "into
        // the ear" is not by mouth); a correction of any of them maps it again (found by an independent edge probe: a
        // correction of the directions alone kept the old route, and an absorption alert never opened)
        if (item.ProductText != change.ProductText || item.Atc != change.Atc || item.Rxnorm != change.Rxnorm || item.Ndc != change.Ndc
            || (change.Kind == RegimenItemKind.Medication && RegimenEvaluator.Directions(item.DetailsJson) != RegimenEvaluator.Directions(change.DetailsJson)))
        {
            item.Ingredients = null;
            item.NormalisedWith = null;
        }

        item.Status = change.Status;
        item.Withdrawn = change.Withdraws;
        item.ProductText = change.ProductText;
        item.Atc = change.Atc;
        item.Rxnorm = change.Rxnorm;
        item.Ndc = change.Ndc;
        item.StartedAt = change.StartedAt;
        item.DaysSupply = change.DaysSupply;
        item.DaysSupplyAssumed = change.DaysSupplyAssumed;
        item.StoppedAt = change.StoppedAt;
        item.EffectiveAt = change.EffectiveAt;
        item.SourceEventId = change.EventId;
        item.DetailsJson = change.DetailsJson;
        item.UpdatedAt = now;
    }
}
