namespace RegimenMonitor.Worker.Fhir;

/// <summary>A DetectedIssue on its way to <c>care.regimen-alerts.fhir</c>: the body is <see cref="Utf8Json"/> as it is (FHIR JSON, UTF-8).</summary>
internal sealed record DetectedIssuePublished(ReadOnlyMemory<byte> Utf8Json);
