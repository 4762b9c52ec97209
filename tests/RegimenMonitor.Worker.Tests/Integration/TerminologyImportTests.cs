using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RegimenMonitor.Contracts;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Cli;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Regimens;
using RegimenMonitor.Worker.Terminology;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// <c>terminology import</c> over hand-written fixtures in the real RxNorm RRF and FDA NDC directory formats into
/// SQLite and a real PostgreSQL (each test its own database), code-only dispenses mapped through the imported map, and
/// a worker on a real RabbitMQ that picks an import up without a restart.
/// </summary>
public sealed class TerminologyImportTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "Fixtures", "terminology");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

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

    [Theory]
    [InlineData("900001|ENG||L1|PF|S1|Y|A1|||900001|RXNORM|SCD|900001|sertraline 50 MG Oral Tablet|0|N", "RXNCONSO line 2: expected 18 '|'-terminated fields, found 17")]
    [InlineData("900001|ENG||L1|PF|S1|Y|A1|||900001|RXNORM|SCD|900001|sertraline 50 MG Oral Tablet|N|4096|", "RXNCONSO line 2: expected 18 '|'-terminated fields, found 17")]
    [InlineData("900001|ENG||L1|PF|S1|Y|A1|||900001|RXNORM|SCD|900001|sertraline|50 MG Oral Tablet||N|4096|", "RXNCONSO line 2: expected 18 '|'-terminated fields, found 19")]
    [InlineData("900001|ENG||L1|PF|S1|Y|A1|||900001|RXNORM|SCD|900001|sertraline 50 MG Oral Tablet||N|4096", "RXNCONSO line 2: expected 18 '|'-terminated fields, but the last does not end with '|'")]
    public void An_rrf_row_of_another_field_count_is_refused_naming_its_line(string row, string expected)
    {
        var lines = File.ReadAllLines(Fixture("RXNCONSO.RRF").FullName);
        var error = Assert.Throws<FormatException>(() => TerminologyFiles.ReadRxNorm(new StringReader($"{lines[0]}\n{row}\n"), null));
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void A_name_longer_than_rxnorms_longest_is_refused()
    {
        var lines = File.ReadAllLines(Fixture("RXNCONSO.RRF").FullName);
        var name = new string('x', TerminologyFiles.MaxNameLength + 1);
        var error = Assert.Throws<FormatException>(() => TerminologyFiles.ReadRxNorm(
            new StringReader($"{lines[0]}\n900009|ENG||L1|PF|S1|Y|A1|||900009|RXNORM|SCD|900009|{name}||N|4096|\n"), null));
        Assert.Equal($"RXNCONSO line 2: STR (field 15) is longer than 3000 characters (3001)", error.Message);
    }

    [Theory]
    [InlineData("abc|A4|CUI|RO|900004|A5|CUI|ingredient_of|R1||RXNORM||||N||", "RXNREL line 2: RXCUI1 (field 1) is not a number of 1 to 10 digits (an RxCUI, as an event's medication.rxnorm)")]
    [InlineData("900003|A4|CUI|RO|9000-04|A5|CUI|ingredient_of|R1||RXNORM||||N||", "RXNREL line 2: RXCUI2 (field 5) is not a number of 1 to 10 digits (an RxCUI, as an event's medication.rxnorm)")]
    // an RxCUI longer than an event's medication.rxnorm may be could never be looked up
    [InlineData("90000300001|A4|CUI|RO|900004|A5|CUI|ingredient_of|R1||RXNORM||||N||", "RXNREL line 2: RXCUI1 (field 1) is not a number of 1 to 10 digits (an RxCUI, as an event's medication.rxnorm)")]
    public void An_rxnrel_row_with_an_rxcui_that_is_no_number_is_refused_not_skipped(string row, string expected)
    {
        using var conso = Fixture("RXNCONSO.RRF").OpenText();
        var rel = File.ReadAllLines(Fixture("RXNREL.RRF").FullName);
        var error = Assert.Throws<FormatException>(() => TerminologyFiles.ReadRxNorm(conso, new StringReader($"{rel[0]}\n{row}\n")));
        Assert.Equal(expected, error.Message);
    }

    [Theory]
    [InlineData("product", 1, "0069-00X1", "product.txt line 5: PRODUCTNDC is not a product NDC (labeler-product: 4-4, 5-3 or 5-4 digits, e.g. 0069-0001)")]
    [InlineData("package", 2, "ZZZ", "package.txt line 5: NDCPACKAGECODE is not a package NDC (4-4-2, 5-3-2, 5-4-1 or 5-4-2 digits, e.g. 0069-0001-30)")]
    public void An_ndc_row_whose_code_cannot_be_read_is_refused_not_skipped(string file, int column, string code, string expected)
    {
        var product = File.ReadAllLines(Fixture("product.txt").FullName).ToList();
        var package = File.ReadAllLines(Fixture("package.txt").FullName).ToList();
        var rows = file == "product" ? product : package;
        var extra = rows[1].Split('\t');
        extra[column] = code;
        rows.Add(string.Join('\t', extra));

        var error = Assert.Throws<FormatException>(() => TerminologyFiles.ReadNdc(
            new StringReader(string.Join('\n', product)), new StringReader(string.Join('\n', package))));
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void An_empty_ndc_file_is_refused_as_empty()
    {
        var error = Assert.Throws<FormatException>(() => TerminologyFiles.ReadNdc(new StringReader(string.Empty), null));
        Assert.Equal("product.txt: the file is empty (it has no header line)", error.Message);
    }

    [Fact]
    public void An_ndc_product_with_only_a_proprietary_name_is_named_by_it()
    {
        var product = File.ReadAllLines(Fixture("product.txt").FullName);
        var header = product[0].Split('\t');
        var row = product[1].Split('\t');
        row[Array.IndexOf(header, "NONPROPRIETARYNAME")] = "   ";

        var map = TerminologyFiles.ReadNdc(new StringReader($"{product[0]}\n{string.Join('\t', row)}\n"), null);

        Assert.Equal("Zoloft", map["000690001"]);
    }

    [Fact]
    public void A_line_longer_than_the_limit_is_refused_as_soon_as_it_passes_it()
    {
        // no line end at all (a sparse or binary file): refused at the limit, never read whole into memory
        var endless = new EndlessStream();
        using var reader = new TerminologyLineReader(endless, "RXNCONSO");
        var error = Assert.Throws<FormatException>(() => reader.ReadLine());
        Assert.Equal($"RXNCONSO line 1: longer than {TerminologyLineReader.MaxLineBytes} bytes (the official files' lines are a few KB; is this the right file?)", error.Message);
        Assert.InRange(endless.BytesRead, TerminologyLineReader.MaxLineBytes, TerminologyLineReader.MaxLineBytes + (128 * 1024));
    }

    private sealed class EndlessStream : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            Array.Fill(buffer, (byte)'x', offset, count);
            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }

    [Fact]
    public void Blank_lines_in_the_rrf_files_are_skipped()
    {
        string WithBlanks(string name) => "\n" + File.ReadAllText(Fixture(name).FullName).Replace("\n", "\n\n", StringComparison.Ordinal);

        Assert.Equal(RxNorm(), TerminologyFiles.ReadRxNorm(new StringReader(WithBlanks("RXNCONSO.RRF")), new StringReader(WithBlanks("RXNREL.RRF"))));
    }

    [Theory]
    [InlineData("sertraline\u000050 MG Oral Tablet", "RXNCONSO line 2: STR (field 15) must not contain control characters (U+0000 at character 11)")]
    [InlineData("sertraline\u001b[31m", "RXNCONSO line 2: STR (field 15) must not contain control characters (U+001B at character 11)")]
    [InlineData("sertraline\t50 MG", "RXNCONSO line 2: STR (field 15) must not contain control characters (U+0009 at character 11)")]
    [InlineData("", "RXNCONSO line 2: STR (field 15), the concept's name, is empty")]
    [InlineData("   ", "RXNCONSO line 2: STR (field 15), the concept's name, is empty")]
    // the event contract's rules for text: the name becomes the product text care teams see
    [InlineData("\u200b", "RXNCONSO line 2: STR (field 15) has no visible character (only spaces, invisible format characters or blank fillers)")]
    [InlineData("\u3164 \u2800", "RXNCONSO line 2: STR (field 15) has no visible character (only spaces, invisible format characters or blank fillers)")]
    [InlineData("sertraline \u202e50 MG", "RXNCONSO line 2: STR (field 15) must not contain bidirectional control characters (U+202E at character 12)")]
    [InlineData("sertraline\u202850 MG", "RXNCONSO line 2: STR (field 15) must not contain line or paragraph separators (U+2028 at character 11)")]
    public void A_name_with_a_control_character_is_refused_naming_line_and_field_not_the_name(string name, string expected)
    {
        var lines = File.ReadAllLines(Fixture("RXNCONSO.RRF").FullName);
        var error = Assert.Throws<FormatException>(() => TerminologyFiles.ReadRxNorm(
            new StringReader($"{lines[0]}\n900009|ENG||L1|PF|S1|Y|A1|||900009|RXNORM|SCD|900009|{name}||N|4096|\n"), null));
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public void Terminology_files_are_read_strictly_as_utf8_naming_line_and_byte()
    {
        static string? Lines(byte[] bytes, out int count)
        {
            using var reader = new TerminologyLineReader(new MemoryStream(bytes), "RXNCONSO");
            count = 0;
            string? last = null;
            for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            {
                count++;
                last = line;
            }

            return last;
        }

        // a byte order mark, CRLF, a blank line and no final line end
        Assert.Equal("caf\u00e9", Lines([0xEF, 0xBB, 0xBF, (byte)'a', 0x0D, 0x0A, 0x0A, (byte)'c', (byte)'a', (byte)'f', 0xC3, 0xA9], out var count));
        Assert.Equal(3, count);
        // Latin-1 "é": refused, as evaluate refuses it, never read as a replacement character
        var error = Assert.Throws<FormatException>(() => Lines([(byte)'a', 0x0A, (byte)'c', (byte)'a', (byte)'f', 0xE9, 0x0A], out _));
        Assert.Equal("RXNCONSO line 2: line is not valid UTF-8 (byte 0xE9 at byte 4 of the line; save the file as UTF-8)", error.Message);
        // a UTF-16 file
        Assert.Throws<FormatException>(() => Lines([0xFF, 0xFE, (byte)'a', 0x00], out _));
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
    [InlineData("1234-5678-9", null)] // 4-4-1: not one of the NDC's segmentations
    [InlineData("123-4567-89", null)] // 3-4-2
    [InlineData("12345-12-12", null)] // 5-2-2
    public void Ndc_is_read_as_eleven_digits_when_unambiguous(string ndc, string? canonical) =>
        Assert.Equal(canonical, TerminologyFiles.CanonicalNdc(ndc));

    [Theory]
    [InlineData("RxNorm 900001", "900001", null, "sertraline", "rxnorm")]
    [InlineData("RxNorm 900002", "900002", null, "sertraline", "rxnorm")]
    [InlineData("NDC 00069000130", null, "00069000130", "sertraline", "ndc")]
    [InlineData("NDC 00069000199", null, "00069000199", "sertraline", "ndc")] // unknown package of a known product
    [InlineData("NDC 12345-678-90", null, "12345-678-90", "phenelzine", "ndc")]
    [InlineData("NDC 55555123401", null, "55555123401", "dextromethorphan,guaifenesin", "ndc")]
    [InlineData("Zoloft 50 mg", null, "12345067890", "sertraline", "text")] // text that maps wins over the code
    public void Code_only_products_map_through_the_imported_terminology(string text, string? rxnorm, string? ndc, string ingredients, string matchedBy)
    {
        var evaluator = new RegimenEvaluator(KnowledgeBase.LoadEmbedded(), new TerminologyMap(RxNorm(), Ndc()));

        var product = evaluator.Explain(text, null, rxnorm, ndc);

        Assert.Equal(ingredients.Split(','), product.Ingredients);
        Assert.Equal(matchedBy, product.MatchedBy); // the import's code named, not "text"
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
    public void An_item_normalised_before_an_import_is_normalised_again_with_it_and_stamped_with_its_id()
    {
        var catalog = new TerminologyCatalog(TerminologyMap.Empty);
        var evaluator = new RegimenEvaluator(KnowledgeBase.LoadEmbedded(), catalog);
        var item = new RegimenItemRecord { Kind = "medication", ItemKey = "D-1", Status = "completed", ProductText = "NDC 12345067890", Ndc = "12345067890" };

        var before = evaluator.Normalised(item, out var recognisedBefore);
        Assert.False(recognisedBefore);
        Assert.Equal(evaluator.RuleSetVersion, before.NormalisedWith);
        Assert.True(evaluator.IsNormalised(before));

        catalog.Replace(new TerminologyMap(RxNorm(), Ndc(), importId: 7));
        Assert.False(evaluator.IsNormalised(before));
        var after = evaluator.Normalised(before, out var recognisedAfter);
        Assert.True(recognisedAfter);
        Assert.Equal("phenelzine", after.Ingredients);
        Assert.Equal($"{evaluator.RuleSetVersion}+terminology.7", after.NormalisedWith);
        Assert.True(evaluator.IsNormalised(after));
        Assert.Null(item.NormalisedWith); // normalising copies; the stored item is written from the decision
    }

    [Theory]
    [InlineData("00:00:00", "Terminology:RefreshInterval must be between 00:00:01 and 1.00:00:00")]
    [InlineData("2.00:00:00", "Terminology:RefreshInterval must be between 00:00:01 and 1.00:00:00")]
    public void A_refresh_interval_out_of_range_is_refused_naming_the_setting(string interval, string message)
    {
        using var host = RegimenMonitor.Worker.Hosting.RegimenMonitorHost.CreateBuilder([], RegimenMonitor.Worker.Infrastructure.Configuration.HostRole.Tool,
            new Dictionary<string, string?> { ["Terminology:RefreshInterval"] = interval, ["Logging:LogLevel:Default"] = "None" }).Build();

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(
            () => host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<RegimenMonitor.Worker.Terminology.TerminologyOptions>>().Value);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    [InlineData("SqlServer")] // skipped without a SQL Server (see SqlServerFixture)
    public async Task Import_stores_the_codes_in_the_database_keeps_the_other_part_and_writes_the_out_file(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        var directory = Directory.CreateTempSubdirectory("terminology-");
        try
        {
            var output = Path.Combine(directory.FullName, "terminology.json");
            var stdout = new StringWriter();
            var stderr = new StringWriter();

            Assert.Equal(0, await ImportAsync(database, Fixture("product.txt"), Fixture("package.txt"), null, null, null, stdout, stderr));
            Assert.Equal(0, await ImportAsync(database, null, null, Fixture("RXNCONSO.RRF"), Fixture("RXNREL.RRF"), output, stdout, stderr));

            Assert.Contains("terminology import 1: 0 RxNorm codes, 6 NDCs", stdout.ToString(), StringComparison.Ordinal);
            Assert.Contains("terminology import 2: 7 RxNorm codes, 6 NDCs", stdout.ToString(), StringComparison.Ordinal); // NDCs kept from the first import
            await using (var db = database.Context())
            {
                var imports = await db.Set<TerminologyImport>().OrderBy(i => i.Id).ToListAsync(Ct);
                Assert.Equal([1L, 2L], imports.Select(i => i.Id));
                Assert.Contains("RXNCONSO.RRF (", imports[1].Sources, StringComparison.Ordinal);
                Assert.Equal((7, 6), (imports[1].RxnormCount, imports[1].NdcCount));
                Assert.Equal(2, await TerminologyStore.LatestImportIdAsync(db, Ct));
                var map = await TerminologyStore.LoadAsync(db, 2, Ct);
                Assert.Equal((7, 6, 2L), (map.RxNormCount, map.NdcCount, map.ImportId));
                Assert.Equal("phenelzine sulfate [Nardil]", map.TextFor(null, "12345-678-90"));
                Assert.Equal("sertraline 50 MG Oral Tablet [Zoloft]", map.TextFor("900002", null));
            }

            // --out: the same terminology as JSON, which evaluate reads through Terminology:Path
            var file = TerminologyMap.Load(output);
            Assert.Equal((7, 6), (file.RxNormCount, file.NdcCount));
            var events = Path.Combine(directory.FullName, "events.ndjson");
            await File.WriteAllLinesAsync(events,
            [
                """{"type":"medication-dispensed","eventId":"7d2f1e7a-0000-4000-8000-0000000000a1","patientId":"PT-t","dispensedAt":"2026-10-01T09:00:00Z","medication":{"ndc":"12345-678-90"},"daysSupply":30}""",
                """{"type":"medication-dispensed","eventId":"7d2f1e7a-0000-4000-8000-0000000000a2","patientId":"PT-t","dispensedAt":"2026-10-10T09:00:00Z","medication":{"rxnorm":"900002"},"daysSupply":30}""",
            ], Ct);
            var result = new StringWriter();
            var exit = await EvaluateVerb.RunAsync(new FileInfo(events), "2026-10-15", result, stderr, TimeProvider.System, Ct,
                new Dictionary<string, string?> { ["Terminology:Path"] = output });

            Assert.True(exit == 0, stderr.ToString());
            using var json = JsonDocument.Parse(result.ToString());
            var finding = Assert.Single(json.RootElement.GetProperty("findings").EnumerateArray());
            Assert.Equal("SER-01", finding.GetProperty("ruleId").GetString());
            // and the products say how the code-only dispenses were mapped, as the finding did
            var ingredients = json.RootElement.GetProperty("products").EnumerateArray()
                .SelectMany(p => p.GetProperty("ingredients").EnumerateArray()).Select(i => i.GetProperty("name").GetString()).ToList();
            Assert.Contains("phenelzine", ingredients);
            Assert.Contains("sertraline", ingredients);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    [InlineData("SqlServer")] // skipped without a SQL Server (see SqlServerFixture)
    public async Task Import_refuses_a_missing_or_malformed_file_naming_file_and_line_and_keeps_the_previous_import(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        Assert.Equal(0, await ImportAsync(database, Fixture("product.txt"), null, null, null, null, TextWriter.Null, TextWriter.Null));
        var directory = Directory.CreateTempSubdirectory("terminology-");
        try
        {
            var stderr = new StringWriter();
            Assert.Equal(2, await ImportAsync(database, null, null, new FileInfo(Path.Combine(Fixtures, "missing.RRF")), null, null, TextWriter.Null, stderr));
            Assert.Contains("file not found", stderr.ToString(), StringComparison.Ordinal);

            Assert.Equal(2, await ImportAsync(database, Fixture("RXNREL.RRF"), null, null, null, null, TextWriter.Null, stderr));
            Assert.Contains($"product.txt (--ndc-product {Fixture("RXNREL.RRF").FullName}): header lacks column(s) PRODUCTNDC", stderr.ToString(), StringComparison.Ordinal);

            var shortRow = Path.Combine(directory.FullName, "product.txt");
            var lines = await File.ReadAllLinesAsync(Fixture("product.txt").FullName, Ct);
            await File.WriteAllLinesAsync(shortRow, [lines[0], lines[1], "0069-0002_cccc\t0069-0002\tHUMAN PRESCRIPTION DRUG"], Ct);
            Assert.Equal(2, await ImportAsync(database, new FileInfo(shortRow), null, null, null, null, TextWriter.Null, stderr));
            Assert.Contains($"product.txt (--ndc-product {shortRow}) line 3: expected at least 20 tab-separated fields (as its header), found 3", stderr.ToString(), StringComparison.Ordinal);
            Assert.Contains("fix: download and unzip the file again (docs/terminology.md says where), or correct the line named", stderr.ToString(), StringComparison.Ordinal);

            var badCui = Path.Combine(directory.FullName, "RXNCONSO.RRF");
            await File.WriteAllLinesAsync(badCui, [(await File.ReadAllLinesAsync(Fixture("RXNCONSO.RRF").FullName, Ct))[0], "90x001|ENG||L1|PF|S1|Y|A1|||900001|RXNORM|SCD|900001|x||N|4096|"], Ct);
            Assert.Equal(2, await ImportAsync(database, null, null, new FileInfo(badCui), null, null, TextWriter.Null, stderr));
            Assert.Contains($"RXNCONSO (--rxnconso {badCui}) line 2: RXCUI (field 1) is not a number", stderr.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("90x001", stderr.ToString(), StringComparison.Ordinal); // a field's value is never quoted back

            await using var db = database.Context();
            Assert.Equal(1, await TerminologyStore.LatestImportIdAsync(db, Ct));
            Assert.Equal(3, await db.Set<TerminologyCode>().CountAsync(Ct));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Import_refuses_a_part_that_would_replace_a_code_system_with_nothing(string provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        Assert.Equal(0, await ImportAsync(database, Fixture("product.txt"), null, Fixture("RXNCONSO.RRF"), null, null, TextWriter.Null, TextWriter.Null));
        var directory = Directory.CreateTempSubdirectory("terminology-");
        try
        {
            var empty = Path.Combine(directory.FullName, "RXNCONSO.RRF");
            await File.WriteAllTextAsync(empty, "", Ct);
            var otherSources = Path.Combine(directory.FullName, "OTHER.RRF");
            await File.WriteAllLinesAsync(otherSources, ["900040|ENG||L9|PF|S9|Y|A9|||900040|MTHSPL|SCD|900040|sertraline 50 MG Oral Tablet||N|4096|"], Ct);
            var noProducts = Path.Combine(directory.FullName, "product.txt");
            await File.WriteAllLinesAsync(noProducts, [(await File.ReadAllLinesAsync(Fixture("product.txt").FullName, Ct))[0]], Ct);
            foreach (var (rxnconso, product, expected) in new[]
            {
                (empty, (string?)null, $"RXNCONSO (--rxnconso {empty}) holds no RxNorm concept to import"),
                (otherSources, null, $"RXNCONSO (--rxnconso {otherSources}) holds no RxNorm concept to import"),
                ((string?)null, noProducts, $"product.txt (--ndc-product {noProducts}) holds no product with an NDC and a name"),
            })
            {
                var stderr = new StringWriter();
                Assert.Equal(2, await ImportAsync(database, product is null ? null : new FileInfo(product), null, rxnconso is null ? null : new FileInfo(rxnconso), null, null, TextWriter.Null, stderr));
                Assert.Contains(expected, stderr.ToString(), StringComparison.Ordinal);
                Assert.Contains("nothing was imported", stderr.ToString(), StringComparison.Ordinal);
                Assert.Contains("fix: ", stderr.ToString(), StringComparison.Ordinal);
            }

            // the store itself never commits an empty code system
            await using (var db = database.Context())
            {
                await Assert.ThrowsAsync<ArgumentException>(() => TerminologyStore.ReplaceAsync(db, new Dictionary<string, string>(), null, "x", DateTimeOffset.UnixEpoch, null, Ct));
            }

            await using var check = database.Context();
            Assert.Equal(1, await TerminologyStore.LatestImportIdAsync(check, Ct));
            var map = await TerminologyStore.LoadAsync(check, 1, Ct);
            Assert.Equal((7, 3), (map.RxNormCount, map.NdcCount));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_out_file_that_cannot_be_written_is_refused_before_anything_is_imported()
    {
        await using var database = await TestDatabase.CreateAsync("Sqlite");
        var directory = Directory.CreateTempSubdirectory("terminology-");
        try
        {
            foreach (var (output, expected) in new[]
            {
                (directory.FullName, $"--out {directory.FullName} is a directory"),
                ("/proc/no-such-folder/terminology.json", "cannot write --out /proc/no-such-folder/terminology.json"),
                ("", "the file name given to --out is empty"),
            })
            {
                var stderr = new StringWriter();
                Assert.Equal(2, await ImportAsync(database, Fixture("product.txt"), null, null, null, output, TextWriter.Null, stderr));
                Assert.Contains(expected, stderr.ToString(), StringComparison.Ordinal);
                Assert.Contains("nothing was imported", stderr.ToString(), StringComparison.Ordinal);
                Assert.Contains("fix: give --out a file name", stderr.ToString(), StringComparison.Ordinal);
            }

            Assert.Empty(directory.GetFileSystemInfos()); // the probe left nothing behind
            Assert.False(File.Exists(database.ConnectionString["Data Source=".Length..].Split(';')[0])); // the database was never opened
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_out_file_that_is_an_input_is_refused_and_the_input_kept()
    {
        // found by an independent edge probe: --rxnconso rx.RRF --out rx.RRF (or --out through a link to it) replaced
        // the release file with the map, with exit 0
        await using var database = await TestDatabase.CreateAsync("Sqlite");
        var directory = Directory.CreateTempSubdirectory("terminology-");
        try
        {
            var conso = Path.Combine(directory.FullName, "RXNCONSO.RRF");
            File.Copy(Fixture("RXNCONSO.RRF").FullName, conso);
            var product = Path.Combine(directory.FullName, "product.txt");
            File.Copy(Fixture("product.txt").FullName, product);
            var link = Path.Combine(directory.FullName, "link.RRF");
            File.CreateSymbolicLink(link, conso);
            var folderLink = Path.Combine(directory.FullName, "again");
            Directory.CreateSymbolicLink(folderLink, directory.FullName);
            var before = await File.ReadAllBytesAsync(conso, Ct);

            foreach (var (output, option, input) in new[]
            {
                (conso, "--rxnconso", conso),
                (link, "--rxnconso", conso),
                (Path.Combine(folderLink, "RXNCONSO.RRF"), "--rxnconso", conso),
                (Path.Combine(directory.FullName, ".", "product.txt"), "--ndc-product", product),
            })
            {
                var stderr = new StringWriter();
                Assert.Equal(2, await ImportAsync(database, new FileInfo(product), null, new FileInfo(conso), null, output, TextWriter.Null, stderr));
                Assert.Contains($"is the {option} file {input}, which the map would replace; nothing was imported.", stderr.ToString(), StringComparison.Ordinal);
                Assert.Contains("fix: give --out another file name", stderr.ToString(), StringComparison.Ordinal);
            }

            Assert.Equal(before, await File.ReadAllBytesAsync(conso, Ct)); // the release file is untouched
            Assert.False(File.Exists(database.ConnectionString["Data Source=".Length..].Split(';')[0])); // the database was never opened

            // another file beside them is written as before
            Assert.Equal(0, await ImportAsync(database, new FileInfo(product), null, new FileInfo(conso), null, Path.Combine(directory.FullName, "map.json"), TextWriter.Null, new StringWriter()));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task An_out_path_that_is_no_regular_file_is_refused_and_a_link_is_written_through()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("mkfifo and statx are Linux's here");
            return;
        }

        // found by an edge probe: the map was renamed over whatever --out named, so --out /dev/null run as root replaced
        // the device, a named pipe became a file, and a link to a shared map was replaced by a copy, the map it named
        // left stale
        await using var database = await TestDatabase.CreateAsync("Sqlite");
        var directory = Directory.CreateTempSubdirectory("terminology-");
        try
        {
            var fifo = Path.Combine(directory.FullName, "map.fifo");
            using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", [fifo]))
            {
                await mkfifo.WaitForExitAsync(Ct);
            }

            var stderr = new StringWriter();
            Assert.Equal(2, await ImportAsync(database, Fixture("product.txt"), null, null, null, fifo, TextWriter.Null, stderr));
            Assert.Contains($"--out {fifo} is not a regular file (a device, a named pipe or a socket), which the map would replace; nothing was imported.", stderr.ToString(), StringComparison.Ordinal);
            Assert.True(File.Exists(fifo)); // still there, still a pipe
            Assert.Equal(false, InputFiles.IsRegularFile(new FileInfo(fifo)));

            var shared = Path.Combine(directory.FullName, "shared.json");
            await File.WriteAllTextAsync(shared, "{}", Ct);
            var link = Path.Combine(directory.FullName, "link.json");
            File.CreateSymbolicLink(link, shared);
            var stdout = new StringWriter();
            Assert.Equal(0, await ImportAsync(database, Fixture("product.txt"), null, null, null, link, stdout, new StringWriter()));
            Assert.Equal(shared, new FileInfo(link).LinkTarget); // the link stays a link
            Assert.True(TerminologyMap.Load(shared).NdcCount > 0); // and the file it names holds the map
            Assert.DoesNotContain(directory.GetFiles(), f => f.Name.EndsWith(".tmp", StringComparison.Ordinal));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task A_worker_maps_an_ndc_only_dispense_after_an_import_without_a_restart_and_re_maps_items_stored_before()
    {
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        await using var database = await TestDatabase.CreateAsync("PostgreSql");
        await using var worker = await WorkerTestHost.StartAsync(broker.AmqpUri, database.ConnectionString, Ct,
            new Dictionary<string, string?> { ["Terminology:RefreshInterval"] = "00:00:01" });

        // before any import: accepted, stored, but the NDC maps to nothing
        Assert.True(await broker.PublishAsync(MedicationDispensed.ExchangeName, NdcOnly(Guid.NewGuid(), "PT-before", "12345-678-90", "D-1"), Ct));
        await worker.WaitForProcessedAsync(1, TimeSpan.FromSeconds(30), Ct);
        var before = Assert.Single((await worker.PatientAsync("PT-before"))!.Items);
        Assert.Equal("", before.Ingredients);

        var stdout = new StringWriter();
        Assert.Equal(0, await ImportAsync(database, Fixture("product.txt"), Fixture("package.txt"), Fixture("RXNCONSO.RRF"), Fixture("RXNREL.RRF"), null, stdout, stdout));
        var catalog = worker.Host.Services.GetRequiredService<TerminologyCatalog>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (catalog.Current.ImportId != 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "the worker did not load import 1");
            await Task.Delay(100, Ct);
        }

        // after it: an NDC-only phenelzine dispense beside sertraline (by RxCUI only) raises the contraindication
        Assert.True(await broker.PublishAsync(MedicationDispensed.ExchangeName, NdcOnly(Guid.NewGuid(), "PT-after", "12345-678-90", "D-2"), Ct));
        Assert.True(await broker.PublishAsync(MedicationDispensed.ExchangeName, RxNormOnly(Guid.NewGuid(), "PT-after", "900001", "D-3"), Ct));
        await worker.WaitForProcessedAsync(3, TimeSpan.FromSeconds(30), Ct);
        var after = (await worker.PatientAsync("PT-after"))!.Items.OrderBy(i => i.ItemKey).ToList();
        Assert.Equal(["phenelzine", "sertraline"], after.Select(i => i.Ingredients));
        Assert.All(after, i => Assert.EndsWith("+terminology.1", i.NormalisedWith, StringComparison.Ordinal));
        var rules = await worker.QueryAsync(db => db.Findings.Where(f => db.Patients.Any(p => p.Id == f.PatientId && p.PatientRef == "PT-after")).Select(f => f.RuleId).ToListAsync(Ct));
        Assert.Contains("SER-01", rules);

        // the item stored before the import is re-mapped by the patient's next change
        Assert.True(await broker.PublishAsync(MedicationDispensed.ExchangeName, RxNormOnly(Guid.NewGuid(), "PT-before", "900001", "D-4"), Ct));
        await worker.WaitForProcessedAsync(4, TimeSpan.FromSeconds(30), Ct);
        var remapped = (await worker.PatientAsync("PT-before"))!.Items.OrderBy(i => i.ItemKey).ToList();
        Assert.Equal(["phenelzine", "sertraline"], remapped.Select(i => i.Ingredients));
    }

    [Fact]
    public async Task The_sweep_re_maps_an_item_stored_before_the_import_when_its_regimen_is_due()
    {
        await using var database = await TestDatabase.CreateAsync("Sqlite");
        using var host = await SertralineAndUnmappedNdcAsync(database, "PT-sweep");
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();

        Assert.Equal(0, await ImportAsync(database, Fixture("product.txt"), Fixture("package.txt"), null, null, null, TextWriter.Null, TextWriter.Null));
        await host.Services.LoadTerminologyAsync(Ct);
        await using (var db = database.Context())
        {
            Assert.Equal(["", "sertraline"], await db.RegimenItems.Select(i => i.Ingredients).OrderBy(i => i).ToListAsync(Ct));
            await db.Patients.ExecuteUpdateAsync(p => p.SetProperty(x => x.NextReviewAt, now), Ct); // due now
        }

        var swept = await host.Services.GetRequiredService<RegimenMonitor.Worker.Sweep.RegimenSweeper>().SweepAsync(null, Ct);

        Assert.Equal(1, swept.Regimens);
        await using (var db = database.Context())
        {
            var items = await db.RegimenItems.OrderBy(i => i.Ingredients).ToListAsync(Ct);
            Assert.Equal(["phenelzine", "sertraline"], items.Select(i => i.Ingredients));
            Assert.All(items, i => Assert.EndsWith("+terminology.1", i.NormalisedWith, StringComparison.Ordinal));
            Assert.Contains("SER-01", await db.Findings.Select(f => f.RuleId).ToListAsync(Ct));
        }
    }

    [Fact]
    public async Task A_worker_started_after_an_import_re_maps_and_alerts_every_regimen_stored_before_it_without_an_event()
    {
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        await using var database = await TestDatabase.CreateAsync("PostgreSql");
        using (await SertralineAndUnmappedNdcAsync(database, "PT-start"))
        {
        }

        Assert.Equal(0, await ImportAsync(database, Fixture("product.txt"), Fixture("package.txt"), null, null, null, TextWriter.Null, TextWriter.Null));
        await using (var db = database.Context())
        {
            Assert.Empty(await db.Findings.ToListAsync(Ct));
        }

        // the worker starts on import 1, which no sweep has brought the stored regimens up to: its sweep job's firing at
        // start re-maps the NDC and raises the contraindication, with no event for the patient and no operator
        await using var worker = await WorkerTestHost.StartAsync(broker.AmqpUri, database.ConnectionString, Ct);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await worker.QueryAsync(db => db.FullSweeps.AnyAsync(s => s.Stamp.EndsWith("+terminology.1"), Ct)))
        {
            Assert.True(DateTime.UtcNow < deadline, "the worker did not sweep every regimen after the import");
            await Task.Delay(200, Ct);
        }

        Assert.Equal(["phenelzine", "sertraline"], (await worker.PatientAsync("PT-start"))!.Items.Select(i => i.Ingredients).Order());
        Assert.Contains("SER-01", await worker.QueryAsync(db => db.Findings.Select(f => f.RuleId).ToListAsync(Ct)));
        Assert.Equal(1L, await worker.QueryAsync(db => db.FullSweeps.Select(s => s.Regimens).SingleAsync(Ct)));
    }

    /// <summary>
    /// A migrated tool host on <paramref name="database"/> and, for <paramref name="patient"/>, sertraline by name and
    /// phenelzine by an NDC that no terminology maps before the fixtures' import: stored, with no finding yet.
    /// </summary>
    private static async Task<Microsoft.Extensions.Hosting.IHost> SertralineAndUnmappedNdcAsync(TestDatabase database, string patient)
    {
        var host = RegimenMonitor.Worker.Hosting.RegimenMonitorHost.CreateBuilder([], RegimenMonitor.Worker.Infrastructure.Configuration.HostRole.Tool,
            new Dictionary<string, string?>(database.Settings)).Build();
        await host.Services.GetRequiredService<MigrationRunner>().MigrateAsync(Ct);
        var now = host.Services.GetRequiredService<TimeProvider>().GetUtcNow();
        await using var scope = host.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<RegimenStore>();
        foreach (var medication in new[] { new MedicationProduct { Text = "Zoloft 50 mg tablet" }, new MedicationProduct { Ndc = "12345-678-90" } })
        {
            await store.ApplyAsync(EventMapper.Map(new MedicationDispensed
            {
                EventId = Guid.NewGuid(), PatientId = patient, DispensedAt = now.AddDays(-1), Medication = medication, DaysSupply = 30,
            }, 30), Ct);
        }

        return host;
    }

    private static string NdcOnly(Guid eventId, string patient, string ndc, string dispenseId) => JsonSerializer.Serialize(new
    {
        eventId, patientId = patient, dispenseId, dispensedAt = "2026-11-20T09:00:00Z", daysSupply = 30, medication = new { ndc },
    });

    private static string RxNormOnly(Guid eventId, string patient, string rxnorm, string dispenseId) => JsonSerializer.Serialize(new
    {
        eventId, patientId = patient, dispenseId, dispensedAt = "2026-11-21T09:00:00Z", daysSupply = 30, medication = new { rxnorm },
    });

    private static Task<int> ImportAsync(TestDatabase database, FileInfo? product, FileInfo? package, FileInfo? rxnconso, FileInfo? rxnrel, string? output,
        TextWriter stdout, TextWriter stderr) =>
        TerminologyVerb.ImportAsync(rxnconso, rxnrel, product, package, output, stdout, stderr, Ct, database.Settings);

    /// <summary>A fresh SQLite file, PostgreSQL or SQL Server database for one test.</summary>
    private sealed class TestDatabase : IAsyncDisposable
    {
        private readonly IAsyncDisposable? _server;
        private readonly string? _directory;

        private TestDatabase(string provider, string connectionString, IAsyncDisposable? server, string? directory)
        {
            _server = server;
            _directory = directory;
            ConnectionString = connectionString;
            Settings = new Dictionary<string, string?>
            {
                ["Database:Provider"] = provider,
                ["ConnectionStrings:Database"] = connectionString,
                ["Logging:LogLevel:Default"] = "Warning",
            };
        }

        public string ConnectionString { get; }

        public Dictionary<string, string?> Settings { get; }

        public static async Task<TestDatabase> CreateAsync(string provider)
        {
            if (provider == "PostgreSql")
            {
                var postgres = await PostgresTestDatabase.CreateAsync(Ct);
                return new TestDatabase(provider, postgres.ConnectionString, postgres, null);
            }

            if (provider == "SqlServer")
            {
                var sqlServer = await SqlServerTestDatabase.CreateAsync(Ct);
                return new TestDatabase(provider, sqlServer.ConnectionString, sqlServer, null);
            }

            var directory = Directory.CreateTempSubdirectory("terminology-db-").FullName;
            return new TestDatabase(provider, $"Data Source={Path.Combine(directory, "state.db")};Pooling=False", null, directory);
        }

        public RegimenDbContext Context()
        {
            var options = new DbContextOptionsBuilder<RegimenDbContext>();
            Worker.Infrastructure.Database.Dialects.DatabaseDialect.For(Enum.Parse<Worker.Infrastructure.Configuration.DatabaseProvider>(Settings["Database:Provider"]!))
                .UseProvider(options, ConnectionString);
            return new RegimenDbContext(options.Options);
        }

        public async ValueTask DisposeAsync()
        {
            if (_server is not null)
            {
                await _server.DisposeAsync();
            }

            if (_directory is not null)
            {
                Directory.Delete(_directory, recursive: true);
            }
        }
    }
}
