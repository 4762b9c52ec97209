using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Infrastructure.Database;

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
        if (existing is not null && IsOlderThan(change, existing))
        {
            if (!FillsStart(existing, change))
            {
                return ApplyOutcome.Stale;
            }

            FillStart(existing, change, now);
            touched = existing;
            return ApplyOutcome.Applied;
        }

        var item = existing;
        if (item is null)
        {
            item = New(change);
            items.Add(item);
        }

        Update(item, existing, change, now);
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
        if (existing is not null && IsOlderThan(change, existing))
        {
            if (!FillsStart(existing, change))
            {
                return ApplyOutcome.Stale;
            }

            updated = existing.Copy();
            FillStart(updated, change, now);
            return ApplyOutcome.Applied;
        }

        updated = existing?.Copy() ?? New(change);
        Update(updated, existing, change, now);
        return ApplyOutcome.Applied;
    }

    public static string KindName(RegimenItemKind kind) => kind == RegimenItemKind.Medication ? "medication" : "supplement";

    /// <summary>
    /// Corrections of one item are ordered by the event's own timestamp, except that two whole-number versions of the
    /// same FHIR resource whose times tie, or of which one carried no <c>meta.lastUpdated</c>, are ordered by their
    /// versions (<see cref="VersionOrder"/>). At the same timestamp a withdrawal wins over a plain update (a withdrawal is
    /// final for that version of the item); otherwise the later arrival wins.
    /// </summary>
    private static bool IsOlderThan(RegimenChange change, RegimenItemRecord item) =>
        VersionOrder(change, item) is { } order
            ? order < 0
            : change.EffectiveAt < item.EffectiveAt || (change.EffectiveAt == item.EffectiveAt && item.Withdrawn && !change.Withdraws);

    /// <summary>
    /// The order of two versions of one FHIR resource when their versions decide it (<see cref="ResourceVersion"/>): their
    /// times tie, or one of them carried no <c>meta.lastUpdated</c>; null when the times decide.
    /// </summary>
    private static int? VersionOrder(RegimenChange change, RegimenItemRecord item) =>
        ResourceVersion.Compare(change.DetailsJson, item.DetailsJson) is var (order, bothTimed) && order != 0
        && (!bothTimed || change.EffectiveAt == item.EffectiveAt)
            ? order
            : null;

    private static RegimenItemRecord New(RegimenChange change) =>
        new() { Kind = KindName(change.Kind), ItemKey = change.ItemKey, Status = change.Status, ProductText = change.ProductText };

    /// <summary>Sets <paramref name="item"/> (the existing item or a copy of it, or a new one) from the change.</summary>
    private static void Update(RegimenItemRecord item, RegimenItemRecord? existing, RegimenChange change, DateTimeOffset now)
    {
        if (existing is not null && change.Withdraws && change.Kind == RegimenItemKind.Medication)
        {
            // a statement's withdrawal stays an update (its start takes part in the order rules of FillsStart)
            Withdraw(item, change, now);
            return;
        }

        // a statement that gave no start keeps the earlier start of the item it replaces, and where that start came from;
        // a stop that gave none keeps any start before the stop (the day before the stop is only its fallback: found by
        // an independent fault probe, a stop an hour after a report without startedOn moved the start back 23 hours)
        var keepStart = existing is not null && change.StartInferred
            && (existing.StartedAt < change.StartedAt || (change.StartBeforeStop && existing.StartedAt < change.StoppedAt));
        var previousStart = item.StartedAt;
        var previousDetails = item.DetailsJson; // read only when the start is kept (a statement restated without one)
        Set(item, change, now);
        if (keepStart)
        {
            item.StartedAt = previousStart;
            item.DetailsJson = StatementStart.WithSource(item.DetailsJson, StatementStart.Source(previousDetails));
        }
    }

    /// <summary>
    /// Whether an older statement, arriving after a newer one set the item, still decides the item's start: the start
    /// it would have left had it arrived in order (<see cref="Update"/>: a newer statement without <c>startedOn</c> keeps
    /// the earlier start). A report of a start followed by a stop without <c>startedOn</c> so gives one period whichever
    /// of the two the worker applies first (the consumers take messages concurrently). Only statements whose start's
    /// source is recorded (<see cref="StatementStart"/>). Withdrawals too: a withdrawn item's start counts for nothing
    /// while it stays withdrawn, but a newer report without <c>startedOn</c> keeps it, as in order.
    /// </summary>
    private static bool FillsStart(RegimenItemRecord item, RegimenChange change)
    {
        if (change.Kind != RegimenItemKind.Supplement || item.Kind != "supplement")
        {
            return false;
        }

        if (VersionOrder(change, item) is not null)
        {
            // an earlier version of the resource, ordered by its version, not its time: in order, the newer version kept
            // this one's start only where it gave none itself (an inferred start) and this one's was earlier (found by a
            // review: a version-older statement's start replaced the correction's)
            return StatementStart.Source(item.DetailsJson) is { Inferred: true } source
                && (change.StartedAt < item.StartedAt || (source.BeforeStop && BeforeItsStop(change, item)))
                && !KeptByStop(item, change);
        }

        return StatementStart.Source(item.DetailsJson) switch
        {
            // the item's start is the day before a stop reported without one: in order, an older report's start before
            // the stop is the one the stop keeps
            { BeforeStop: true } => change.StartedAt < item.StartedAt || BeforeItsStop(change, item),
            // the item's start is the time of the report that set it (no startedOn): an earlier start comes first (unless
            // it is a stop's fallback, which in order would have kept this start), and a start given by a report made
            // after that one replaces it, as it would have in order
            { Inferred: true } => (change.StartedAt < item.StartedAt && !KeptByStop(item, change))
                || (!change.StartInferred && change.EffectiveAt > item.StartedAt),
            // the item's start was given by a report older than this one: in order, this one's given start replaces it
            { GivenAt: { } givenAt } => !change.StartInferred && givenAt < change.EffectiveAt && change.StartedAt != item.StartedAt,
            // not recorded (an item stored before the source was): as before, the older report is ignored
            _ => false,
        };
    }

    // the item's start is the day before a stop reported without one (StartBeforeStop): a start an older report gave
    // before that stop is the one the stop would have kept in order, also one at the same instant (its source replaces
    // the fallback's). Another stop's fallback replaces it only when earlier (the first condition of the callers), as in
    // order the later stop keeps the earlier one's. The stop is the start plus a day, as the item's own stop may have
    // gone since (a newer report without one).
    private static bool BeforeItsStop(RegimenChange change, RegimenItemRecord item) =>
        !change.StartBeforeStop && change.StartedAt < item.StartedAt.AddDays(1);

    // an older stop without a start, whose fallback would not have replaced the item's start in order (it lies before the stop)
    private static bool KeptByStop(RegimenItemRecord item, RegimenChange change) =>
        change.StartBeforeStop && item.StartedAt < change.StoppedAt;

    /// <summary>The start of an older statement set on the item (<see cref="FillsStart"/>); nothing else of the item changes.</summary>
    private static void FillStart(RegimenItemRecord item, RegimenChange change, DateTimeOffset now)
    {
        item.StartedAt = change.StartedAt;
        item.DetailsJson = StatementStart.WithSource(item.DetailsJson, StatementStart.Of(change));
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
