using System.Security.Cryptography;
using System.Text;
using Hl7.Fhir.Serialization;

using R4 = Hl7.Fhir.Model;

namespace RegimenMonitor.Worker.Fhir;

/// <summary>
/// The idempotency key of a FHIR resource, since FHIR has no event id: a name-based UUID (RFC 9562 version 5) of
/// <c>resourceType|id|itemKey|version|patientId</c>, where the version is <c>meta.versionId</c> when the resource has both an id
/// and a versionId (a server-assigned version names one content), and otherwise the SHA-256 of the resource as Firely
/// re-serialises it (whitespace and property order do not matter). A redelivered resource — alone, or again inside
/// another Bundle — has the same id and is a duplicate; a corrected resource has a new one.
/// </summary>
internal static class FhirEventId
{
    /// <summary>Our namespace for these UUIDs (fixed: changing it would make every redelivery look new).</summary>
    public static readonly Guid Namespace = new("5b0e4a52-8d7c-4f0e-9a51-3c2f7e6d1a90");

    public static Guid For(R4.Resource resource, string? itemKey, string? patientId)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var version = resource.Id is { Length: > 0 } && resource.Meta?.VersionId is { Length: > 0 } versionId
            ? "v:" + versionId
            : "sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(resource.ToJson())));
        // the patient too: two servers' MedicationDispense/1 version 1 for two patients are two events, not one
        // "already applied with other content"
        return Version5(Namespace, $"{resource.TypeName}|{resource.Id}|{itemKey}|{version}|{patientId}");
    }

    /// <summary>RFC 9562 §5.5: SHA-1 of the namespace (network byte order) and the name, version and variant bits set.</summary>
    public static Guid Version5(Guid ns, string name)
    {
        var nsBytes = ns.ToByteArray(bigEndian: true);
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var input = new byte[nsBytes.Length + nameBytes.Length];
        nsBytes.CopyTo(input, 0);
        nameBytes.CopyTo(input, nsBytes.Length);
#pragma warning disable CA5350 // SHA-1 is what UUID version 5 is defined with; this is an identifier, not a security hash
        var hash = SHA1.HashData(input);
#pragma warning restore CA5350
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes, bigEndian: true);
    }
}
