using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using RegimenMonitor.Worker.Cli;

namespace RegimenMonitor.Worker.Tests.Integration.Fhir;

/// <summary><c>evaluate --format fhir</c>: the findings as a Bundle of DetectedIssues that passes strict R4 deserialisation.</summary>
public sealed class EvaluateFhirTests
{
    private const string Phenelzine = """{"type":"medication-dispensed","eventId":"7d2f1e7a-0000-4000-8000-000000000001","patientId":"PT-e","dispensedAt":"2026-10-01T09:00:00Z","medication":{"text":"Nardil 15 mg tablet"},"daysSupply":30}""";
    private const string Robitussin = """{"type":"supplement-reported","eventId":"7d2f1e7a-0000-4000-8000-000000000002","patientId":"PT-e","reportedAt":"2026-10-10T09:00:00Z","supplement":{"text":"Robitussin DM"}}""";

    private const string Tonic = """{"type":"supplement-reported","eventId":"7d2f1e7a-0000-4000-8000-000000000003","patientId":"PT-e","statementId":"ST-9","reportedAt":"2026-10-11T09:00:00Z","supplement":{"text":"Grandma's bitter tonic"}}""";
    private const string TonicAgain = """{"type":"supplement-reported","eventId":"7d2f1e7a-0000-4000-8000-000000000004","patientId":"PT-e","statementId":"ST-10","reportedAt":"2026-10-12T09:00:00Z","supplement":{"text":"Grandma's bitter tonic"}}""";
    private const string NardilRx = """{"type":"medication-dispensed","eventId":"7d2f1e7a-0000-4000-8000-000000000005","patientId":"PT-e","dispenseId":"RX-T1A","dispensedAt":"2026-10-01T09:00:00Z","medication":{"text":"Nardil 15 mg tablet"},"daysSupply":30}""";

    private static async Task<(int Exit, string Output, string Error)> EvaluateFhirAsync(params string[] lines)
    {
        var file = Path.GetTempFileName();
        await File.WriteAllLinesAsync(file, lines, TestContext.Current.CancellationToken);
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await EvaluateVerb.RunAsync(new FileInfo(file), "2026-10-15", output, error, TimeProvider.System, TestContext.Current.CancellationToken, format: "fhir");
        File.Delete(file);
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async System.Threading.Tasks.Task Evaluate_in_fhir_format_prints_a_bundle_of_detected_issues()
    {
        var (exit, output, error) = await EvaluateFhirAsync(Phenelzine, Robitussin);

        Assert.True(exit == 0, error);
        var bundle = Assert.IsType<Bundle>(FhirJsonDeserializer.STRICT.DeserializeResource(output));
        Assert.Equal(Bundle.BundleType.Collection, bundle.Type);
        var issue = Assert.IsType<DetectedIssue>(Assert.Single(bundle.Entry).Resource);
        Assert.Equal(DetectedIssue.DetectedIssueSeverity.High, issue.Severity);
        Assert.Equal("Patient/PT-e", issue.Patient!.Reference);
        Assert.Equal("urn:regimen-monitor:rule:SER-01", issue.Reference);
        Assert.Equal(2, issue.Implicated.Count);

        // the same regimen prints the same ids
        var again = (Bundle)FhirJsonDeserializer.STRICT.DeserializeResource((await EvaluateFhirAsync(Phenelzine, Robitussin)).Output);
        Assert.Equal(issue.Id, again.Entry[0].Resource!.Id);
    }
    [Fact]
    public async System.Threading.Tasks.Task An_unrecognised_product_adds_an_operation_outcome_naming_it_once_even_without_findings()
    {
        var (exit, output, error) = await EvaluateFhirAsync(Phenelzine, Tonic, TonicAgain);

        Assert.True(exit == 0, error);
        var bundle = Assert.IsType<Bundle>(FhirJsonDeserializer.STRICT.DeserializeResource(output));
        Assert.Equal(Bundle.BundleType.Collection, bundle.Type);
        // no DetectedIssue, but never an empty, silent Bundle
        var outcome = Assert.IsType<OperationOutcome>(Assert.Single(bundle.Entry).Resource);
        var issue = Assert.Single(outcome.Issue);
        Assert.Equal(OperationOutcome.IssueSeverity.Warning, issue.Severity);
        Assert.Equal(OperationOutcome.IssueType.Incomplete, issue.Code);
        Assert.Contains("\"Grandma's bitter tonic\" was not recognised, so it was not checked", issue.Details!.Text, StringComparison.Ordinal);
        Assert.Single(System.Text.RegularExpressions.Regex.Matches(output, "Grandma's bitter tonic"));
    }

    [Fact]
    public async System.Threading.Tasks.Task Detected_issues_carry_the_unchecked_products_and_the_senders_dispense_id()
    {
        var (exit, output, error) = await EvaluateFhirAsync(NardilRx, Robitussin, Tonic);

        Assert.True(exit == 0, error);
        var bundle = Assert.IsType<Bundle>(FhirJsonDeserializer.STRICT.DeserializeResource(output));
        var issue = Assert.IsType<DetectedIssue>(bundle.Entry[0].Resource);
        Assert.Equal("Grandma's bitter tonic", Assert.IsType<FhirString>(Assert.Single(issue.Extension, e => e.Url == RegimenMonitor.Worker.Fhir.DetectedIssueMapper.UncheckedProductExtension).Value).Value);
        Assert.Contains("Not checked (not recognised", issue.Detail, StringComparison.Ordinal);
        var nardil = Assert.Single(issue.Implicated, i => i.Type == "MedicationDispense");
        Assert.Equal("urn:uuid:7d2f1e7a-0000-4000-8000-000000000005", nardil.Identifier!.Value);
        Assert.Equal("RX-T1A", Assert.IsType<Identifier>(Assert.Single(nardil.Extension).Value).Value);
        Assert.Contains("dispenseId RX-T1A", nardil.Display, StringComparison.Ordinal);
        Assert.IsType<OperationOutcome>(bundle.Entry[^1].Resource);
    }
}
