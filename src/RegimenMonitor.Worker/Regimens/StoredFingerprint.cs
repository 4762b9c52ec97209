using System.Security.Cryptography;
using System.Text;
using RegimenMonitor.Rules;

namespace RegimenMonitor.Worker.Regimens;

/// <summary>
/// The key a finding is stored and matched under (<c>findings.fingerprint</c>, at most <see cref="MaxLength"/>
/// characters): the engine's fingerprint (<c>ruleId|ingredient,…|nutrient</c>) as it is, or, when it is longer, its
/// first <see cref="KeptLength"/> characters followed by <c>…sha256:</c> and the SHA-256 of the whole fingerprint in hex.
/// A load finding lists every ingredient it holds, so a regimen of some thirty serotonergic agents made a SER-17
/// fingerprint longer than the column, and every later event of that patient was refused to <c>_error</c> as a value
/// the database cannot store (found by an independent edge probe, 2026-12-07). The shortened key is as stable as the
/// fingerprint (the same ingredients give the same key), and every fingerprint that fits is unchanged, so no stored
/// finding changes its key.
/// </summary>
internal static class StoredFingerprint
{
    /// <summary>The column's length (<c>FindingRecordConfiguration</c>), in UTF-16 code units as SQL Server counts them.</summary>
    public const int MaxLength = 400;

    /// <summary>How much of a longer fingerprint is kept readable before its hash.</summary>
    public const int KeptLength = 300;

    private const string HashMark = "…sha256:";

    /// <summary>The key <paramref name="fingerprint"/> is stored under.</summary>
    public static string Of(string fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        if (fingerprint.Length <= MaxLength)
        {
            return fingerprint;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(fingerprint)));
        var kept = fingerprint[..KeptLength];
        if (char.IsHighSurrogate(kept[^1]))
        {
            kept = kept[..^1]; // never half a character
        }

        return kept + HashMark + hash;
    }

    /// <summary>
    /// <paramref name="result"/> with each finding's fingerprint, and the fingerprints it supersedes, as stored keys, so
    /// that the worker compares and stores keys only; the same instance when every one fits.
    /// </summary>
    public static EvaluationResult Apply(EvaluationResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Findings.All(f => f.Fingerprint.Length <= MaxLength && f.Supersedes.All(s => s.Length <= MaxLength)))
        {
            return result;
        }

        return result with
        {
            Findings = result.Findings.Select(f => f with { Fingerprint = Of(f.Fingerprint), Supersedes = f.Supersedes.Select(Of).ToList() }).ToList(),
        };
    }
}
