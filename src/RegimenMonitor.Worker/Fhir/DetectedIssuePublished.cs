namespace RegimenMonitor.Worker.Fhir;

/// <summary>A DetectedIssue on its way to <c>care.regimen-alerts.fhir</c>: the body is <see cref="Json"/> as it is (FHIR JSON).</summary>
internal sealed record DetectedIssuePublished(string Json);
