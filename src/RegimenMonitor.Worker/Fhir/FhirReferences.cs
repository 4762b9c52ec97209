using R4 = Hl7.Fhir.Model;

namespace RegimenMonitor.Worker.Fhir;

/// <summary>
/// Resolves references the way a receiver without a FHIR server can: <c>#id</c> to a contained resource, and
/// anything else to an entry of the same Bundle as R4 "Resolving references in Bundles" says (<see cref="Resolve"/>).
/// Nothing is fetched.
/// </summary>
internal sealed class FhirReferences(R4.Resource resource, R4.Bundle? bundle)
{
    /// <summary>
    /// The resource a reference names, as R4 "Resolving references in Bundles" says (found by an independent edge probe:
    /// the first entry with the same type and id was taken, so another server's Medication, or another version, was read
    /// instead of the one named): <c>#id</c> is a contained resource; an exact <c>fullUrl</c> match, over all entries,
    /// first (a <c>urn:</c> always so, the first such entry as before); an absolute URL only under its own base; a
    /// relative <c>Type/id</c> against the base of the referring entry's <c>fullUrl</c> when that is a RESTful URL, else
    /// by the entry's resource type and id or the tail of its <c>fullUrl</c>; <c>_history/&lt;v&gt;</c> only the entry
    /// with that <c>meta.versionId</c>. When more than one entry still matches (two servers, several versions and none
    /// named) none is taken: null, and <see cref="Ambiguities"/> names <paramref name="field"/> (never the reference).
    /// </summary>
    /// <param name="reference">The reference (<c>#id</c>, <c>urn:uuid:…</c>, <c>Type/id</c>, an absolute URL).</param>
    /// <param name="field">The path of the Reference (<c>Bundle.entry[1].resource.medication</c>), named when ambiguous.</param>
    public R4.Resource? Resolve(string? reference, string field)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return null;
        }

        if (reference.StartsWith('#'))
        {
            return (resource as R4.DomainResource)?.Contained.FirstOrDefault(c => c.Id == reference[1..]);
        }

        if (bundle is null)
        {
            return null;
        }

        var exact = Matching((_, e) => string.Equals(e.FullUrl, reference, StringComparison.Ordinal));
        if (exact.Count > 0 && reference.StartsWith("urn:", StringComparison.Ordinal))
        {
            return bundle.Entry[exact[0]].Resource;
        }

        if (exact.Count == 0 && Parse(reference) is { } parsed)
        {
            var version = Version(reference);
            var absolute = reference.Contains("://", StringComparison.Ordinal);
            var own = bundle.Entry.FirstOrDefault(e => ReferenceEquals(e.Resource, resource))?.FullUrl;
            var url = absolute ? Unversioned(reference)
                : RestfulBase(own) is { } ownBase ? ownBase + "/" + parsed.Type + "/" + parsed.Id
                : null;
            exact = url is not null
                ? Matching((_, e) => string.Equals(e.FullUrl, url, StringComparison.Ordinal))
                : Matching((_, e) => (e.Resource!.TypeName == parsed.Type && e.Resource.Id == parsed.Id)
                    || (e.FullUrl is { } tail && tail.EndsWith("/" + parsed.Type + "/" + parsed.Id, StringComparison.Ordinal)));
            if (exact.Count == 0 && !absolute && url is not null)
            {
                // a relative reference from an entry under a RESTful base that names no entry there: an entry without a
                // server of its own (a urn: fullUrl, or none) with that type and id, as senders that mix the two forms
                // mean it; never another server's
                exact = Matching((_, e) => RestfulBase(e.FullUrl) is null && e.Resource!.TypeName == parsed.Type && e.Resource.Id == parsed.Id);
            }
            if (version is not null)
            {
                exact = exact.Where(i => string.Equals(bundle.Entry[i].Resource!.Meta?.VersionId, version, StringComparison.Ordinal)).ToList();
            }
        }

        if (exact.Count > 1)
        {
            // refused only where the entry's content is read (the medication) or the matches are of different types: the
            // other references are read from their own text (Patient/<id>, the pharmacy, the prescription), so which entry
            // matched changes nothing, and a withdrawal must not be refused over one (found by a review)
            if ((field.EndsWith(".medication", StringComparison.Ordinal)
                    || exact.Select(i => bundle.Entry[i].Resource!.TypeName).Distinct(StringComparer.Ordinal).Skip(1).Any())
                && ambiguities.Add(field))
            {
                failures.Add($"{field}.reference matches more than one Bundle entry (entries {string.Join(", ", exact)}: another server's resource of the same type and id, or versions of one resource, and the reference names neither base nor version): none is taken");
            }

            return null;
        }

        return exact.Count == 1 ? bundle.Entry[exact[0]].Resource : null;
    }

    /// <summary>The references <see cref="Resolve"/> found ambiguous, each named by its path: the resource is refused over them.</summary>
    public IReadOnlyList<string> Ambiguities => failures;

    private readonly HashSet<string> ambiguities = new(StringComparer.Ordinal);
    private readonly List<string> failures = [];

    private List<int> Matching(Func<int, R4.Bundle.EntryComponent, bool> match)
    {
        var found = new List<int>();
        for (var i = 0; i < bundle!.Entry.Count; i++)
        {
            if (bundle.Entry[i] is { Resource: not null } entry && match(i, entry))
            {
                found.Add(i);
            }
        }

        return found;
    }

    /// <summary>The version a reference names (<c>…/_history/2</c>), else null.</summary>
    private static string? Version(string reference)
    {
        var parts = reference.Split('?')[0].TrimEnd('/').Split('/');
        return parts.Length >= 2 && parts[^2] == "_history" && parts[^1].Length > 0 ? parts[^1] : null;
    }

    /// <summary>A reference without its <c>/_history/&lt;v&gt;</c>.</summary>
    private static string Unversioned(string reference)
    {
        var at = reference.LastIndexOf("/_history/", StringComparison.Ordinal);
        return at > 0 ? reference[..at] : reference;
    }

    /// <summary>
    /// The base of a RESTful fullUrl (<c>https://b.example/fhir</c> of <c>https://b.example/fhir/Medication/m1</c>): an
    /// absolute http(s) URL ending in an R4 resource type and an id. Null for a <c>urn:</c>, no fullUrl, or any other URL.
    /// </summary>
    private static string? RestfulBase(string? fullUrl)
    {
        if (fullUrl is null || !(fullUrl.StartsWith("http://", StringComparison.Ordinal) || fullUrl.StartsWith("https://", StringComparison.Ordinal)))
        {
            return null;
        }

        var url = Unversioned(fullUrl);
        var parts = url.Split('/');
        return parts.Length >= 5 && FhirJson.IsResourceType(parts[^2]) && parts[^1].Length > 0 && !url.Contains('?', StringComparison.Ordinal)
            ? string.Join('/', parts[..^2])
            : null;
    }

    /// <summary>
    /// The FHIRPath of a resource <see cref="Resolve"/> returned: <c>{resourcePath}.contained[i]</c> for a contained one,
    /// <c>Bundle.entry[i].resource</c> for an entry (<paramref name="resourcePath"/> is the referring resource's path).
    /// </summary>
    public string PathOf(R4.Resource target, string resourcePath)
    {
        if (resource is R4.DomainResource domain && domain.Contained.IndexOf(target) is >= 0 and var contained)
        {
            return $"{resourcePath}.contained[{contained}]";
        }

        var entry = bundle?.Entry.FindIndex(e => ReferenceEquals(e.Resource, target)) ?? -1;
        return entry >= 0 ? $"Bundle.entry[{entry}].resource" : target.TypeName;
    }

    /// <summary>
    /// The resource type a literal reference names, as <see cref="Parse"/> reads it; for an absolute URL only when that is
    /// an R4 resource type: R4 allows an absolute URL that does not follow [base]/[type]/[id]
    /// (<c>https://formulary.example/Drugs/1</c>), whose next-to-last segment names no type (found by a review: such
    /// references were refused as naming another type than the one required).
    /// </summary>
    public static string? NamedType(string? reference) =>
        Parse(reference) is { } parsed && (!reference!.Contains("://", StringComparison.Ordinal) || FhirJson.IsResourceType(parsed.Type))
            ? parsed.Type
            : null;

    /// <summary>Type and id of a literal reference (<c>Patient/1</c>, <c>https://x/fhir/Patient/1/_history/2</c>); null for urn: and #.</summary>
    public static (string Type, string Id)? Parse(string? reference)
    {
        if (string.IsNullOrWhiteSpace(reference) || reference.StartsWith('#') || reference.StartsWith("urn:", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = reference.Split('?')[0].TrimEnd('/').Split('/');
        var history = Array.LastIndexOf(parts, "_history");
        var end = history > 0 ? history : parts.Length;
        return end >= 2 && parts[end - 2].Length > 0 && char.IsUpper(parts[end - 2][0]) && parts[end - 1].Length > 0
            ? (parts[end - 2], parts[end - 1])
            : null;
    }
}
