namespace RegimenMonitor.Worker.Regimens;

/// <summary>What <c>inspect</c> prints: a patient's current regimen (and, later, active findings).</summary>
internal sealed record PatientView(
    string PatientId,
    int Version,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<RegimenItemView> Items,
    IReadOnlyList<ActiveFindingView> Findings,
    IReadOnlyList<string> Unrecognised);

/// <summary>An active finding with its alert id and when it was raised.</summary>
internal sealed record ActiveFindingView(Guid AlertId, DateTimeOffset RaisedAt, string RuleSetVersion, Alerts.FindingView Finding);

/// <summary>One regimen item as shown to people.</summary>
internal sealed record RegimenItemView(
    string Kind,
    string ItemKey,
    string Status,
    bool Withdrawn,
    string ProductText,
    IReadOnlyList<string>? Ingredients,
    DateTimeOffset StartedAt,
    int? DaysSupply,
    bool DaysSupplyAssumed,
    DateTimeOffset? StoppedAt,
    Guid SourceEventId,
    [property: System.Text.Json.Serialization.JsonIgnore] string? Directions = null);
