using R4 = Hl7.Fhir.Model;

namespace RegimenMonitor.Worker.Fhir;

/// <summary>
/// Resolves references the way a receiver without a FHIR server can: <c>#id</c> to a contained resource, and
/// anything else to an entry of the same Bundle (by <c>fullUrl</c>, or by <c>Type/id</c> against the entry's resource
/// or the tail of its <c>fullUrl</c>). Nothing is fetched.
/// </summary>
internal sealed class FhirReferences(R4.Resource resource, R4.Bundle? bundle)
{
    public R4.Resource? Resolve(string? reference)
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

        var parsed = Parse(reference);
        foreach (var entry in bundle.Entry)
        {
            if (entry.Resource is null)
            {
                continue;
            }

            if (string.Equals(entry.FullUrl, reference, StringComparison.Ordinal)
                || (parsed is { } p && entry.Resource.TypeName == p.Type && entry.Resource.Id == p.Id)
                || (parsed is { } q && entry.FullUrl is { } url && url.EndsWith("/" + q.Type + "/" + q.Id, StringComparison.Ordinal)))
            {
                return entry.Resource;
            }
        }

        return null;
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
