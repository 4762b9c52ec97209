using Hl7.Fhir.Model;
using Hl7.Fhir.Serialization;
using RegimenMonitor.Worker.Cli;

namespace RegimenMonitor.Worker.Tests.Integration.Fhir;

/// <summary><c>evaluate --format fhir</c>: the findings as a Bundle of DetectedIssues that passes strict R4 deserialisation.</summary>
public sealed class EvaluateFhirTests
{
    private const string Phenelzine = """{"type":"medication-dispensed","eventId":"7d2f1e7a-0000-4000-8000-000000000001","patientId":"PT-e","dispensedAt":"2026-10-01T09:00:00Z","medication":{"text":"Nardil 15 mg tablet"},"daysSupply":30}""";
    private const string Robitussin = """{"type":"supplement-reported","eventId":"7d2f1e7a-0000-4000-8000-000000000002","patientId":"PT-e","reportedAt":"2026-10-10T09:00:00Z","supplement":{"text":"Robitussin DM"}}""";

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
}
