using System.Text.Json;
using RegimenMonitor.Contracts;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Cli;
using RegimenMonitor.Worker.Evaluation;
using RegimenMonitor.Worker.Ingestion;
using RegimenMonitor.Worker.Terminology;

namespace RegimenMonitor.Worker.Tests;

/// <summary>
/// <c>terminology import</c> over hand-written fixtures in the real RxNorm RRF and FDA NDC directory formats, and
/// code-only dispenses mapped through the imported map.
/// </summary>
public sealed class TerminologyImportTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "terminology");

    private static FileInfo Fixture(string name) => new(Path.Combine(Fixtures, name));

    private static Dictionary<string, string> RxNorm()
    {
        using var conso = Fixture("RXNCONSO.RRF").OpenText();
        using var rel = Fixture("RXNREL.RRF").OpenText();
        return TerminologyFiles.ReadRxNorm(conso, rel);
    }

    private static Dictionary<string, string> Ndc()
    {
        using var product = Fixture("product.txt").OpenText();
        using var package = Fixture("package.txt").OpenText();
        return TerminologyFiles.ReadNdc(product, package);
    }

    [Fact]
    public void RxNorm_keeps_RXNORM_concepts_with_their_best_name_and_adds_related_ingredient_names()
    {
        var map = RxNorm();

        Assert.Equal("sertraline 50 MG Oral Tablet [sertraline]", map["900001"]); // SCD, ingredient two steps away
        Assert.Equal("sertraline 50 MG Oral Tablet [Zoloft]", map["900002"]); // SBD wins over PSN
        Assert.Equal("Kit-XYZ Oral Product [Hypothetical] [phenelzine]", map["900020"]);
        Assert.Equal("sertraline", map["900003"]);
        Assert.False(map.ContainsKey("900030")); // suppressed (obsolete)
        Assert.False(map.ContainsKey("900040")); // not SAB=RXNORM
    }

    [Fact]
    public void Ndc_maps_package_and_product_codes_to_generic_and_brand_names()
    {
        var map = Ndc();

        Assert.Equal("sertraline hydrochloride [Zoloft]", map["00069000130"]); // 4-4-2 package code
        Assert.Equal("sertraline hydrochloride [Zoloft]", map["000690001"]); // product level
        Assert.Equal("phenelzine sulfate [Nardil]", map["12345067890"]); // 5-3-2
        Assert.Equal("Dextromethorphan HBr, Guaifenesin [Guaifenesin DM]", map["55555123401"]); // 5-4-1
    }

    [Theory]
    [InlineData("00069000130", "00069000130")]
    [InlineData("0069-0001-30", "00069000130")]
    [InlineData("12345-678-90", "12345067890")]
    [InlineData("55555-1234-1", "55555123401")]
    [InlineData("6906913", null)] // too short
    [InlineData("0069000130", null)] // ten digits without dashes: ambiguous
    [InlineData("0069-0001", null)] // product code only
    public void Ndc_is_read_as_eleven_digits_when_unambiguous(string ndc, string? canonical) =>
        Assert.Equal(canonical, TerminologyFiles.CanonicalNdc(ndc));

    [Theory]
    [InlineData("RxNorm 900001", "900001", null, "sertraline")]
    [InlineData("RxNorm 900002", "900002", null, "sertraline")]
    [InlineData("NDC 00069000130", null, "00069000130", "sertraline")]
    [InlineData("NDC 00069000199", null, "00069000199", "sertraline")] // unknown package of a known product
    [InlineData("NDC 12345-678-90", null, "12345-678-90", "phenelzine")]
    [InlineData("NDC 55555123401", null, "55555123401", "dextromethorphan,guaifenesin")]
    [InlineData("Zoloft 50 mg", null, "12345067890", "sertraline")] // text that maps wins over the code
    public void Code_only_products_map_through_the_imported_terminology(string text, string? rxnorm, string? ndc, string ingredients)
    {
        var evaluator = new RegimenEvaluator(KnowledgeBase.LoadEmbedded(), new TerminologyMap(RxNorm(), Ndc()));

        Assert.Equal(ingredients.Split(','), evaluator.Explain(text, null, rxnorm, ndc).Ingredients);
    }

    [Fact]
    public void Without_an_import_a_code_only_product_is_unrecognised() =>
        Assert.Empty(new RegimenEvaluator(KnowledgeBase.LoadEmbedded()).Explain("NDC 00069000130", null, null, "00069000130").Ingredients);

    [Theory]
    [InlineData(null, "00069000130", "NDC 00069000130")]
    [InlineData("900001", null, "RxNorm 900001")]
    [InlineData("900001", "00069000130", "NDC 00069000130")]
    public void A_dispense_with_an_ndc_or_rxcui_and_no_text_is_accepted(string? rxnorm, string? ndc, string productText)
    {
        var change = EventMapper.Map(new MedicationDispensed
        {
            EventId = Guid.NewGuid(),
            PatientId = "PT-t",
            DispensedAt = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero),
            Medication = new MedicationProduct { Rxnorm = rxnorm, Ndc = ndc },
        }, 30);

        Assert.Equal(productText, change.ProductText);
    }

    [Fact]
    public void A_dispense_with_only_an_atc_code_still_needs_its_text()
    {
        var error = Assert.Throws<InvalidEventException>(() => EventMapper.Map(new MedicationDispensed
        {
            EventId = Guid.NewGuid(),
            PatientId = "PT-t",
            DispensedAt = new DateTimeOffset(2026, 11, 1, 9, 0, 0, TimeSpan.Zero),
            Medication = new MedicationProduct { Atc = "N06AB06" },
        }, 30));

        Assert.Contains("medication.text is required", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_writes_the_map_keeps_the_other_part_and_evaluate_uses_it()
    {
        var directory = Directory.CreateTempSubdirectory("terminology-");
        try
        {
            var output = Path.Combine(directory.FullName, "terminology.json");
            var stdout = new StringWriter();
            var stderr = new StringWriter();

            Assert.Equal(0, await TerminologyVerb.ImportAsync(null, null, Fixture("product.txt"), Fixture("package.txt"), output, stdout, stderr, TestContext.Current.CancellationToken));
            Assert.Equal(0, await TerminologyVerb.ImportAsync(Fixture("RXNCONSO.RRF"), Fixture("RXNREL.RRF"), null, null, output, stdout, stderr, TestContext.Current.CancellationToken));
            var map = TerminologyMap.Load(output);
            Assert.Equal(6, map.NdcCount); // 3 products + 3 packages, kept from the first import
            Assert.Equal(7, map.RxNormCount);
            Assert.Contains("7 RxNorm codes, 6 NDCs", stdout.ToString(), StringComparison.Ordinal);

            var events = Path.Combine(directory.FullName, "events.ndjson");
            await File.WriteAllLinesAsync(events,
            [
                """{"type":"medication-dispensed","eventId":"7d2f1e7a-0000-4000-8000-0000000000a1","patientId":"PT-t","dispensedAt":"2026-10-01T09:00:00Z","medication":{"ndc":"12345-678-90"},"daysSupply":30}""",
                """{"type":"medication-dispensed","eventId":"7d2f1e7a-0000-4000-8000-0000000000a2","patientId":"PT-t","dispensedAt":"2026-10-10T09:00:00Z","medication":{"rxnorm":"900002"},"daysSupply":30}""",
            ], TestContext.Current.CancellationToken);
            var result = new StringWriter();
            var exit = await EvaluateVerb.RunAsync(new FileInfo(events), "2026-10-15", result, stderr, TimeProvider.System, TestContext.Current.CancellationToken,
                new Dictionary<string, string?> { ["Terminology:Path"] = output });

            Assert.True(exit == 0, stderr.ToString());
            using var json = JsonDocument.Parse(result.ToString());
            var finding = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
            Assert.Equal("SER-01", finding.GetProperty("ruleId").GetString());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Import_refuses_a_missing_file_and_a_malformed_one_naming_it()
    {
        var stderr = new StringWriter();
        var output = Path.Combine(Path.GetTempPath(), $"terminology-{Guid.NewGuid():N}.json");

        Assert.Equal(2, await TerminologyVerb.ImportAsync(new FileInfo(Path.Combine(Fixtures, "missing.RRF")), null, null, null, output, TextWriter.Null, stderr, TestContext.Current.CancellationToken));
        Assert.Contains("file not found", stderr.ToString(), StringComparison.Ordinal);

        Assert.Equal(2, await TerminologyVerb.ImportAsync(null, null, Fixture("RXNREL.RRF"), null, output, TextWriter.Null, stderr, TestContext.Current.CancellationToken));
        Assert.Contains("product.txt: header lacks column(s) PRODUCTNDC", stderr.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }
}
