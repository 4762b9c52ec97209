namespace RegimenMonitor.Worker.Infrastructure.Database;

/// <summary>
/// One episode of one finding for one patient: opened when the finding first appears, kept while it continues
/// (refills do not change its fingerprint), closed when it resolves. A later reappearance is a new episode.
/// </summary>
internal sealed class FindingRecord
{
    public long Id { get; set; }

    public long PatientId { get; set; }

    /// <summary>rule id + sorted ingredients + nutrient (from the engine).</summary>
    public required string Fingerprint { get; set; }

    /// <summary>Stable for the episode; the alert id care teams see.</summary>
    public Guid AlertId { get; set; }

    public required string RuleId { get; set; }

    public required string Concern { get; set; }

    public required string Severity { get; set; }

    /// <summary>0 info … 3 contraindicated, for ordering and "did it rise" checks in SQL.</summary>
    public int SeverityRank { get; set; }

    /// <summary>
    /// <c>active</c>, <c>superseded</c> (folded into another finding; the covering alert id is in the payload) or
    /// <c>resolved</c>.
    /// </summary>
    public required string State { get; set; }

    public DateTimeOffset Since { get; set; }

    public DateTimeOffset RaisedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? ResolvedAt { get; set; }

    /// <summary>When the latest <c>active</c> alert of this episode was written (opened, or severity rose).</summary>
    public DateTimeOffset LastAlertAt { get; set; }

    /// <summary>When the latest active alert was re-published to <c>escalation.&lt;severity&gt;</c>; reset when severity rises.</summary>
    public DateTimeOffset? EscalatedAt { get; set; }

    public required string RuleSetVersion { get; set; }

    /// <summary>The full explanation (<c>FindingView</c> as JSON).</summary>
    public required string PayloadJson { get; set; }

    /// <summary>A copy with the same values (a decision changes copies, never the records it was given).</summary>
    public FindingRecord Copy() => (FindingRecord)MemberwiseClone();

    /// <summary>True when every stored column has the same value as in <paramref name="other"/>.</summary>
    public bool SameValues(FindingRecord other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Id == other.Id && PatientId == other.PatientId && Fingerprint == other.Fingerprint && AlertId == other.AlertId
            && RuleId == other.RuleId && Concern == other.Concern && Severity == other.Severity && SeverityRank == other.SeverityRank
            && State == other.State && Since == other.Since && RaisedAt == other.RaisedAt && UpdatedAt == other.UpdatedAt
            && ResolvedAt == other.ResolvedAt && LastAlertAt == other.LastAlertAt && EscalatedAt == other.EscalatedAt
            && RuleSetVersion == other.RuleSetVersion && PayloadJson == other.PayloadJson;
    }
}
