using System.Text.Json;
using RegimenMonitor.Worker.Cli;

namespace RegimenMonitor.Worker.Tests;

public sealed class EvaluateVerbTests
{
    private static async Task<(int Exit, string Output, string Error)> EvaluateAsync(string asOf, params string[] lines)
    {
        var file = Path.GetTempFileName();
        await File.WriteAllLinesAsync(file, lines, TestContext.Current.CancellationToken);
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await EvaluateVerb.RunAsync(new FileInfo(file), asOf, output, error, TimeProvider.System, TestContext.Current.CancellationToken);
        File.Delete(file);
        return (exit, output.ToString(), error.ToString());
    }

    private const string Phenelzine = """{"type":"medication-dispensed","eventId":"7d2f1e7a-0000-4000-8000-000000000001","patientId":"PT-e","dispensedAt":"2026-10-01T09:00:00Z","medication":{"text":"Nardil 15 mg tablet"},"daysSupply":30}""";
    private const string Robitussin = """{"type":"supplement-reported","eventId":"7d2f1e7a-0000-4000-8000-000000000002","patientId":"PT-e","reportedAt":"2026-10-10T09:00:00Z","supplement":{"text":"Robitussin DM"}}""";
    private const string Tea = """{"type":"supplement-reported","eventId":"7d2f1e7a-0000-4000-8000-000000000003","patientId":"PT-e","reportedAt":"2026-10-10T09:00:00Z","supplement":{"text":"Grandma's sleepy tea"}}""";

    [Fact]
    public async Task Evaluate_prints_findings_rule_set_version_and_unrecognised_products()
    {
        var (exit, output, error) = await EvaluateAsync("2026-10-15", Phenelzine, Robitussin, Tea);

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var root = json.RootElement;
        Assert.StartsWith("2026-10-15T23:59:59", root.GetProperty("asOf").GetString(), StringComparison.Ordinal);
        Assert.Equal(Rules.KnowledgeBase.LoadEmbedded().Version, root.GetProperty("ruleSetVersion").GetString());
        var finding = Assert.Single(root.GetProperty("findings").EnumerateArray());
        Assert.Equal("SER-01", finding.GetProperty("ruleId").GetString());
        Assert.Equal("contraindicated", finding.GetProperty("severity").GetString());
        Assert.Equal("serotonergic-contraindicated", finding.GetProperty("concern").GetString());
        Assert.Equal(2, finding.GetProperty("involves").GetArrayLength());
        Assert.NotEqual(0, finding.GetProperty("evidence").GetArrayLength());
        var unrecognised = Assert.Single(root.GetProperty("unrecognised").EnumerateArray());
        Assert.Equal("Grandma's sleepy tea", unrecognised.GetProperty("productText").GetString());
    }

    [Fact]
    public async Task Evaluate_as_of_a_date_after_every_window_finds_nothing()
    {
        var (exit, output, _) = await EvaluateAsync("2027-06-01", Phenelzine,
            """{"type":"supplement-reported","eventId":"7d2f1e7a-0000-4000-8000-000000000004","patientId":"PT-e","reportedAt":"2026-10-10T09:00:00Z","supplement":{"text":"Robitussin DM"},"status":"stopped","stoppedOn":"2026-10-12"}""");
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(0, json.RootElement.GetProperty("findings").GetArrayLength());
    }

    [Fact]
    public async Task A_malformed_line_fails_with_its_line_number_and_exit_code_2()
    {
        var (exit, output, error) = await EvaluateAsync("2026-10-15", Phenelzine, "", """{"type":"medication-dispensed","eventId":"x"}""");
        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.StartsWith("line 3: Invalid event: eventId must be a UUID", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_mixing_patients_is_refused_without_echoing_the_ids()
    {
        var (exit, _, error) = await EvaluateAsync("2026-10-15", Phenelzine, Robitussin.Replace("PT-e", "PT-other", StringComparison.Ordinal));
        Assert.Equal(2, exit);
        Assert.Contains("line 2", error, StringComparison.Ordinal);
        Assert.DoesNotContain("PT-other", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("2026-11-01T09:00:00")]
    [InlineData("soon")]
    public async Task A_bad_as_of_is_refused(string asOf)
    {
        var (exit, _, error) = await EvaluateAsync(asOf, Phenelzine);
        Assert.Equal(2, exit);
        Assert.Contains("--as-of", error, StringComparison.Ordinal);
    }
}

public sealed class EvaluateVerbConfigurationTests
{
    // Phenelzine dispensed 2026-09-01 without daysSupply; dextromethorphan from 2026-11-15; evaluated 2026-11-20.
    // Default 30 days: coverage + grace ends 10-07, the 14-day MAOI washout 10-21 -> no finding.
    // Configured 60 days: coverage + grace ends 11-12, washout 11-26 -> SER-01 fires.
    private const string PhenelzineNoSupply = """{"type":"medication-dispensed","eventId":"7d2f1e7a-0000-4000-8000-000000000011","patientId":"PT-c","dispensedAt":"2026-09-01T09:00:00Z","medication":{"text":"Nardil 15 mg tablet"}}""";
    private const string Dxm = """{"type":"supplement-reported","eventId":"7d2f1e7a-0000-4000-8000-000000000012","patientId":"PT-c","reportedAt":"2026-11-15T09:00:00Z","supplement":{"text":"Delsym cough syrup"}}""";

    private static async Task<int> FindingCountAsync(string? defaultDaysSupply)
    {
        var file = Path.GetTempFileName();
        await File.WriteAllLinesAsync(file, [PhenelzineNoSupply, Dxm], TestContext.Current.CancellationToken);
        var output = new StringWriter();
        var overrides = new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "None" };
        if (defaultDaysSupply is not null)
        {
            overrides["Regimen:DefaultDaysSupply"] = defaultDaysSupply;
        }

        var exit = await EvaluateVerb.RunAsync(new FileInfo(file), "2026-11-20", output, new StringWriter(), TimeProvider.System,
            TestContext.Current.CancellationToken, overrides);
        File.Delete(file);
        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output.ToString());
        return json.RootElement.GetProperty("findings").GetArrayLength();
    }

    [Fact]
    public async Task Evaluate_uses_the_configured_default_days_supply_like_the_worker()
    {
        Assert.Equal(0, await FindingCountAsync(null));
        Assert.Equal(1, await FindingCountAsync("60"));
    }
}
