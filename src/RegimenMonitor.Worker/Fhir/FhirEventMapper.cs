using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Regimens;

using R4 = Hl7.Fhir.Model;

namespace RegimenMonitor.Worker.Fhir;

/// <summary>
/// The ingredients (canonical names, sorted) a product text and its codes map to, as the regimen evaluator reads the
/// product (<see cref="RegimenEvaluator.Explain(string, string?, string?, string?, string?)"/>); empty when nothing is
/// recognised.
/// </summary>
internal delegate IReadOnlyList<string> ProductIngredients(string text, string? atc, string? rxnorm, string? ndc);

/// <summary>
/// What one FHIR message means: the regimen changes to apply, the resources that put nothing on hand, and for a
/// subscription notification its type (<c>event-notification</c>, <c>heartbeat</c>, …; empty when not given).
/// <see cref="AllOrNothing"/>: its changes are applied in one transaction, none when one is refused by what is stored
/// (a <c>transaction</c> Bundle; the others' entries are applied one by one once the whole message is valid).
/// </summary>
internal sealed record FhirMapping(IReadOnlyList<RegimenChange> Changes, int NotOnHand, string? Notification = null, IReadOnlyList<string>? Refused = null,
    IReadOnlyDictionary<Guid, string>? Paths = null, bool AllOrNothing = false)
{
    /// <summary>The reason that ends the refusal of a Bundle that stands or falls whole (a transaction).</summary>
    public const string NothingApplied = "nothing of this Bundle was applied: a transaction is applied whole or not at all";

    /// <summary>A batch's entries refused one by one (the reasons), while its other entries are applied.</summary>
    public IReadOnlyList<string> Refused { get; } = Refused ?? [];

    /// <summary>Where a change's resource is in the message (<c>Bundle.entry[1].resource</c>, or the resource type), or null.</summary>
    public string? PathOf(RegimenChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        return Paths?.GetValueOrDefault(change.EventId);
    }

    /// <summary>
    /// A refusal of <paramref name="change"/> by what was stored before, naming its entry (found by an independent edge
    /// probe: in a Bundle of many statements the reason did not say which was refused).
    /// </summary>
    public string Named(RegimenChange change, string failure)
    {
        ArgumentNullException.ThrowIfNull(failure);
        return PathOf(change) is { } path && !failure.StartsWith(path, StringComparison.Ordinal) ? $"{path}: {failure}" : failure;
    }
}

/// <summary>
/// Maps FHIR R4 <c>MedicationDispense</c> and <c>MedicationStatement</c> resources (alone or in a collection,
/// transaction, batch or history Bundle — an R4 subscription notification is a history Bundle) to the wire contract's
/// <see cref="MedicationDispensed"/> / <see cref="SupplementReported"/> and then through <see cref="EventMapper"/>, so a
/// FHIR resource is validated and becomes exactly the <see cref="RegimenChange"/> its native equivalent would. Failures
/// name FHIRPaths (<c>Bundle.entry[2].resource.subject</c>), never values; a Bundle with one invalid entry is rejected
/// whole, except a batch's, refused alone while the others are applied (<see cref="FhirMapping.Refused"/>). Pure: the time of receipt is an argument (used only when a resource carries no timestamp at all).
/// The mapping tables are in docs/fhir.md.
/// </summary>
internal static class FhirEventMapper
{
    public const string RxNormSystem = "http://www.nlm.nih.gov/research/umls/rxnorm";
    public const string NdcSystem = "http://hl7.org/fhir/sid/ndc";
    public const string AtcSystem = "http://www.whocc.no/atc";

    private static readonly R4.Bundle.BundleType[] AcceptedBundles =
    [
        R4.Bundle.BundleType.Collection, R4.Bundle.BundleType.Transaction, R4.Bundle.BundleType.Batch,
        R4.Bundle.BundleType.History, R4.Bundle.BundleType.Searchset, R4.Bundle.BundleType.Message,
    ];

    /// <param name="json">The body.</param>
    /// <param name="receivedAt">This service's clock when the body arrived.</param>
    /// <param name="defaultDaysSupply">Regimen:DefaultDaysSupply.</param>
    /// <param name="maxFutureSkew">Regimen:MaxFutureSkew (null: its default): how far a resource's own time may lie ahead.</param>
    /// <param name="ingredients">How the evaluator reads a product (null: the embedded knowledge base alone), to tell
    /// codings of one CodeableConcept that name different products (<see cref="CodingsAgree"/>).</param>
    public static FhirMapping Map(string json, DateTimeOffset receivedAt, int defaultDaysSupply, TimeSpan? maxFutureSkew = null, ProductIngredients? ingredients = null)
    {
        var read = FhirJson.Read(json);
        return Map(read.Resource, receivedAt, defaultDaysSupply, maxFutureSkew, read.RefusedEntries, ingredients);
    }

    /// <summary>
    /// Maps a read resource. <c>unread</c>: a batch's entries the strict reader refused (<see cref="FhirJson.Read"/>),
    /// refused with these reasons while the others are applied.
    /// </summary>
    public static FhirMapping Map(R4.Resource resource, DateTimeOffset receivedAt, int defaultDaysSupply, TimeSpan? maxFutureSkew = null,
        IReadOnlyDictionary<int, IReadOnlyList<string>>? unread = null, ProductIngredients? ingredients = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        ingredients ??= EmbeddedIngredients;
        var limit = new EventTimeLimit(receivedAt, maxFutureSkew ?? new Infrastructure.Configuration.RegimenOptions().MaxFutureSkew);
        var failures = new List<string>();
        var changes = new List<RegimenChange>();
        var refused = new List<string>();
        var paths = new Dictionary<Guid, string>();
        var notOnHand = 0;
        string? notification = null;
        switch (resource)
        {
            case R4.MedicationDispense or R4.MedicationStatement:
                MapOne(resource, resource.TypeName, null, limit, defaultDaysSupply, ingredients, changes, failures, paths, ref notOnHand);
                break;
            case R4.Bundle bundle:
                notification = MapBundle(bundle, limit, defaultDaysSupply, ingredients, changes, failures, refused, unread, paths, ref notOnHand);
                break;
            default:
                failures.Add($"{resource.TypeName} is not accepted: send a MedicationDispense, a MedicationStatement or a Bundle of them");
                break;
        }

        if (failures.Count > 0)
        {
            throw new InvalidEventException(failures);
        }

        // a transaction stands or falls whole, also against what is stored (R4 http.html#transaction); the other Bundle
        // types are validated whole but applied entry by entry: a subscription notification or a collection may carry many
        // patients, and one entry refused by stored data (for good: a redelivery is refused again) must not hold back the
        // others' dispenses and alerts (a review)
        return new FhirMapping(changes, notOnHand, notification, refused, paths, AllOrNothing: resource is R4.Bundle { Type: R4.Bundle.BundleType.Transaction });
    }

    /// <returns>The notification type when the Bundle is a subscription notification (<see cref="NotificationType"/>), else null.</returns>
    private static string? MapBundle(R4.Bundle bundle, EventTimeLimit limit, int defaultDaysSupply, ProductIngredients ingredients, List<RegimenChange> changes, List<string> failures, List<string> refused,
        IReadOnlyDictionary<int, IReadOnlyList<string>>? unread, Dictionary<Guid, string> paths, ref int notOnHand)
    {
        if (bundle.Type is not { } type || !AcceptedBundles.Contains(type))
        {
            failures.Add("Bundle.type must be collection, transaction, batch, history, searchset or message");
            return null;
        }

        if (type == R4.Bundle.BundleType.Message && bundle.Entry.FirstOrDefault()?.Resource is not R4.MessageHeader)
        {
            // bdl-12 ("A message must have a MessageHeader as the first resource"): it says what the message is. Its
            // MedicationDispense and MedicationStatement entries (an NHS EPS dispense notification's, say) are applied
            // as in any Bundle; the MessageHeader, like a Patient, is read for nothing
            failures.Add("Bundle.entry[0].resource must be a MessageHeader in a message Bundle (bdl-12)");
            return null;
        }

        if (RepeatedFullUrls(bundle, type) is { Count: > 0 } repeated)
        {
            // references resolve by fullUrl: with two entries under one, which one a subject means is a guess
            failures.AddRange(repeated);
            return null;
        }

        if (FullUrlsDisagreeing(bundle) is { Count: > 0 } disagreeing)
        {
            // references resolve by fullUrl and by Type/id: an entry under another id than its fullUrl's would be found
            // by either, so whether the publisher includes it would decide which patient a subject names
            failures.AddRange(disagreeing);
            return null;
        }

        if (EntryElementsMisplaced(bundle, type, unread) is { Count: > 0 } misplaced)
        {
            // bdl-1, bdl-3, bdl-4: what the Bundle says it is and what its entries carry disagree, so either may be wrong
            failures.AddRange(misplaced);
            return null;
        }

        if (!string.IsNullOrEmpty(bundle.ImplicitRules))
        {
            // R4 marks it a modifier, as on any resource: the rules could change what every entry means
            failures.Add("Bundle.implicitRules is not understood here (implicit rules can change what the resource means); its value is not logged");
            return null;
        }

        // the Bundle's own uris and its other entries' (a Patient, a Medication): a dispense or statement checks its own
        var outside = new List<string>();
        Uris(bundle, "Bundle", outside, e => e is R4.MedicationDispense or R4.MedicationStatement);
        if (outside.Count > 0)
        {
            failures.AddRange(outside);
            return null;
        }

        // an R4 subscription notification (Subscriptions Backport IG): its first entry is the SubscriptionStatus, read
        // from GET …/$status, and carries nothing to apply; its other entries are the changed resources and, read by
        // GET, the resources they refer to
        var notification = type == R4.Bundle.BundleType.History ? NotificationType(bundle) : null;
        var carriesMedication = bundle.Entry.Any(e => e.Resource is R4.MedicationDispense or R4.MedicationStatement);
        if (notification is "heartbeat" or "handshake" or "query-status" && carriesMedication)
        {
            // the IG gives these no payload: applying it would take a status message for an event, skipping it would lose it
            failures.Add($"Bundle.entry[0].resource is a {notification} SubscriptionStatus, which carries no resources: a MedicationDispense or MedicationStatement is sent in an event-notification");
            return notification;
        }

        var found = 0;
        var mapped = new List<(int Entry, RegimenChange Change)>();
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            // a batch's entries stand alone (R4: "each entry is processed independently"): an invalid one is refused by
            // itself and the others are applied; in any other Bundle one invalid entry refuses the whole message
            var sink = type == R4.Bundle.BundleType.Batch ? new List<string>() : failures;
            try
            {
                var entry = bundle.Entry[i];
                var path = $"Bundle.entry[{i}]";
                if (i == 0 && notification is not null)
                {
                    continue; // the SubscriptionStatus: read for what it is, nothing to apply
                }

                if (type == R4.Bundle.BundleType.Batch && unread?.TryGetValue(i, out var unreadReasons) == true)
                {
                    // the strict reader refused this entry alone (FhirJson.Read): refused as one failing our own checks is
                    sink.AddRange(unreadReasons);
                    continue;
                }

                if (entry.Request?.Method == R4.Bundle.HTTPVerb.GET && notification is not null
                    && entry.Resource is not (null or R4.MedicationDispense or R4.MedicationStatement or R4.Bundle))
                {
                    // a resource a notification includes for context (the Patient of the focus): only used to resolve references
                    continue;
                }

                if (entry.Request?.Method == R4.Bundle.HTTPVerb.DELETE)
                {
                    sink.Add($"{path}.request.method DELETE is not accepted: send the resource with status entered-in-error");
                    continue;
                }

                if (entry.Request?.Method is R4.Bundle.HTTPVerb.GET or R4.Bundle.HTTPVerb.HEAD or R4.Bundle.HTTPVerb.PATCH)
                {
                    // a read carries no resource to apply, and a patch's body is the change, not the resource: read as a
                    // whole resource either would be applied as something it is not
                    sink.Add($"{path}.request.method {entry.Request.Method} is not accepted: a resource is read from POST or PUT entries (or entries without a request)");
                    continue;
                }

                if (entry.Request is { Method: R4.Bundle.HTTPVerb.POST or R4.Bundle.HTTPVerb.PUT } write && entry.Resource is { } written
                    && RequestUrlDisagreeing(write, written, path) is { } urlFailure)
                {
                    sink.Add(urlFailure);
                    continue;
                }

                if (entry.ModifierExtension.Count > 0)
                {
                    sink.Add($"{path}.modifierExtension is not understood here (a modifier extension can change what the entry means); its url is not logged");
                }

                // and on the entry's request, search and response, which say how the entry is read (found by an
                // independent edge probe: accepted and ignored, where docs/fhir.md refuses a modifier on an entry)
                foreach (var (part, element) in new (string, R4.BackboneElement?)[] { ("request", entry.Request), ("search", entry.Search), ("response", entry.Response) })
                {
                    if (element?.ModifierExtension.Count > 0)
                    {
                        sink.Add($"{path}.{part}.modifierExtension is not understood here (a modifier extension can change what the entry means); its url is not logged");
                    }
                }

                switch (entry.Resource)
                {
                    case R4.MedicationDispense or R4.MedicationStatement:
                        found++;
                        var before = changes.Count;
                        MapOne(entry.Resource, path + ".resource", bundle, limit, defaultDaysSupply, ingredients, changes, sink, paths, ref notOnHand);
                        if (changes.Count > before)
                        {
                            mapped.Add((i, changes[^1]));
                        }

                        break;
                    case R4.Bundle:
                        // its resources are not read: skipping it would apply the rest of the Bundle without them
                        sink.Add($"{path}.resource is a Bundle inside a Bundle, which is not read here: send its resources as entries of one Bundle");
                        break;
                    case null when notification is not null && !carriesMedication:
                        // an id-only notification (the IG's earlier form lists the changed resources without them): nothing
                        // to read and nothing applied; the worker never fetches, so it is acknowledged as an empty one is
                        break;
                    case null:
                        // bdl-5: an entry carries its resource (only a batch or transaction response's may not). An id-only
                        // entry, a subscription notification's with id-only content too, has nothing to read, and we never
                        // call back; skipping it would apply the rest of the Bundle without it
                        sink.Add($"{path}.resource is missing: an id-only entry has nothing to read (bdl-5; the worker never fetches a resource)"
                            + (type == R4.Bundle.BundleType.History ? "; subscribe with full-resource content" : string.Empty));
                        break;
                }
            }
            finally
            {
                if (!ReferenceEquals(sink, failures) && sink.Count > 0)
                {
                    // a refused entry applies nothing, even one read before the reason was found (a modifier extension)
                    refused.AddRange(sink);
                    if (mapped.Count > 0 && mapped[^1].Entry == i)
                    {
                        // this entry's change is the last one added (by position: an equal change of another entry may precede it)
                        changes.RemoveAt(changes.Count - 1);
                        mapped.RemoveAt(mapped.Count - 1);
                    }
                }
            }
        }

        if (failures.Count == 0 && SameItemTwice(bundle, mapped) is { Count: > 0 } twice)
        {
            if (type == R4.Bundle.BundleType.Batch)
            {
                // neither entry stands alone: both are refused (applying the first would still leave it to the order)
                refused.AddRange(twice.Select(t => t.Reason));
                var entries = twice.SelectMany(t => new[] { t.First, t.Later }).ToHashSet();
                mapped.RemoveAll(m => entries.Contains(m.Entry));
            }
            else
            {
                failures.AddRange(twice.Select(t => t.Reason));
            }
        }

        if (failures.Count == 0)
        {
            changes.Clear();
            changes.AddRange(NewestVersionFirst(bundle, mapped));
        }

        // a history Bundle may be a subscription handshake or heartbeat: nothing to apply, nothing wrong
        if (found == 0 && type != R4.Bundle.BundleType.History && failures.Count == 0 && refused.Count == 0)
        {
            failures.Add("Bundle.entry holds no MedicationDispense or MedicationStatement");
        }

        return notification;
    }

    /// <summary>
    /// The changes in the order they are applied: the Bundle's, except that the versions of one resource (the same type
    /// and id) take the places they hold among themselves newest first, as a server's <c>history</c> Bundle lists them
    /// (R4 http.html#history). The newest version sets the item and the older ones then find it newer and change
    /// nothing (<see cref="RegimenItemUpdate"/> orders versions the same way, whatever order they come in): applied
    /// oldest first, a tramadol version corrected to acetaminophen in the same Bundle opened a major alert and resolved it
    /// at once (found by an independent edge probe). Newest by <c>meta.versionId</c> when every version has a whole number
    /// there (server-assigned, they count up), else by <c>meta.lastUpdated</c> when every version has one, else as they
    /// come.
    /// </summary>
    private static IEnumerable<RegimenChange> NewestVersionFirst(R4.Bundle bundle, List<(int Entry, RegimenChange Change)> mapped)
    {
        var order = mapped.ToArray();
        var versions = mapped.Select((m, slot) => (m.Entry, Slot: slot, Resource: bundle.Entry[m.Entry].Resource!))
            .Where(v => v.Resource.Id is { Length: > 0 })
            .GroupBy(v => (v.Resource.TypeName, v.Resource.Id))
            .Where(g => g.Count() > 1);
        foreach (var group in versions)
        {
            var list = group.ToList();
            IEnumerable<(int Entry, int Slot, R4.Resource Resource)>? sorted = null;
            if (list.All(v => long.TryParse(v.Resource.Meta?.VersionId, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)))
            {
                sorted = list.OrderByDescending(v => long.Parse(v.Resource.Meta!.VersionId!, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture));
            }
            else if (list.All(v => v.Resource.Meta?.LastUpdated is not null))
            {
                sorted = list.OrderByDescending(v => v.Resource.Meta!.LastUpdated!.Value);
            }

            if (sorted is null)
            {
                continue;
            }

            // OrderByDescending is stable: versions that compare equal keep the Bundle's order
            foreach (var (slot, version) in list.Select(v => v.Slot).Zip(sorted))
            {
                order[slot] = mapped[version.Slot];
            }
        }

        return order.Select(o => o.Change);
    }

    private const string SubscriptionStatusProfile = "http://hl7.org/fhir/uv/subscriptions-backport/StructureDefinition/backport-subscription-status";

    /// <summary>
    /// The notification type (<c>event-notification</c>, <c>heartbeat</c>, <c>handshake</c>, <c>query-status</c>, or
    /// empty when not given) when <paramref name="bundle"/> is an R4 subscription notification of the Subscriptions
    /// Backport IG: its first entry is the SubscriptionStatus, a Parameters with the IG's status profile (R4:
    /// <c>backport-subscription-status-r4</c>) or with the IG's <c>subscription</c> and <c>type</c> parameters, read by
    /// <c>GET …/$status</c> (or without a request). Null otherwise.
    /// </summary>
    private static string? NotificationType(R4.Bundle bundle)
    {
        if (bundle.Entry.Count == 0 || bundle.Entry[0] is not { Resource: R4.Parameters status } first)
        {
            return null;
        }

        if (first.Request is { } request
            && (request.Method != R4.Bundle.HTTPVerb.GET || request.Url?.TrimEnd('/').EndsWith("$status", StringComparison.Ordinal) != true))
        {
            return null;
        }

        var profiled = status.Meta?.Profile.Any(p => p is not null && p.StartsWith(SubscriptionStatusProfile, StringComparison.Ordinal)) == true;
        var type = status.Parameter.FirstOrDefault(p => p.Name == "type");
        if (!profiled && (type is null || !status.Parameter.Any(p => p.Name == "subscription")))
        {
            return null;
        }

        return (type?.Value as R4.Code)?.Value ?? string.Empty;
    }

    /// <summary>
    /// bdl-7 ("FullUrl must be unique in a bundle, or else entries with the same fullUrl must have different
    /// meta.versionId (except in history bundles)"): entries sharing a fullUrl must be versions of one resource, told
    /// apart by their <c>meta.versionId</c>s; two different resources under one fullUrl make any reference to it a guess
    /// (which patient a subject means), and one resource twice without distinct versions left the Bundle's order to
    /// decide which product was kept (found by an independent edge probe: Tylenol then Zoloft opened a major alert, the
    /// other order none). Entries without a fullUrl are keyed by their resource's type and id. A history Bundle may
    /// repeat a resource's versions without versionIds (bdl-7 exempts it) when their <c>meta.lastUpdated</c>s tell them
    /// apart. Named by position, never by value (it may be an identifier).
    /// </summary>
    private static List<string> RepeatedFullUrls(R4.Bundle bundle, R4.Bundle.BundleType type)
    {
        var failures = new List<string>();
        var seen = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            var entry = bundle.Entry[i];
            var byUrl = entry.FullUrl is { Length: > 0 };
            var key = byUrl ? "u " + entry.FullUrl
                : entry.Resource is { Id: { Length: > 0 } id } keyed ? "r " + keyed.TypeName + "/" + id
                : null;
            if (key is null || entry.Resource is null)
            {
                // an entry without a resource (a history Bundle's DELETE, or bdl-5's refusal below) repeats nothing here
                // (found by a review: a later version under its fullUrl compared against it threw)
                continue;
            }

            if (!seen.TryGetValue(key, out var earlier))
            {
                seen.Add(key, [i]);
                continue;
            }

            if (!SameResource(bundle.Entry[earlier[0]].Resource, entry.Resource))
            {
                failures.Add($"Bundle.entry[{i}].fullUrl repeats entry[{earlier[0]}]'s for another resource (bdl-7: entries sharing a fullUrl must be versions of one resource)");
            }
            else if (earlier.FindIndex(e => !Distinct(bundle.Entry[e].Resource!, entry.Resource!, type)) is >= 0 and var at)
            {
                var same = earlier[at];
                failures.Add(byUrl
                    ? $"Bundle.entry[{i}].fullUrl repeats entry[{same}]'s for the same resource without a distinct meta.versionId (bdl-7: entries sharing a fullUrl must have different meta.versionId): which one holds would be decided by their order"
                    : $"Bundle.entry[{i}].fullUrl is absent and its resource repeats entry[{same}]'s (the same type and id) without a distinct meta.versionId (bdl-7: the same resource twice must have different meta.versionId): which one holds would be decided by their order");
            }

            earlier.Add(i);
        }

        return failures;
    }

    /// <summary>
    /// Two entries that set the same item of one patient (the same dispense or statement: its identifier, else its type
    /// and id) must say the same thing or be one older than the other in the item's order of corrections
    /// (<see cref="StatementReports.Older"/>: their times, or the whole-number versions of one resource); otherwise
    /// which one holds would be decided by their order. <see cref="RepeatedFullUrls"/> sees only entries
    /// sharing a fullUrl: the same resource under two <c>urn:uuid:</c> fullUrls, or two resources with one identifier,
    /// were applied in order, the last one winning (found by an independent edge probe: Zoloft then Tylenol under one
    /// dispense opened and resolved a major alert in one message, the other order kept it open). Named by position.
    /// </summary>
    private static List<(int First, int Later, string Reason)> SameItemTwice(R4.Bundle bundle, List<(int Entry, RegimenChange Change)> mapped)
    {
        var twice = new List<(int, int, string)>();
        var seen = new Dictionary<(string Patient, Rules.RegimenItemKind Kind, string Item), List<(int Entry, RegimenChange Change)>>();
        foreach (var (entry, change) in mapped)
        {
            var key = (change.PatientRef, change.Kind, change.ItemKey);
            if (!seen.TryGetValue(key, out var earlier))
            {
                seen.Add(key, [(entry, change)]);
                continue;
            }

            var resource = bundle.Entry[entry].Resource!;
            foreach (var (first, firstChange) in earlier)
            {
                var other = bundle.Entry[first].Resource!;
                var sameResource = SameResource(other, resource) && resource.Id is { Length: > 0 };
                if (EventFingerprint.Of(firstChange) == EventFingerprint.Of(change))
                {
                    continue;
                }

                // one is older than the other (their times, or the whole-number versions of one resource): the item's
                // order of corrections decides, whatever the Bundle's order (a review: refills or re-reports at other
                // times were refused). Versions whose ids are not numbers, at the same time, have no order but the
                // Bundle's (a review), so they are refused as copies without versions are
                var (a, b) = (StatementReports.Of(firstChange), StatementReports.Of(change));
                if (StatementReports.Older(a, b) || StatementReports.Older(b, a))
                {
                    continue;
                }

                var what = resource is R4.MedicationDispense ? "dispense" : "statement";
                twice.Add((first, entry, sameResource
                    ? $"Bundle.entry[{entry}].resource repeats entry[{first}]'s (the same type and id) under another fullUrl with other content, and neither is the newer (the same time, no whole-number meta.versionIds to order them): which one holds would be decided by their order"
                    : $"Bundle.entry[{entry}].resource is another {resource.TypeName} for the same {what} as entry[{first}]'s (the same identifier) with other content: which one holds would be decided by their order; send one resource per {what}, its versions with distinct meta.versionId"));
                break;
            }

            earlier.Add((entry, change));
        }

        return twice;
    }

    // two versions of one resource told apart: by their meta.versionIds, or in a history Bundle by their meta.lastUpdated
    private static bool Distinct(R4.Resource a, R4.Resource b, R4.Bundle.BundleType type) =>
        (a.Meta?.VersionId is { Length: > 0 } va && b.Meta?.VersionId is { Length: > 0 } vb && !string.Equals(va, vb, StringComparison.Ordinal))
        || (type == R4.Bundle.BundleType.History && a.Meta?.LastUpdated is { } ta && b.Meta?.LastUpdated is { } tb && ta != tb);

    /// <summary>
    /// R4 Bundle: "fullUrl SHALL NOT disagree with the id in the resource". A fullUrl that ends in <c>Type/id</c> (a
    /// RESTful URL, <c>_history</c> allowed; <c>urn:uuid:</c> and <c>urn:oid:</c> name nothing of the kind) must name the
    /// entry's resource type and id: a Patient entry under <c>…/Patient/A</c> with id B would make <c>Patient/A</c> in a
    /// subject patient B, and patient A without the entry (found by an independent edge probe). Named by position,
    /// never by value.
    /// </summary>
    private static List<string> FullUrlsDisagreeing(R4.Bundle bundle)
    {
        var failures = new List<string>();
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            var entry = bundle.Entry[i];
            if (entry.Resource is not { } resource || FhirReferences.Parse(entry.FullUrl) is not { } named
                || !FhirJson.IsResourceType(named.Type))
            {
                continue; // no resource, a urn:, or a URL whose tail is no Type/id (R4 allows an absolute URL of any form)
            }

            if (!string.Equals(named.Type, resource.TypeName, StringComparison.Ordinal))
            {
                failures.Add($"Bundle.entry[{i}].fullUrl names another resource type than the entry's resource (R4: fullUrl SHALL NOT disagree with the resource)");
            }
            else if (resource.Id is { Length: > 0 } id && !string.Equals(named.Id, id, StringComparison.Ordinal))
            {
                failures.Add($"Bundle.entry[{i}].fullUrl disagrees with resource.id (R4: fullUrl SHALL NOT disagree with the id in the resource): a reference to either id would find this entry");
            }
        }

        return failures;
    }

    /// <summary>
    /// R4's Bundle invariants on what an entry carries for the Bundle's type (found by an independent edge probe: all
    /// were accepted): bdl-1, <c>total</c> only in a searchset or history Bundle; bdl-3, <c>entry.request</c> in every
    /// entry of a batch, transaction or history Bundle and in no other; bdl-4, <c>entry.response</c> only in a
    /// batch-response, transaction-response or history Bundle (neither response type is accepted here). Named by
    /// position, never by value. A batch entry the strict reader refused (<paramref name="unread"/>) is not looked at.
    /// </summary>
    private static List<string> EntryElementsMisplaced(R4.Bundle bundle, R4.Bundle.BundleType type, IReadOnlyDictionary<int, IReadOnlyList<string>>? unread)
    {
        var failures = new List<string>();
        var name = type switch
        {
            R4.Bundle.BundleType.Collection => "collection",
            R4.Bundle.BundleType.Transaction => "transaction",
            R4.Bundle.BundleType.Batch => "batch",
            R4.Bundle.BundleType.History => "history",
            R4.Bundle.BundleType.Searchset => "searchset",
            _ => "message",
        };
        if (bundle.Total is not null && type is not (R4.Bundle.BundleType.Searchset or R4.Bundle.BundleType.History))
        {
            failures.Add($"Bundle.total is not allowed in a {name} Bundle (bdl-1: only a searchset or history Bundle has a total)");
        }

        var requests = type is R4.Bundle.BundleType.Batch or R4.Bundle.BundleType.Transaction or R4.Bundle.BundleType.History;
        // a subscription notification (a history Bundle of the Backport IG) is read as before: servers send its status
        // entry, and at times the resources' entries, without a request, and a refused heartbeat could end the subscription
        var notification = type == R4.Bundle.BundleType.History && NotificationType(bundle) is not null;
        for (var i = 0; i < bundle.Entry.Count; i++)
        {
            var entry = bundle.Entry[i];
            if (entry is null || unread?.ContainsKey(i) == true)
            {
                continue; // a batch entry the strict reader refused: refused alone, by the reader's reasons
            }

            if (requests && entry.Request is null && !notification)
            {
                failures.Add($"Bundle.entry[{i}].request is required in a {name} Bundle (bdl-3: each entry of a batch, transaction or history Bundle says its request)");
            }
            else if (!requests && entry.Request is not null)
            {
                failures.Add($"Bundle.entry[{i}].request is not allowed in a {name} Bundle (bdl-3: only the entries of a batch, transaction or history Bundle carry a request)");
            }

            if (entry.Response is not null && type != R4.Bundle.BundleType.History)
            {
                failures.Add($"Bundle.entry[{i}].response is not allowed in a {name} Bundle (bdl-4: only the entries of a batch-response, transaction-response or history Bundle carry a response)");
            }
        }

        return failures;
    }

    /// <summary>
    /// R4 (http.html#transaction): a POST entry's <c>request.url</c> names the type of the resource it creates, a PUT's
    /// <c>[type]/[id]</c> the resource it updates ("the id in the URL SHALL match resource.id"; a conditional update,
    /// <c>[type]?…</c>, its type alone; a history Bundle's POST may name the id too, which must then agree). The item is keyed by the resource, so a URL naming another type or id made the
    /// entry say two things (found by an independent edge probe: <c>PUT MedicationDispense/OTHER</c> with another
    /// resource.id, and <c>POST Patient</c> carrying a dispense, were applied). Named by path, never by value. Null when
    /// they agree.
    /// </summary>
    private static string? RequestUrlDisagreeing(R4.Bundle.RequestComponent request, R4.Resource resource, string path)
    {
        var url = request.Url ?? string.Empty;
        var query = url.IndexOf('?', StringComparison.Ordinal);
        var beforeQuery = query >= 0 ? url[..query] : url;
        var scheme = beforeQuery.IndexOf("://", StringComparison.Ordinal);
        if (beforeQuery.Length > 0 && (scheme >= 0 ? beforeQuery[(scheme + 3)..] : beforeQuery).Split('/').Any(s => s.Length == 0))
        {
            // a slash after the type or id (https://ehr.example/fhir/MedicationDispense/) or two in a row: read as an
            // empty id, it was refused as disagreeing with resource.id, which sent the sender looking for the wrong fault
            // (found by an independent edge probe)
            return $"{path}.request.url must have no empty segment (a trailing slash, a leading one, or '//'): a {request.Method} entry's url is {(request.Method == R4.Bundle.HTTPVerb.POST ? "[type]" : "[type]/[id]")}, after a base URL if given";
        }

        var segments = beforeQuery.Split('/');
        if (segments.Length >= 4 && segments[^2] == "_history")
        {
            segments = segments[..^2]; // a version's url (a history Bundle's): its type and id
        }

        // [type], or [type]/[id] (a history Bundle's POST entries carry the id the server gave the resource)
        string? type = segments[^1];
        string? id = null;
        if (!FhirJson.IsResourceType(type) && segments.Length >= 2)
        {
            (type, id) = (segments[^2], segments[^1]);
        }

        if (!string.Equals(type, resource.TypeName, StringComparison.Ordinal))
        {
            return $"{path}.request.url names another resource type than the entry's resource (R4: a {request.Method} entry's url is {(request.Method == R4.Bundle.HTTPVerb.POST ? "[type]" : "[type]/[id]")} of the resource it carries)";
        }

        // a PUT names the id, unless it is a conditional update ([type]?search)
        var needsId = request.Method == R4.Bundle.HTTPVerb.PUT && query < 0;
        return (id is not null || needsId) && !string.Equals(id, resource.Id, StringComparison.Ordinal)
            ? $"{path}.request.url disagrees with resource.id (R4: the id in an entry's request.url SHALL match the resource's id)"
            : null;
    }

    private static bool SameResource(R4.Resource? a, R4.Resource? b) =>
        a is not null && b is not null && a.TypeName == b.TypeName && a.Id is { Length: > 0 } && string.Equals(a.Id, b.Id, StringComparison.Ordinal);

    private static void MapOne(R4.Resource resource, string path, R4.Bundle? bundle, EventTimeLimit limit, int defaultDaysSupply,
        ProductIngredients ingredients, List<RegimenChange> changes, List<string> failures, Dictionary<Guid, string> paths, ref int notOnHand)
    {
        var context = new FhirReferences(resource, bundle);
        var own = new List<string>();
        ModifierExtensions(resource, path, own);
        Uris(resource, path, own);
        Contained((R4.DomainResource)resource, path, own);
        var native = resource is R4.MedicationDispense dispense
            ? (object?)FhirDispense.ToNative(dispense, path, context, limit, ingredients, own)
            : FhirStatement.ToNative((R4.MedicationStatement)resource, path, context, limit, ingredients, own);
        // a reference matching several Bundle entries (FhirReferences.Resolve): refused, never one of them guessed
        own.InsertRange(0, context.Ambiguities);
        if (own.Count > 0)
        {
            failures.AddRange(own);
            return;
        }

        if (native is null)
        {
            notOnHand++;
            return;
        }

        try
        {
            var change = native switch
            {
                // corrections are ordered by the later of whenHandedOver and meta.lastUpdated (FhirDispense.Native)
                FhirDispense.Native d => EventMapper.Map(d.Message, defaultDaysSupply) with { Status = d.FhirStatus, EffectiveAt = d.OrderedAt.ToUniversalTime() },
                // the stop is the statement's own (a Period's last day taken through, 2200-12-31 too, whose next day
                // lies beyond the native stoppedOn's years)
                FhirStatement.Native s => s.Stopping(EventMapper.Map(s.Message, limit.Now)) with { Status = s.FhirStatus, Rxnorm = s.RxNorm, Ndc = s.Ndc },
                _ => throw new InvalidOperationException("unknown mapping"),
            };

            // and before the times, by a whole-number meta.versionId of the same resource (RegimenItemUpdate)
            paths[change.EventId] = path;
            changes.Add(change with
            {
                DetailsJson = ResourceVersion.With(change.DetailsJson, resource.TypeName, resource.Id, resource.Meta?.VersionId, resource.Meta?.LastUpdated is not null,
                    resource switch { R4.MedicationDispense d => IdentifierKeys(d.Identifier), R4.MedicationStatement s => IdentifierKeys(s.Identifier), _ => [] }),
            });
        }
        catch (InvalidEventException invalid)
        {
            var fields = resource is R4.MedicationDispense md ? FhirDispense.FieldPathsOf(md) : FhirStatement.FieldPaths;
            failures.AddRange(invalid.Failures.Select(f => Translate(f, path, fields)));
        }
    }

    /// <summary>
    /// The contained resources a reference can name unambiguously: each id once (a <c>#med1</c> naming two Medications
    /// would be resolved by a guess), and each referenced from the resource (dom-3: a contained resource nothing refers
    /// to is not part of what the resource says). Named by position, never by id.
    /// </summary>
    private static void Contained(R4.DomainResource resource, string path, List<string> failures)
    {
        if (resource.Contained.Count == 0)
        {
            return;
        }

        var first = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < resource.Contained.Count; i++)
        {
            if (resource.Contained[i].Id is not { Length: > 0 } id)
            {
                continue;
            }

            if (first.TryGetValue(id, out var earlier))
            {
                failures.Add($"{path}.contained[{i}].id repeats contained[{earlier}]'s (contained resources need distinct ids: a reference #id to them could mean either)");
            }
            else
            {
                first.Add(id, i);
            }
        }

        // dom-3: '#'+id among the references, canonicals, uris and urls anywhere in the resource (the contained ones too),
        // or the contained resource refers to its container ('#')
        var everywhere = new HashSet<string>(StringComparer.Ordinal);
        LocalReferences(resource, everywhere);
        for (var i = 0; i < resource.Contained.Count; i++)
        {
            var inside = new HashSet<string>(StringComparer.Ordinal);
            LocalReferences(resource.Contained[i], inside);
            if (!inside.Contains("#") && (resource.Contained[i].Id is not { Length: > 0 } id || !everywhere.Contains("#" + id)))
            {
                failures.Add($"{path}.contained[{i}] is not referenced from the resource (dom-3: a contained resource must be referenced by #id)");
            }
        }
    }

    // every local reference ("#…") in a reference, canonical, uri or url below element
    private static void LocalReferences(Hl7.Fhir.Model.Base element, HashSet<string> found)
    {
        var value = element switch
        {
            R4.ResourceReference reference => reference.Reference,
            R4.PrimitiveType primitive when primitive.TypeName is "uri" or "canonical" or "url" => primitive.JsonValue as string,
            _ => null,
        };
        if (value is not null && value.StartsWith('#'))
        {
            found.Add(value);
        }

        foreach (var child in element.EnumerateElements())
        {
            switch (child.Value)
            {
                case Hl7.Fhir.Model.Base one:
                    LocalReferences(one, found);
                    break;
                case IEnumerable<Hl7.Fhir.Model.Base> many:
                    foreach (var item in many)
                    {
                        LocalReferences(item, found);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// A modifier extension anywhere below <paramref name="element"/> (the resource, its contained resources, any
    /// backbone element such as <c>dosageInstruction</c>): FHIR requires a system to refuse what carries one it does not
    /// understand, as it may change the meaning (negate it). Named by the path of the element that carries it, never
    /// by its url, which is the publisher's. Likewise a resource's <c>implicitRules</c> (R4 marks it a modifier: "this
    /// element is labeled as a modifier because the implicit rules may provide additional knowledge about the resource
    /// that modifies its meaning"), on the resource or a contained one, named by its path, never by its value (found by
    /// an independent edge probe: it was accepted and ignored). And an extension with neither a value nor extensions
    /// (ext-1), by its path.
    /// </summary>
    private static void ModifierExtensions(Hl7.Fhir.Model.Base element, string path, List<string> failures)
    {
        if (element is R4.Extension { Value: null, Extension.Count: 0 })
        {
            // ext-1: an extension has a value or extensions; one with neither says nothing we could read (found by an
            // independent edge probe: it was accepted)
            failures.Add($"{path} has neither a value nor nested extensions (ext-1: an extension has a value or extensions); its url is not logged");
        }

        foreach (var child in element.EnumerateElements())
        {
            if (child.Key == "implicitRules" && element is R4.Resource)
            {
                failures.Add($"{path}.implicitRules is not understood here (implicit rules can change what the resource means); its value is not logged");
                continue;
            }

            if (child.Key == "modifierExtension")
            {
                if (child.Value is not IEnumerable<Hl7.Fhir.Model.Base> extensions || extensions.Any())
                {
                    failures.Add($"{path}.modifierExtension is not understood here (a modifier extension can change what the resource means); its url is not logged");
                }

                continue;
            }

            switch (child.Value)
            {
                case Hl7.Fhir.Model.Base one:
                    ModifierExtensions(one, $"{path}.{child.Key}", failures);
                    break;
                case IEnumerable<Hl7.Fhir.Model.Base> many:
                    var i = 0;
                    foreach (var item in many)
                    {
                        ModifierExtensions(item, $"{path}.{child.Key}[{i++}]", failures);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// An extension's <c>url</c>, or another R4 <c>uri</c>, <c>url</c> or <c>canonical</c> below
    /// <paramref name="element"/>, holding whitespace: R4's uri is <c>\S*</c>. The strict reader checks the uri elements
    /// of the model, but not an extension's url, which the SDK reads unchecked (found by an independent edge
    /// probe: <c>"url": "a bad url"</c> was accepted). Named by path, never by value (the publisher's text). One walk of
    /// the resource's elements, as <see cref="ModifierExtensions"/>.
    /// <paramref name="skip"/>: resources checked on their own (a Bundle's dispenses and statements).
    /// </summary>
    internal static void Uris(Hl7.Fhir.Model.Base element, string path, List<string> failures, Func<Hl7.Fhir.Model.Base, bool>? skip = null)
    {
        // an extension's url comes as its uri child, named "url"
        if (element is R4.PrimitiveType { TypeName: "uri" or "canonical" or "url", JsonValue: string value } && value.AsSpan().IndexOfAny(UriWhitespace) >= 0)
        {
            failures.Add($"{path} must be a uri without whitespace (R4 uri: \\S*); its value is not logged");
        }

        foreach (var child in element.EnumerateElements())
        {
            switch (child.Value)
            {
                case Hl7.Fhir.Model.Base one when skip?.Invoke(one) != true:
                    Uris(one, $"{path}.{child.Key}", failures, skip);
                    break;
                case IEnumerable<Hl7.Fhir.Model.Base> many:
                    var i = 0;
                    foreach (var item in many)
                    {
                        if (skip?.Invoke(item) != true)
                        {
                            Uris(item, $"{path}.{child.Key}[{i}]", failures, skip);
                        }

                        i++;
                    }

                    break;
            }
        }
    }

    // what R4's \s matches in a uri's regex (\S*), and the other Unicode spaces and line breaks
    private static readonly System.Buffers.SearchValues<char> UriWhitespace = System.Buffers.SearchValues.Create(
        " \t\n\r\f\v\u0085\u00A0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000");

    /// <summary>The native validator names wire fields first ("daysSupply must be …"): name the FHIR element instead.</summary>
    private static string Translate(string failure, string path, IReadOnlyDictionary<string, string> fields)
    {
        var end = failure.IndexOf(' ', StringComparison.Ordinal);
        var field = end < 0 ? failure : failure[..end];
        return fields.TryGetValue(field, out var element) ? path + "." + element + TranslateRest(failure[field.Length..], fields) : path + ": " + TranslateRest(failure, fields);
    }

    // the native date and time fields a reason names after its own ("… after reportedAt …; give stoppedOn"), in the
    // resource's words (found by an independent edge probe: a FHIR sender was told of fields it never sent)
    private static readonly string[] NativeTimeFields = ["reportedAt", "startedOn", "stoppedOn", "dispensedAt", "daysSupply"];

    private static string TranslateRest(string rest, IReadOnlyDictionary<string, string> fields)
    {
        foreach (var native in NativeTimeFields)
        {
            if (fields.TryGetValue(native, out var element) && rest.Contains(native, StringComparison.Ordinal))
            {
                rest = System.Text.RegularExpressions.Regex.Replace(rest, $@"\b{native}\b", element, System.Text.RegularExpressions.RegexOptions.CultureInvariant);
            }
        }

        return rest;
    }

    /// <summary>
    /// The failure when a resource's own time — its <paramref name="element"/>, else <c>meta.lastUpdated</c> — lies
    /// further ahead of this service's clock than <c>Regimen:MaxFutureSkew</c>, as the native contract refuses it; else null.
    /// </summary>
    internal static string? Ahead(DateTimeOffset? own, string element, R4.Meta? meta, string path, EventTimeLimit limit) =>
        own > limit.Latest ? limit.Beyond($"{path}.{element}")
        : own is null && meta?.LastUpdated > limit.Latest ? limit.Beyond($"{path}.meta.lastUpdated")
        : null;

    /// <summary>
    /// Adds a failure when the FHIR dateTime <paramref name="dateTime"/> (at <paramref name="path"/>) is only a year or
    /// a year and month (2026, 2026-11): read as an instant it would be the start of that period, so a December
    /// dispense would count from January. A full date (midnight UTC) or a date and time is fine; true when fine.
    /// </summary>
    internal static bool FullDate(string? dateTime, string path, List<string> failures)
    {
        if (dateTime is null || dateTime.Length >= 10 || !R4.FhirDateTime.IsValidValue(dateTime))
        {
            return true;
        }

        failures.Add($"{path} must be at least a full date (YYYY-MM-DD, e.g. 2026-03-01; a year or year and month alone is not accepted)");
        return false;
    }

    /// <summary>
    /// Adds a failure when the FHIR dateTime <paramref name="dateTime"/> (at <paramref name="path"/>) has a time without
    /// seconds (2026-12-01T09:30Z): R4's dateTime requires them once a time is given, as the native contract does, and
    /// the SDK's reader takes hh:mm (found by an edge probe). A date, a year and month, a year, and a time with seconds
    /// (any fraction, Z or an offset) are fine; true when fine, or absent.
    /// </summary>
    internal static bool Seconds(string? dateTime, string path, List<string> failures)
    {
        if (dateTime is not { Length: > 10 } || dateTime[10] is not ('T' or 't'))
        {
            return true;
        }

        var time = dateTime.AsSpan(11);
        if (time.Length >= 8 && char.IsAsciiDigit(time[0]) && char.IsAsciiDigit(time[1]) && time[2] == ':' && char.IsAsciiDigit(time[3])
            && char.IsAsciiDigit(time[4]) && time[5] == ':' && char.IsAsciiDigit(time[6]) && char.IsAsciiDigit(time[7]))
        {
            return true;
        }

        failures.Add($"{path} must have seconds (R4 dateTime: YYYY-MM-DDThh:mm:ss+zz:zz)");
        return false;
    }

    /// <summary>
    /// Adds a failure when the FHIR dateTime <paramref name="dateTime"/> (at <paramref name="path"/>) lies outside the
    /// years the native contract takes (<see cref="EventContract.EarliestYear"/> to <see cref="EventContract.LatestYear"/>):
    /// its year as written and, for a time (<paramref name="instant"/>), also its year in UTC, as a native event time
    /// (1900-01-01T00:00:00+01:00 is 1899). Checked before any arithmetic on it: 9999-12-31 has no day after, and
    /// 9999-12-31T23:59:59-14:00 no instant. A date (<paramref name="instant"/> false) is judged by its date as written.
    /// True when fine, or absent.
    /// </summary>
    internal static bool InRange(string? dateTime, string path, bool instant, List<string> failures)
    {
        if (dateTime is null || dateTime.Length < 4 || !R4.FhirDateTime.IsValidValue(dateTime))
        {
            return true;
        }

        var year = int.Parse(dateTime.AsSpan(0, 4), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture);
        if (year is >= EventContract.EarliestYear and <= EventContract.LatestYear
            && (!instant || Instant(dateTime)?.UtcDateTime.Year is null or (>= EventContract.EarliestYear and <= EventContract.LatestYear)))
        {
            return true;
        }

        failures.Add(EventContract.OutOfRange(path));
        return false;
    }

    /// <summary>
    /// Adds a failure when <c>meta.lastUpdated</c>, standing for the resource's own time (it has no time of its own),
    /// lies outside the native contract's years; true when fine.
    /// </summary>
    internal static bool LastUpdatedInRange(R4.Meta? meta, string path, List<string> failures)
    {
        if (meta?.LastUpdated is not { } updated || updated.UtcDateTime.Year is >= EventContract.EarliestYear and <= EventContract.LatestYear)
        {
            return true;
        }

        failures.Add(EventContract.OutOfRange($"{path}.meta.lastUpdated"));
        return false;
    }

    /// <summary>The instant of a FHIR dateTime; a date (2016-01-15) starts at midnight UTC (coarser ones are refused by <see cref="FullDate"/>).</summary>
    internal static DateTimeOffset? Instant(string? dateTime)
    {
        if (string.IsNullOrWhiteSpace(dateTime) || !R4.FhirDateTime.IsValidValue(dateTime))
        {
            return null;
        }

        return new R4.FhirDateTime(dateTime).ToDateTimeOffset(TimeSpan.Zero);
    }

    internal static DateTimeOffset? Instant(R4.Instant? instant) => instant?.Value;

    /// <summary>The calendar date as written (2015-01-23T23:00:00-05:00 is the 23rd).</summary>
    internal static DateOnly? Date(string? dateTime)
    {
        if (string.IsNullOrWhiteSpace(dateTime) || dateTime.Length < 4 || !R4.FhirDateTime.IsValidValue(dateTime))
        {
            return null;
        }

        // its own first ten characters (a year or a year and month from its first day), never the instant in UTC
        var date = dateTime.Length >= 10 ? dateTime[..10] : dateTime.Length >= 7 ? dateTime[..7] + "-01" : dateTime[..4] + "-01-01";
        return DateOnly.TryParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day)
            ? day
            : null;
    }

    /// <summary>
    /// The product a CodeableConcept names: its <c>text</c>, else <paramref name="fallbackText"/>, else a display (the
    /// <c>userSelected</c> coding's, else the first RxNorm coding's, else the first); and per system (RxNorm, NDC, ATC)
    /// the code of the first coding with one, the <c>userSelected</c> coding first (R4: "the coding chosen by a user").
    /// </summary>
    internal static (string? Text, string? RxNorm, string? Ndc, string? Atc) Product(R4.CodeableConcept? concept, string? fallbackText)
    {
        var codings = UserSelectedFirst(concept?.Coding);
        string? Code(string system) => codings.FirstOrDefault(c => c.System == system && !string.IsNullOrWhiteSpace(c.Code))?.Code;
        var display = codings.FirstOrDefault(c => c.UserSelected == true && !string.IsNullOrWhiteSpace(c.Display))?.Display
            ?? codings.FirstOrDefault(c => c.System == RxNormSystem && !string.IsNullOrWhiteSpace(c.Display))?.Display
            ?? codings.FirstOrDefault(c => !string.IsNullOrWhiteSpace(c.Display))?.Display;
        var text = !string.IsNullOrWhiteSpace(concept?.Text) ? concept.Text : fallbackText ?? display;
        return (FoldLineBreaks(text), Terminology.TerminologyFiles.CanonicalRxNorm(Code(RxNormSystem)), Code(NdcSystem), Code(AtcSystem));
    }

    // the codings in their order, a userSelected one moved first (stable: as sent when none is)
    private static List<R4.Coding> UserSelectedFirst(List<R4.Coding>? codings) =>
        codings is null ? []
        : codings.Exists(c => c.UserSelected == true) ? [.. codings.OrderBy(c => c.UserSelected == true ? 0 : 1)]
        : codings;

    /// <summary>The product as the embedded knowledge base alone reads it (a caller without the evaluator: tests).</summary>
    private static readonly Lazy<Rules.ProductNormaliser> EmbeddedNormaliser = new(() => new Rules.ProductNormaliser(Rules.KnowledgeBase.LoadEmbedded()));

    private static readonly ProductIngredients EmbeddedIngredients =
        (text, atc, rxnorm, ndc) => EmbeddedNormaliser.Value.Normalise(text, atc, rxnorm).Ingredients;

    /// <summary>
    /// R4: the codings of one CodeableConcept are alternative codes for one concept. Real feeds send several for one
    /// medicine (Epic: RxNorm at SCD, SBD, GPCK and ingredient term types, NDC beside RxNorm), and the product is read
    /// from one of them (<see cref="Product"/>), so codings that name different products would leave one out of every
    /// check, and their order decided a major alert (found by an independent edge probe: [acetaminophen, tramadol] raised
    /// none, [tramadol, acetaminophen] SER-08). Each coding is read as the evaluator would read it alone (its display and
    /// its code); when it maps to an ingredient the product as read does not hold, the resource is refused, naming the
    /// coding and what the product was read from. Codings of one medicine map to its ingredients (an ingredient coding to
    /// one of them) and pass unchanged. A coding that maps to nothing, or a product read as nothing (unrecognised, so
    /// reported as not checked), is not compared. Adds nothing and returns true when they agree.
    /// </summary>
    private static bool CodingsAgree(R4.CodeableConcept concept, (string? Text, string? RxNorm, string? Ndc, string? Atc) product, string path,
        ProductIngredients ingredients, List<string> failures)
    {
        var codings = concept.Coding;
        if (codings.Count == 0 || (codings.Count == 1 && string.IsNullOrWhiteSpace(concept.Text)))
        {
            return true; // one coding alone is what is read
        }

        var read = ingredients(product.Text ?? string.Empty, product.Atc, product.RxNorm, product.Ndc);
        if (read.Count == 0)
        {
            return true;
        }

        var agree = true;
        for (var i = 0; i < codings.Count; i++)
        {
            var coding = codings[i];
            var code = string.IsNullOrWhiteSpace(coding.Code) ? null : coding.Code;
            var own = ingredients(coding.Display ?? string.Empty, coding.System == AtcSystem ? code : null,
                coding.System == RxNormSystem ? Terminology.TerminologyFiles.CanonicalRxNorm(code) : null, coding.System == NdcSystem ? code : null);
            if (own.Any(ingredient => !read.Contains(ingredient, StringComparer.Ordinal)))
            {
                var from = ReadFrom(concept);
                failures.Add($"{path}.coding[{i}]: names another product than {from} (it maps to an ingredient the product read from {from} does not hold; R4: the codings of one CodeableConcept are alternative codes for the same product): send each product in its own resource");
                agree = false;
            }
        }

        return agree;
    }

    // what Product read the text from: the concept's text, else the coding whose display it took
    private static string ReadFrom(R4.CodeableConcept concept)
    {
        if (!string.IsNullOrWhiteSpace(concept.Text))
        {
            return "text";
        }

        var codings = concept.Coding;
        var chosen = codings.FindIndex(c => c.UserSelected == true && !string.IsNullOrWhiteSpace(c.Display)) is var u and >= 0 ? u
            : codings.FindIndex(c => c.System == RxNormSystem && !string.IsNullOrWhiteSpace(c.Display)) is var r and >= 0 ? r
            : codings.FindIndex(c => !string.IsNullOrWhiteSpace(c.Display)) is var d and >= 0 ? d
            : codings.FindIndex(c => c.UserSelected == true && !string.IsNullOrWhiteSpace(c.Code)) is var uc and >= 0 ? uc
            : codings.FindIndex(c => !string.IsNullOrWhiteSpace(c.Code));
        return $"coding[{Math.Max(chosen, 0)}]";
    }

    /// <summary>
    /// A FHIR string may hold tabs and line breaks ("1 tab daily\nwith food"); the wire contract's texts may not. They
    /// become single spaces, so a resource is not refused for its layout; every other control character is still refused.
    /// </summary>
    /// <summary>
    /// The native <c>dosageText</c> of a dispense's dosage instructions: the first text, and the first route
    /// (<c>route.text</c>, else a coding's display, else the name of a SNOMED CT route code) as "(route: Otic route)", so
    /// that the route a coded feed gives reaches the normaliser as a text feed's directions would
    /// ("OFLOXACIN 0.3% SOLN" in the ear is not taken by mouth). Null when there is neither.
    /// </summary>
    internal static string? Directions(IEnumerable<R4.Dosage> dosages)
    {
        var list = dosages as IList<R4.Dosage> ?? [.. dosages];
        var text = DirectionsIndex(list) is var index and >= 0 ? FoldLineBreaks(list[index].Text) : null;
        var route = list.Select(d => RouteName(d.Route)).FirstOrDefault(r => r is not null);
        return route is null ? text : text is null ? $"(route: {route})" : $"{text} (route: {route})";
    }

    /// <summary>The dosage whose text <see cref="Directions"/> reads: the first that has one; -1 for none.</summary>
    internal static int DirectionsIndex(IList<R4.Dosage> dosages)
    {
        for (var i = 0; i < dosages.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(dosages[i].Text))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// The route a dosage names: its <c>text</c>, else a coding's display (the <c>userSelected</c> coding first), else the
    /// name of a SNOMED CT route code. When the text and codings name routes that differ (other words than "route" and
    /// letter case), every one is kept, joined with " / " in that order ("Ophthalmic route / Oral route"): the normaliser
    /// keeps a product by mouth when its directions name both (docs/rules.md, "Not by mouth"), so a by-mouth route is
    /// never dropped for another one that happens to come first (found by an independent edge probe: Oral then
    /// Ophthalmic codings read as Oral, Ophthalmic then Oral as not by mouth). One route named alike is read as before.
    /// </summary>
    private static string? RouteName(R4.CodeableConcept? route)
    {
        if (route is null)
        {
            return null;
        }

        var names = new List<string>();
        if (!string.IsNullOrWhiteSpace(route.Text))
        {
            names.Add(FoldLineBreaks(route.Text.Trim())!);
        }

        foreach (var coding in UserSelectedFirst(route.Coding))
        {
            if (!string.IsNullOrWhiteSpace(coding.Display))
            {
                names.Add(FoldLineBreaks(coding.Display.Trim())!);
            }
            else if (coding.System == "http://snomed.info/sct" && coding.Code is { } code && SnomedRoutes.TryGetValue(code, out var name))
            {
                names.Add(name);
            }
        }

        var distinct = names.DistinctBy(RouteKey, StringComparer.Ordinal).ToList();
        return distinct.Count switch
        {
            0 => null,
            1 => distinct[0],
            _ => string.Join(" / ", distinct),
        };
    }

    // a route's name without letter case, surrounding space or a trailing "route" ("Oral", "oral route")
    private static string RouteKey(string name)
    {
        var key = name.Trim().ToLowerInvariant();
        return key.EndsWith(" route", StringComparison.Ordinal) ? key[..^" route".Length].TrimEnd() : key;
    }

    /// <summary>SNOMED CT route of administration codes (FHIR R4 route-codes value set) a coding may carry without a display.</summary>
    private static readonly Dictionary<string, string> SnomedRoutes = new(StringComparer.Ordinal)
    {
        ["26643006"] = "Oral route",
        ["10547007"] = "Otic route",
        ["54485002"] = "Ophthalmic route",
        ["6064005"] = "Topical route",
        ["45890007"] = "Transdermal route",
        ["47625008"] = "Intravenous route",
        ["78421000"] = "Intramuscular route",
        ["34206005"] = "Subcutaneous route",
        ["37161004"] = "Rectal route",
        ["16857009"] = "Vaginal route",
        ["46713006"] = "Nasal route",
        ["447694001"] = "Respiratory tract route (inhalation)",
        ["37839007"] = "Sublingual route",
    };

    internal static string? FoldLineBreaks(string? text)
    {
        if (text is null || text.AsSpan().IndexOfAny('\r', '\n', '\t') < 0)
        {
            return text;
        }

        var folded = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\r' or '\n' or '\t')
            {
                if (folded.Length > 0 && folded[^1] != ' ')
                {
                    folded.Append(' ');
                }
            }
            else
            {
                folded.Append(c);
            }
        }

        return folded.ToString().TrimEnd();
    }

    /// <summary>
    /// The product of medication[x]: the concept, or the referenced (contained or same-Bundle) Medication's code. A
    /// withdrawal (<paramref name="withdraws"/>) whose reference carries a display is read by it, as before, where the
    /// reference is refused since 2026-12-06 (<see cref="RelativeWithoutType"/>, <see cref="NamesNothing"/>): a feed that sent it so could otherwise not
    /// withdraw what it sent before.
    /// </summary>
    internal static (string? Text, string? RxNorm, string? Ndc, string? Atc)? Medication(
        R4.DataType? medication, string path, FhirReferences context, ProductIngredients ingredients, List<string> failures, bool withdraws = false)
    {
        switch (medication)
        {
            case R4.CodeableConcept concept:
                var product = Product(concept, null);
                if (!Usable(product))
                {
                    failures.Add($"{path}.medication needs a text, a coding with a display, or an RxNorm or NDC coding with a code ({RxNormSystem}, {NdcSystem})");
                    return null;
                }

                return CodingsAgree(concept, product, $"{path}.medicationCodeableConcept", ingredients, failures) ? product : null;
            case R4.ResourceReference reference:
                if (reference.Type is { } declared && !string.IsNullOrWhiteSpace(declared) && declared.TrimEnd('/').Split('/')[^1] != "Medication")
                {
                    failures.Add($"{path}.medication.type must be Medication when given (R4: medicationReference is a Reference(Medication), and type and reference SHALL agree)");
                    return null;
                }

                if (withdraws && !string.IsNullOrWhiteSpace(reference.Display) && reference.Reference is { } withdrawn
                    && (RelativeWithoutType(withdrawn) || NamesNothing(withdrawn, $"{path}.medication", context)))
                {
                    return (reference.Display, null, null, null);
                }

                if (!ReferenceWellFormed(reference, $"{path}.medication", "Medication/<id>", context, failures))
                {
                    return null;
                }

                if (context.Resolve(reference.Reference, $"{path}.medication") is { } other and not R4.Medication)
                {
                    // read by its display as if it were a Medication (found by an independent edge probe)
                    failures.Add($"{path}.medication.reference must reference a Medication (it resolves to a {other.TypeName})");
                    return null;
                }

                if (FhirReferences.NamedType(reference.Reference) is { } type && type != "Medication" && context.Resolve(reference.Reference, $"{path}.medication") is null)
                {
                    failures.Add($"{path}.medication.reference must reference a Medication (Medication/<id>, a contained Medication or a Medication entry of the same Bundle)");
                    return null;
                }

                if (context.Resolve(reference.Reference, $"{path}.medication") is R4.Medication resolved)
                {
                    var medicationPath = context.PathOf(resolved, path);
                    if (!Understood(resolved, medicationPath, failures))
                    {
                        return null;
                    }

                    if (resolved.Status == R4.Medication.MedicationStatusCodes.EnteredInError)
                    {
                        // R4 marks Medication.status a modifier: a Medication recorded in error names no product, and read
                        // as one it was counted as the drug (found by an independent edge probe: a dispense of an
                        // entered-in-error sertraline was stored as sertraline). Refused rather than read as "no
                        // medication": the dispense would then be applied without its product. An inactive Medication (no
                        // longer marketed) is still what was handed over, and is read
                        failures.Add($"{medicationPath}.status is entered-in-error: a Medication recorded in error names no product; send the dispense or statement with the right Medication, or withdraw it (status entered-in-error)");
                        return null;
                    }

                    // without a code the product is named by its ingredients: each must be readable
                    if (resolved.Code is null && !IngredientsReadable(resolved, medicationPath, failures))
                    {
                        return null;
                    }

                    var concept2 = resolved.Code ?? IngredientConcept(resolved);
                    if (resolved.Code is null && concept2?.Text is { Length: > EventContract.MaxTextLength } joined)
                    {
                        // the name the worker makes from the ingredients is no element of the resource: named by where it
                        // comes from, not as a medication.text the resource never had (found by an independent edge probe)
                        failures.Add($"{medicationPath}.ingredient: the ingredients' names, joined as the product's name, make {joined.Length} characters, more than the {EventContract.MaxTextLength} a product text holds; give the Medication a code with a text naming the product");
                        return null;
                    }

                    var fromMedication = Product(concept2, reference.Display);
                    if (Usable(fromMedication))
                    {
                        return resolved.Code is null || CodingsAgree(resolved.Code, fromMedication, $"{medicationPath}.code", ingredients, failures)
                            ? fromMedication
                            : null;
                    }
                }
                else if (NamesNothing(reference.Reference, $"{path}.medication", context))
                {
                    // a local reference that names nothing is a broken resource, as informationSource's is: until 2026-12-06
                    // it was read by its display (found by an independent edge probe)
                    failures.Add(Unresolved($"{path}.medication"));
                    return null;
                }
                else if (!string.IsNullOrWhiteSpace(reference.Display))
                {
                    // a Medication on a server we do not call: its display is the product text (no codes)
                    return (reference.Display, null, null, null);
                }

                failures.Add($"{path}.medication.reference must resolve to a contained Medication (#id) or an entry of the same Bundle with a code, or carry a display");
                return null;
            default:
                failures.Add($"{path}.medication[x] is required");
                return null;
        }
    }

    /// <summary>
    /// A product the native contract takes: a text, or (as a native <c>medication.rxnorm</c> or <c>medication.ndc</c>
    /// without text) an RxNorm or NDC code, named "NDC …" or "RxNorm …" and mapped through the imported terminology. The
    /// code's form is the native validator's to check, so a malformed NDC is named as such, with a text or without.
    /// </summary>
    private static bool Usable((string? Text, string? RxNorm, string? Ndc, string? Atc) product) =>
        !string.IsNullOrWhiteSpace(product.Text) || product.RxNorm is not null || product.Ndc is not null;

    /// <summary>
    /// Adds a failure for each ingredient given by reference (to a Substance or Medication, contained or an entry)
    /// without a display: its target is not read, and naming the product by the others alone would leave it out of every
    /// check (sertraline by reference beside St John's wort by text would be stored as St John's wort). A reference's
    /// display is read as the ingredient's name. Likewise for an ingredient given by code alone (an
    /// itemCodeableConcept without a text or a display): the product carries one set of codes, the Medication's, none
    /// per ingredient, so its code could neither name it nor be mapped. True when there is none.
    /// </summary>
    private static bool IngredientsReadable(R4.Medication medication, string path, List<string> failures)
    {
        var readable = true;
        for (var i = 0; i < medication.Ingredient.Count; i++)
        {
            switch (medication.Ingredient[i].Item)
            {
                case R4.ResourceReference { Display: var display } when string.IsNullOrWhiteSpace(display):
                    failures.Add($"{path}.ingredient[{i}].item: an ingredient given by reference without a display is not read here; give it as itemCodeableConcept (a text or a coding), or give the reference a display");
                    readable = false;
                    break;
                case R4.CodeableConcept concept when string.IsNullOrWhiteSpace(Product(concept, null).Text):
                    failures.Add($"{path}.ingredient[{i}].item: an ingredient given by code alone (no text, no display) is not read here (the product carries the Medication's codes, not one per ingredient); give itemCodeableConcept a text or its coding a display");
                    readable = false;
                    break;
            }
        }

        return readable;
    }

    /// <summary>
    /// The product named by its ingredients, joined with " / ": those marked <c>isActive: false</c> (R4: an ingredient
    /// that does not affect the therapeutic action, an excipient) are left out (found by an independent edge probe: such
    /// an ingredient was counted, and raised a major alert the product cannot cause). One marked inactive still has to
    /// be readable (<see cref="IngredientsReadable"/>).
    /// </summary>
    private static R4.CodeableConcept? IngredientConcept(R4.Medication medication)
    {
        var names = medication.Ingredient.Where(i => i.IsActive != false).Select(i => i.Item switch
            {
                R4.CodeableConcept c => Product(c, null).Text,
                R4.ResourceReference r => r.Display,
                _ => null,
            })
            .Where(n => !string.IsNullOrWhiteSpace(n)).ToList();
        return names.Count == 0 ? null : new R4.CodeableConcept { Text = string.Join(" / ", names) };
    }

    /// <summary>
    /// False, with the reasons, when a resource a reference resolved to, named by <paramref name="targetPath"/>, carries
    /// a modifier extension or <c>implicitRules</c> (<see cref="ModifierExtensions"/>): a Patient entry whose modifier
    /// says it is not the patient would otherwise name the subject (found by an independent edge probe). A contained
    /// resource was checked with the resource that contains it, and is not named twice.
    /// </summary>
    internal static bool Understood(R4.Resource target, string targetPath, List<string> failures)
    {
        if (targetPath.Contains(".contained[", StringComparison.Ordinal))
        {
            return true;
        }

        var before = failures.Count;
        ModifierExtensions(target, targetPath, failures);
        return failures.Count == before;
    }

    /// <summary>
    /// The patient id: the logical id of a Patient reference (<c>Patient/123</c> or a full URL ending in it, whether or
    /// not it resolves to a Bundle entry), or of the same-Bundle Patient entry a <c>urn:</c> names (its id, else its
    /// first identifier), else, without a reference, the subject's
    /// identifier (<see cref="PatientKey"/>: <c>system|value</c>, or its value when it has no system). The server base
    /// is not part of the id. Any other target is an error, above all a local
    /// reference (<c>#p1</c>) to a contained Patient: its id names the resource inside this one, not the patient, so
    /// every publisher's <c>#p1</c> would be one patient. A logical id must be a FHIR id; an id taken from an
    /// identifier meets the native patient-id rules (checked by <see cref="EventMapper"/>).
    /// </summary>
    /// <remarks>
    /// A Patient entry's <c>link</c> of type <c>replaced-by</c> (an R4 modifier: this record is replaced, the other is the
    /// patient) is refused, naming the link: the products would be kept under a record no longer in use, apart from the
    /// patient's others (found by an independent edge probe's look at Patient's modifiers). A withdrawal
    /// (<paramref name="withdraws"/>) is not refused over it: what it withdraws was kept under that record.
    /// <c>active</c> and <c>deceased[x]</c> say nothing against the resource being this patient's, and are read.
    /// </remarks>
    internal static string? Patient(R4.ResourceReference? subject, string path, FhirReferences context, List<string> failures, bool withdraws = false)
    {
        if (subject is null)
        {
            failures.Add($"{path}.subject is required");
            return null;
        }

        if (subject.Type is { } type && type != "Patient")
        {
            // R4: the type and the reference SHALL agree (found by an independent edge probe: a subject typed Group
            // referencing Patient/X was read as patient X); a Group is no patient, whichever of the two is right
            failures.Add($"{path}.subject.type must be Patient when given (R4: type and reference SHALL agree; a Group or any other subject is not read as a patient)");
            return null;
        }

        var reference = subject.Reference;
        if (string.IsNullOrWhiteSpace(reference))
        {
            if (!string.IsNullOrEmpty(subject.Identifier?.Value))
            {
                return PatientKey(subject.Identifier, $"{path}.subject.identifier", failures);
            }

            failures.Add($"{path}.subject must reference a Patient (Patient/id) or carry an identifier");
            return null;
        }

        if (reference.TrimStart().StartsWith('#'))
        {
            failures.Add($"{path}.subject must not be a local reference (#id) to a contained resource: reference Patient/<id>, a Patient entry of the same Bundle, or give subject.identifier");
            return null;
        }

        if (!LiteralReferenceForm(reference))
        {
            failures.Add($"{path}.subject.reference must be a literal reference, Patient/<id> (a base URL before it and _history/<version> after it allowed): no query, fragment, trailing slash, empty segment or version, or relative path (../)");
            return null;
        }

        var target = context.Resolve(reference, $"{path}.subject");
        if (target is R4.Patient && !Understood(target, context.PathOf(target, path), failures))
        {
            return null;
        }

        if (!withdraws && target is R4.Patient replaced && replaced.Link.FindIndex(l => l.Type == R4.Patient.LinkType.ReplacedBy) is >= 0 and var link)
        {
            failures.Add($"{context.PathOf(replaced, path)}.link[{link}] says another Patient record replaces this one (type replaced-by, an R4 modifier): send the resource for the Patient that replaces it");
            return null;
        }

        var literal = FhirReferences.Parse(reference);
        if (target is null or R4.Patient && literal is { Type: "Patient" })
        {
            // Patient/<id> (relative or absolute) names the patient by its id, whether or not an entry carries it: an
            // entry without an id under …/Patient/<id> made its identifier the patient, so one patient's products were
            // split over two ids by how the feed packaged them (found by an independent edge probe)
            return LogicalPatientId(literal.Value.Id, path, failures);
        }

        switch (target)
        {
            // a urn: (or another absolute URL naming no Patient/<id>): the entry's id, else its identifier
            case R4.Patient patient when patient.Id is { Length: > 0 } id:
                return LogicalPatientId(id, path, failures);
            case R4.Patient patient when patient.Identifier.FirstOrDefault(i => !string.IsNullOrEmpty(i.Value)) is { } identifier:
                return PatientKey(identifier, $"{path}.subject (its Patient entry's identifier)", failures);
            case R4.Patient:
                failures.Add($"{path}.subject must resolve to a Patient entry with an id or an identifier");
                return null;
            case not null:
                failures.Add($"{path}.subject must reference a Patient");
                return null;
        }

        if (FhirReferences.Parse(reference) is { } parsed)
        {
            if (parsed.Type == "Patient")
            {
                return LogicalPatientId(parsed.Id, path, failures);
            }

            failures.Add($"{path}.subject must reference a Patient");
            return null;
        }

        failures.Add($"{path}.subject must reference a Patient (Patient/id) or a Patient entry of the same Bundle");
        return null;
    }

    /// <summary>
    /// The patient id an identifier names: its value when it has no <c>system</c> (<c>|value</c> when the value holds a
    /// bar), else <c>system|value</c> (a bar in the
    /// system written <c>%7C</c>; a system too long to fit the 64-character patient id beside the value shortened to
    /// <c>sha256:</c> and 16 hex digits of its hash), as <see cref="ItemKey"/> keys a dispense. An identifier is unique
    /// only within its system: two hospitals' MRN 1001 are two patients (found by an independent edge probe: they were
    /// one, and a major alert combined two people's dispenses). The value alone meets the native patient-id rules (checked
    /// by <see cref="EventMapper"/> when it is the id; here when a system is composed with it), and a value too long to
    /// fit beside even the shortened system is refused, named by <paramref name="where"/>.
    /// </summary>
    internal static string? PatientKey(R4.Identifier identifier, string where, List<string> failures)
    {
        var value = identifier.Value!; // chosen for having one
        if (string.IsNullOrWhiteSpace(identifier.System))
        {
            // a bar in a value without a system: FHIR's token form of "no system", |value, as ItemKey writes it, so
            // (none, urn:mrn|1001) is not (urn:mrn, 1001) (found by a review)
            return value.Contains('|', StringComparison.Ordinal) ? "|" + value : value;
        }

        if (Infrastructure.Messaging.EventContract.PatientIdFailure(where + ".value", value) is { } failure)
        {
            failures.Add(failure);
            return null;
        }

        var key = SystemAndValue(identifier.System, value, Infrastructure.Messaging.EventContract.MaxPatientIdLength);
        if (key.Length > Infrastructure.Messaging.EventContract.MaxPatientIdLength)
        {
            failures.Add($"{where}.value must be at most {Infrastructure.Messaging.EventContract.MaxPatientIdLength - ShortenedSystemLength - 1} characters beside a system (was {value.Length}): the patient id is system|value, at most {Infrastructure.Messaging.EventContract.MaxPatientIdLength} characters with a long system shortened to {ShortenedSystemLength}");
            return null;
        }

        return key;
    }

    // "sha256:" and 16 hex digits
    private const int ShortenedSystemLength = 23;

    /// <summary>
    /// False, with the reason named by <paramref name="field"/> (<c>MedicationStatement.informationSource</c>), when a
    /// Reference the mapper reads is malformed: a <c>reference</c> that is no R4 literal reference (a query, fragment,
    /// trailing slash, empty segment or relative path; <paramref name="expected"/> says the form), or a <c>type</c> that
    /// disagrees with the resource the reference names (R4: type and reference SHALL agree). Subject has its own, stricter
    /// check (<see cref="Patient"/>); this one is its shape for the other references (found by an independent edge
    /// probe: only subject was checked, and <c>Practitioner/x?y=1</c> or a Patient typed Practitioner was read as a care
    /// team). Local references (<c>#id</c>) and <c>urn:</c> are left to the resolution that follows.
    /// </summary>
    internal static bool ReferenceWellFormed(R4.ResourceReference reference, string field, string expected, FhirReferences context, List<string> failures)
    {
        var value = reference.Reference;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        if (!value.TrimStart().StartsWith('#') && !LiteralReferenceForm(value))
        {
            failures.Add($"{field}.reference must be a literal reference, {expected} (a base URL before it and _history/<version> after it allowed): no query, fragment, trailing slash, empty segment or version, or relative path (../)");
            return false;
        }

        if (RelativeWithoutType(value))
        {
            // practitioner/1 named no type, and was read as no informant (found by an independent edge probe)
            failures.Add($"{field}.reference must be a literal reference, {expected}: a relative reference is <type>/<id>, its type an R4 resource type as written (type names are case-sensitive)");
            return false;
        }

        var declared = string.IsNullOrWhiteSpace(reference.Type) ? null : reference.Type.TrimEnd('/').Split('/')[^1];
        var named = context.Resolve(value, field)?.TypeName ?? FhirReferences.NamedType(value);
        if (declared is not null && named is not null && !string.Equals(declared, named, StringComparison.Ordinal))
        {
            failures.Add($"{field}.type must agree with the resource its reference names (R4: type and reference SHALL agree)");
            return false;
        }

        return true;
    }

    /// <summary>
    /// Whether a relative reference (no <c>#</c>, <c>urn:</c> or scheme) names no R4 resource type where R4's
    /// <c>[type]/[id]</c> puts it (before the id, and before <c>_history/&lt;v&gt;</c>): <c>practitioner/1</c> (type names are
    /// case-sensitive) or an id alone. An absolute URL may follow no such pattern (R4), and is not held to it.
    /// </summary>
    internal static bool RelativeWithoutType(string reference)
    {
        var value = reference.TrimStart();
        if (value.StartsWith('#') || value.StartsWith("urn:", StringComparison.Ordinal) || value.Contains("://", StringComparison.Ordinal))
        {
            return false;
        }

        var parts = value.Split('/');
        var history = Array.LastIndexOf(parts, "_history");
        var end = history > 0 ? history : parts.Length;
        return end < 2 || parts[end - 2].Length == 0 || !FhirJson.IsResourceType(parts[end - 2]);
    }

    /// <summary>
    /// Whether a reference has the form of an R4 literal reference: <c>Type/id</c>, with a base URL before it or
    /// <c>_history/&lt;version&gt;</c> after it, or a <c>urn:</c> (a Bundle entry's fullUrl). Read leniently,
    /// <c>Patient/X?x=1</c>, <c>Patient/X/</c>, <c>Patient/X/_history/</c> and <c>../Patient/X</c> were all patient X
    /// (found by an independent edge probe); none is a literal reference (R4 references.html), and a query is a search.
    /// </summary>
    private static bool LiteralReferenceForm(string reference)
    {
        if (reference.StartsWith("urn:", StringComparison.Ordinal))
        {
            return true;
        }

        if (reference.AsSpan().IndexOfAny('?', '#') >= 0)
        {
            return false;
        }

        var path = reference;
        var scheme = reference.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var slash = reference.IndexOf('/', scheme + 3);
            if (slash < 0)
            {
                return false;
            }

            path = reference[(slash + 1)..];
        }

        var segments = path.Split('/');
        if (segments.Any(s => s.Length == 0 || s is "." or ".."))
        {
            return false;
        }

        var history = Array.IndexOf(segments, "_history");
        return history < 0 || history == segments.Length - 2;
    }

    // system|value, the system's bars percent-encoded (as in a URI), or, when that is longer than maxLength, the system
    // shortened to sha256: and the first 16 hex digits of its SHA-256
    private static string SystemAndValue(string system, string value, int maxLength)
    {
        var key = system.Replace("|", "%7C", StringComparison.Ordinal) + "|" + value;
        return key.Length <= maxLength
            ? key
            : "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(system)))[..16] + "|" + value;
    }

    // the id of Patient/<id>: a FHIR id (R4: [A-Za-z0-9\-\.]{1,64}), so " PT-1" or "PT-1\u200B" never becomes a patient
    private static string? LogicalPatientId(string id, string path, List<string> failures)
    {
        if (id.Length is >= 1 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.'))
        {
            return id;
        }

        failures.Add($"{path}.subject.reference must be Patient/<id> with a FHIR id (1-64 characters: A-Z, a-z, 0-9, '-', '.')");
        return null;
    }

    /// <summary>
    /// The business identifier (official first) that later corrections share, as FHIR names an identifier: its
    /// <c>system|value</c>, so two pharmacies' dispense 1001 are two dispenses (a value alone when it has no system; a
    /// system too long to fit the item key beside the value is shortened to a hash of it); else the resource's own id.
    /// </summary>
    internal static string? ItemKey(List<R4.Identifier> identifiers, R4.Resource resource)
    {
        var identifier = KeyIdentifier(identifiers);
        if (identifier is null)
        {
            return resource.Id is { Length: > 0 } id ? resource.TypeName + "/" + id : null;
        }

        return IdentifierKey(identifier);
    }

    // the identifier ItemKey keys an item by: the official one with a value, else the first with a value
    private static R4.Identifier? KeyIdentifier(List<R4.Identifier> identifiers) =>
        identifiers.FirstOrDefault(i => i.Use == R4.Identifier.IdentifierUse.Official && !string.IsNullOrWhiteSpace(i.Value))
        ?? identifiers.FirstOrDefault(i => !string.IsNullOrWhiteSpace(i.Value));

    /// <summary>
    /// The value of the identifier <see cref="ItemKey"/> keys the item by, when it has a <c>system</c>, checked as an
    /// item id is (surrounding whitespace, invisible characters, NFC), named <c>&lt;path&gt;.identifier</c>: composed as
    /// <c>system| D1</c> its leading space is inside the key, where the item-id check does not look (found by an
    /// independent edge probe: <c>" D1"</c> and <c>"D1"</c> were two dispenses). Without a system the value is the key,
    /// and <see cref="EventMapper"/> checks it as <c>dispenseId</c>/<c>statementId</c>, with the same words.
    /// </summary>
    internal static void ItemKeyValueFailures(List<R4.Identifier> identifiers, string path, List<string> failures)
    {
        if (KeyIdentifier(identifiers) is { System: { } system, Value: { } value } && !string.IsNullOrWhiteSpace(system)
            && EventContract.ItemKeyFailure($"{path}.identifier", value) is { } failure)
        {
            failures.Add(failure);
        }
    }

    /// <summary>The key of every identifier with a value, as <see cref="ItemKey"/> would write it for that one.</summary>
    internal static string[] IdentifierKeys(List<R4.Identifier> identifiers) =>
        [.. identifiers.Where(i => !string.IsNullOrWhiteSpace(i.Value)).Select(IdentifierKey).Distinct(StringComparer.Ordinal)];

    private static string IdentifierKey(R4.Identifier identifier)
    {
        // one key for one identifier: a bar in the system is percent-encoded (as in a URI), and a value with a bar but no
        // system is written as FHIR's token form of "no system", |value, so (urn:a, b|c), (urn:a|b, c) and (none, urn:a|b)
        // are three keys, not one (found by an independent edge probe: the second replaced the first)
        if (string.IsNullOrWhiteSpace(identifier.System))
        {
            var value = identifier.Value!; // the identifier was chosen for having one
            return value.Contains('|', StringComparison.Ordinal) ? "|" + value : value;
        }

        return SystemAndValue(identifier.System, identifier.Value!, Infrastructure.Messaging.EventContract.MaxIdLength);
    }

    /// <summary>
    /// The id a reference gives the pharmacy or the prescription: the reference itself (<c>Organization/7</c>, an absolute
    /// URL), else its identifier's value. A local reference (<c>#id</c>, a <c>urn:</c> naming an entry) names a resource
    /// inside this message only, so <c>#o1</c> said nothing once it left it, yet travelled into alerts' <c>involves[]</c>
    /// (found by an independent edge probe): the business identifier of the resource it names (the official one, else
    /// the first with a value), else the reference's own identifier, else nothing. One that names nothing was refused
    /// (<see cref="NamesNothing"/>).
    /// </summary>
    internal static string? ReferenceId(R4.ResourceReference? reference, FhirReferences context, string field)
    {
        if (reference is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(reference.Reference))
        {
            return reference.Identifier?.Value;
        }

        if (!IsLocal(reference.Reference))
        {
            return reference.Reference;
        }

        var identifier = context.Resolve(reference.Reference, field) is R4.IIdentifiable<List<R4.Identifier>> target ? KeyIdentifier(target.Identifier) : null;
        return identifier?.Value ?? (string.IsNullOrWhiteSpace(reference.Identifier?.Value) ? null : reference.Identifier.Value);
    }

    /// <summary>A local reference: <c>#id</c> (a contained resource) or a <c>urn:</c> (a Bundle entry's fullUrl).</summary>
    private static bool IsLocal(string reference) =>
        reference.TrimStart().StartsWith('#') || reference.StartsWith("urn:", StringComparison.Ordinal);

    /// <summary>
    /// Whether a local reference (<c>#id</c>, <c>urn:uuid:</c>, <c>urn:oid:</c>) names no contained resource and no entry
    /// of the same Bundle: a broken resource (R4 ref-1; a <c>urn:</c> names nothing outside a Bundle), refused in every
    /// element read (<see cref="Unresolved"/>) rather than kept verbatim as an id or read as an unknown informant (found by
    /// an independent edge probe). A relative or absolute URL may name a resource on a server, and is not.
    /// </summary>
    internal static bool NamesNothing(string? reference, string field, FhirReferences context) =>
        !string.IsNullOrWhiteSpace(reference) && IsLocal(reference) && context.Resolve(reference, field) is null;

    /// <summary>The reason for a reference <see cref="NamesNothing"/>, named by the Reference's path.</summary>
    internal static string Unresolved(string field) =>
        $"{field}.reference must resolve to a contained resource (#id) or an entry of the same Bundle";
}
