using System.Text.Json;
using RegimenMonitor.Worker.Cli;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

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

    [Fact]
    public async Task An_event_time_ahead_of_the_clock_is_held_to_the_configured_skew()
    {
        var ahead = DateTimeOffset.UtcNow.AddHours(2).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(file, $$"""{"type":"medication-dispensed","eventId":"7d2f1e7a-0000-4000-8000-0000000000f1","patientId":"PT-f","dispensedAt":"{{ahead}}","medication":{"text":"Zoloft 50 mg tablet"},"daysSupply":30}""",
                TestContext.Current.CancellationToken);
            var error = new StringWriter();
            Assert.Equal(2, await EvaluateVerb.RunAsync(new FileInfo(file), null, new StringWriter(), error, TimeProvider.System, TestContext.Current.CancellationToken));
            Assert.Contains("dispensedAt must not be in the future (at most 00:05:00 ahead", error.ToString(), StringComparison.Ordinal);

            // a day's skew configured: the same line is accepted, as the worker would accept it
            error = new StringWriter();
            Assert.Equal(0, await EvaluateVerb.RunAsync(new FileInfo(file), null, new StringWriter(), error, TimeProvider.System, TestContext.Current.CancellationToken,
                new Dictionary<string, string?> { ["Regimen:MaxFutureSkew"] = "1.00:00:00" }));
            // not yet begun at the default --as-of (now): a note says so, no bad line
            Assert.StartsWith("regimen-monitor evaluate: note: --as-of ", error.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("line 1", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
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
    public async Task A_product_dispensed_again_is_listed_once_as_unrecognised_and_per_dispense_as_a_product()
    {
        const string first = """{"type":"medication-dispensed","eventId":"7d2f1e7a-0000-4000-8000-000000000011","patientId":"PT-e","dispenseId":"D-1","dispensedAt":"2026-09-01T09:00:00Z","medication":{"text":"Xyzzyl 5 mg tablet"},"daysSupply":30}""";
        const string second = """{"type":"medication-dispensed","eventId":"7d2f1e7a-0000-4000-8000-000000000012","patientId":"PT-e","dispenseId":"D-2","dispensedAt":"2026-10-01T09:00:00Z","medication":{"text":"Xyzzyl 5 mg tablet"},"daysSupply":30}""";

        var (exit, output, error) = await EvaluateAsync("2026-10-15", first, second, Tea);

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var texts = json.RootElement.GetProperty("unrecognised").EnumerateArray().Select(u => u.GetProperty("productText").GetString()).ToList();
        Assert.Equal(["Xyzzyl 5 mg tablet", "Grandma's sleepy tea"], texts);
        var products = json.RootElement.GetProperty("products").EnumerateArray()
            .Where(p => p.GetProperty("productText").GetString() == "Xyzzyl 5 mg tablet").Select(p => p.GetProperty("dispenseId").GetString()).ToList();
        Assert.Equal(["D-1", "D-2"], products);
    }

    [Fact]
    public async Task Evaluate_shows_each_products_ingredients_and_route()
    {
        var (exit, output, error) = await EvaluateAsync("2026-10-15", Phenelzine, Robitussin, Tea);

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var products = json.RootElement.GetProperty("products").EnumerateArray()
            .ToDictionary(p => p.GetProperty("productText").GetString()!, p => string.Join(';', p.GetProperty("ingredients").EnumerateArray()
                .Select(i => $"{i.GetProperty("name").GetString()}|{i.GetProperty("route").GetString()}|{i.GetProperty("matched").GetString()}")));
        Assert.Equal("phenelzine|brand|nardil", products["Nardil 15 mg tablet"]);
        Assert.Equal("dextromethorphan|combination|robitussin dm;guaifenesin|combination|robitussin dm", products["Robitussin DM"]);
        Assert.Equal("", products["Grandma's sleepy tea"]);
    }

    [Fact]
    public async Task Evaluate_names_the_item_of_each_product_so_repeated_dispenses_can_be_told_apart()
    {
        var (exit, output, error) = await EvaluateAsync("2026-10-15",
            """{"type":"medication-dispensed","eventId":"7d2f1e7a-0000-4000-8000-000000000021","patientId":"PT-e","dispenseId":"D-1","dispensedAt":"2026-09-01T09:00:00Z","medication":{"text":"Nardil 15 mg tablet"},"daysSupply":30}""",
            """{"type":"medication-dispensed","eventId":"7d2f1e7a-0000-4000-8000-000000000022","patientId":"PT-e","dispenseId":"D-2","dispensedAt":"2026-10-01T09:00:00Z","medication":{"text":"Nardil 15 mg tablet"},"daysSupply":30}""",
            """{"type":"supplement-reported","eventId":"7d2f1e7a-0000-4000-8000-000000000023","patientId":"PT-e","statementId":"S-1","reportedAt":"2026-10-10T09:00:00Z","supplement":{"text":"Robitussin DM"}}""",
            Phenelzine);

        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        var products = json.RootElement.GetProperty("products").EnumerateArray().ToList();
        // a dispense without a dispenseId is keyed by its eventId, as the worker keys it
        Assert.Equal(["D-1", "D-2", null, "7d2f1e7a-0000-4000-8000-000000000001"], products.Select(p => p.TryGetProperty("dispenseId", out var id) ? id.GetString() : null));
        Assert.Equal([null, null, "S-1", null], products.Select(p => p.TryGetProperty("statementId", out var id) ? id.GetString() : null));
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
    public async Task Every_bad_line_is_reported_in_one_run_and_nothing_is_evaluated()
    {
        var (exit, output, error) = await EvaluateAsync("2026-10-15",
            """{"type":"medication-dispensed","eventId":"x"}""", Phenelzine, "not json", Robitussin, """{"type":"lab-result"}""");
        Assert.Equal(2, exit);
        Assert.Empty(output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("line 1: Invalid event: eventId", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("line 3: Invalid event: line is not valid JSON", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("line 5: Invalid event: type must be", lines[2], StringComparison.Ordinal);
        Assert.Contains("3 bad line(s)", lines[3], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length);
    }

    [Fact]
    public async Task A_line_forging_the_readers_reason_is_reported_as_not_json_without_its_text()
    {
        var (exit, output, error) = await EvaluateAsync("2026-10-15", "\0not-utf8:PT-e takes Nardil", Phenelzine, "\0not-utf8:\u001b]0;title\u0007");
        Assert.Equal(2, exit);
        Assert.Empty(output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("line 1: Invalid event: line is not valid JSON (position 0;", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("line 3: Invalid event: line is not valid JSON (position 0;", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain("PT-e", error, StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_of_one_endless_line_is_refused_line_by_line_without_reading_it_whole()
    {
        // `truncate -s 3G`: one line of NULs; 256 MiB here (sparse), beyond any line the reader would hold
        var file = Path.GetTempFileName();
        try
        {
            await using (var stream = new FileStream(file, FileMode.Open))
            {
                stream.SetLength(256L << 20);
                stream.Seek(0, SeekOrigin.End);
                await stream.WriteAsync(System.Text.Encoding.UTF8.GetBytes("\n" + Phenelzine + "\n"), TestContext.Current.CancellationToken);
            }

            var output = new StringWriter();
            var error = new StringWriter();
            var exit = await EvaluateVerb.RunAsync(new FileInfo(file), "2026-10-15", output, error, TimeProvider.System, TestContext.Current.CancellationToken);
            Assert.Equal(2, exit);
            Assert.Empty(output.ToString());
            var lines = error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith('[')).ToList();
            Assert.Equal("line 1: Invalid event: longer than 65536 bytes (one event is at most 64 KiB, as on the broker)", lines[0]);
            Assert.Contains("1 bad line(s)", lines[1], StringComparison.Ordinal);
            Assert.Equal(2, lines.Count);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_file_of_lines_that_are_no_json_objects_is_read_up_to_a_run_of_them()
    {
        // a CSV, a binary file, /dev/urandom given by mistake: 100 reports, then a stop, not one report per line for ever
        var lines = Enumerable.Range(0, 250).Select(i => i % 10 == 0 ? "" : $"row,{i},Zoloft 50 mg tablet").ToArray();
        var (exit, output, error) = await EvaluateAsync("2026-10-15", [Phenelzine, .. lines]);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        var reports = error.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("line ", StringComparison.Ordinal)).ToList();
        Assert.Equal(101, reports.Count);
        // the 100th such line is line 113 (the first line is an event, then every tenth line is blank)
        Assert.Equal("line 113: stopped reading: 100 lines in a row, blank lines aside, are no JSON object (not UTF-8 text, longer than 65536 bytes, or not starting with '{'); is it an NDJSON file, saved as UTF-8?", reports[^1]);
        // the count of the lines read, which the stop names, not of the file (found by an independent edge probe)
        Assert.Contains("regimen-monitor evaluate: 100 bad line(s) in the 113 line(s) read from ", error, StringComparison.Ordinal);
        Assert.Contains(" before reading stopped; nothing evaluated.", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dev_urandom_is_read_up_to_a_run_of_lines_that_are_no_json_objects()
    {
        if (!File.Exists("/dev/urandom"))
        {
            Assert.Skip("no /dev/urandom here");
            return;
        }

        var error = new StringWriter();
        var exit = await EvaluateVerb.RunAsync(new FileInfo("/dev/urandom"), null, new StringWriter(), error, TimeProvider.System, TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
        Assert.Contains(": stopped reading: 100 lines in a row, blank lines aside, are no JSON object", error.ToString(), StringComparison.Ordinal);
        var stop = System.Text.RegularExpressions.Regex.Match(error.ToString(), @"line (\d+): stopped reading");
        var summary = System.Text.RegularExpressions.Regex.Match(error.ToString(), @"evaluate: (\d+) bad line\(s\) in the (\d+) line\(s\) read from /dev/urandom before reading stopped");
        Assert.True(stop.Success && summary.Success, error.ToString());
        Assert.Equal(stop.Groups[1].Value, summary.Groups[2].Value);
    }

    [Fact]
    public async Task A_repeated_event_is_skipped_as_in_the_worker_and_is_noted()
    {
        // the second line repeats the first event, re-serialised with its properties in another order
        using var first = JsonDocument.Parse(Phenelzine);
        var reordered = "{" + string.Join(",", first.RootElement.EnumerateObject().Reverse().Select(p => p.ToString())) + "}";
        var (exit, output, error) = await EvaluateAsync("2026-10-15", Phenelzine, reordered, Robitussin);
        Assert.True(exit == 0, error);
        Assert.Equal("line 2: note: eventId already on line 1; skipped, as the worker skips a duplicate event", error.Trim());
        using var json = JsonDocument.Parse(output);
        Assert.Equal(["Nardil 15 mg tablet", "Robitussin DM"], json.RootElement.GetProperty("products").EnumerateArray().Select(p => p.GetProperty("productText").GetString()));
    }

    [Fact]
    public async Task A_file_replayed_into_itself_names_the_first_repeats_and_counts_the_rest()
    {
        // found by an edge probe: every repeated line printed its own note, as many notes as lines
        var lines = new List<string> { Phenelzine, Robitussin };
        lines.AddRange(Enumerable.Repeat(Phenelzine, 30));
        lines.AddRange(Enumerable.Repeat(Robitussin, 30));
        var (exit, output, error) = await EvaluateAsync("2026-10-15", [.. lines]);
        Assert.True(exit == 0, error);
        var notes = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(EvaluateVerb.DuplicateNotesNamed + 1, notes.Length);
        Assert.Equal("line 3: note: eventId already on line 1; skipped, as the worker skips a duplicate event", notes[0]);
        Assert.StartsWith($"line {EvaluateVerb.DuplicateNotesNamed + 2}: note: eventId already on line 1;", notes[^2], StringComparison.Ordinal);
        Assert.Equal($"regimen-monitor evaluate: note: 40 more line(s) repeated an earlier line's event (60 in all, the first {EvaluateVerb.DuplicateNotesNamed} named above); skipped, as the worker skips a duplicate event", notes[^1]);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(["Nardil 15 mg tablet", "Robitussin DM"], json.RootElement.GetProperty("products").EnumerateArray().Select(p => p.GetProperty("productText").GetString()));
    }

    [Fact]
    public async Task An_event_id_reused_by_another_event_is_a_bad_line_as_the_worker_refuses_it()
    {
        // the second line reuses the first's eventId with other content: the worker refuses it to _error
        var repeat = Robitussin.Replace("000000000002", "000000000001", StringComparison.Ordinal);
        var (exit, output, error) = await EvaluateAsync("2026-10-15", Phenelzine, repeat);
        Assert.Equal(2, exit);
        Assert.Empty(output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("line 2: Invalid event: eventId: already on line 1 for an event that says something else (this one differs in event type); ", lines[0], StringComparison.Ordinal);
        Assert.Contains("1 bad line(s)", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_id_reused_names_the_fields_that_differ_and_not_their_values()
    {
        // found by a newcomer probe: the reason listed every field a fingerprint covers, not the ones that differ
        var other = Phenelzine.Replace("Nardil 15 mg tablet", "Marplan 10 mg tablet", StringComparison.Ordinal)
            .Replace("\"daysSupply\":30", "\"daysSupply\":60", StringComparison.Ordinal);
        var (exit, _, error) = await EvaluateAsync("2026-10-15", Phenelzine, other);
        Assert.Equal(2, exit);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("line 2: Invalid event: eventId: already on line 1 for an event that says something else (this one differs in medication.text, daysSupply); ", lines[0], StringComparison.Ordinal);
        Assert.DoesNotContain("Marplan", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Nardil", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Every_bad_line_reason_starts_as_the_brokers_do()
    {
        // found by an edge probe: "line is not valid JSON", "type must be" and "patientId differs" had no "Invalid event: "
        var (exit, _, error) = await EvaluateAsync("2026-10-15", Phenelzine, "{not json", "{\"type\":\"other\"}", "[1]");

        Assert.Equal(2, exit);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("line 2: Invalid event: line is not valid JSON", lines[0], StringComparison.Ordinal);
        Assert.Equal("line 3: Invalid event: type must be \"medication-dispensed\" or \"supplement-reported\"", lines[1]);
        Assert.Equal("line 4: Invalid event: line is not a JSON object", lines[2]);
        Assert.Contains("3 bad line(s)", lines[3], StringComparison.Ordinal);
    }

    /// <summary>
    /// Found by a newcomer probe (L3): the sample feed, several patients' sound events, got "patientId differs from the
    /// first event's" on 22 lines, then "22 bad line(s) … Fix them and run again."
    /// </summary>
    [Fact]
    public async Task A_feed_of_several_patients_is_said_once_by_count_not_as_bad_lines()
    {
        var second = Robitussin.Replace("\"PT-e\"", "\"PT-SECRET-2\"", StringComparison.Ordinal);
        var third = Tea.Replace("\"PT-e\"", "\"PT-SECRET-3\"", StringComparison.Ordinal);
        Assert.NotEqual(Robitussin, second);
        Assert.NotEqual(Tea, third);
        var file = Path.GetTempFileName();
        await File.WriteAllLinesAsync(file, [Phenelzine, second, third, Robitussin, second], TestContext.Current.CancellationToken);
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await EvaluateVerb.RunAsync(new FileInfo(file), "2026-10-15", output, error, TimeProvider.System, TestContext.Current.CancellationToken);
        File.Delete(file);

        Assert.Equal(2, exit);
        Assert.Empty(output.ToString());
        Assert.Equal(
            $"regimen-monitor evaluate: {file} holds the events of 3 patients, and evaluate takes one patient's regimen per file; nothing evaluated.\n"
            + $"  fix: give it one patient's events: samples/regimen/ in the repository holds such a file; or keep one patient's lines of every feed that has them (reports of supplements often come in another feed than the dispenses, and a regimen without them misses their interactions), e.g. jq -c 'select(.patientId == \"ID\")' {file} OTHER-FEED.ndjson > one-patient.ndjson (demo and replay take whole feeds).\n",
            error.ToString().ReplaceLineEndings("\n"));
        Assert.DoesNotContain("PT-", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_feed_of_several_patients_with_bad_lines_reports_each_bad_line_and_the_patients_once()
    {
        var second = Robitussin.Replace("\"PT-e\"", "\"PT-SECRET-2\"", StringComparison.Ordinal);
        var (exit, output, error) = await EvaluateAsync("2026-10-15", Phenelzine, second, "{not json", second.Replace("7d2f1e7a-0000-4000-8000-000000000002", "7d2f1e7a-0000-4000-8000-000000000009", StringComparison.Ordinal));

        Assert.Equal(2, exit);
        Assert.Empty(output);
        var lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal(4, lines.Length);
        Assert.StartsWith("line 3: Invalid event: line is not valid JSON", lines[0], StringComparison.Ordinal);
        Assert.Contains("1 bad line(s)", lines[1], StringComparison.Ordinal);
        Assert.Contains("holds the events of 2 patients (line 1 gives one patientId, the other 2 lines another), and evaluate takes one patient's regimen per file", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("fix: correct the patientId of line 1 if it is mistyped; or give it one patient's events", lines[3], StringComparison.Ordinal);
        Assert.DoesNotContain("PT-", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_sample_feed_is_said_to_hold_several_patients_and_the_folder_pointed_to_holds_one_patients_file()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await EvaluateVerb.RunAsync(new FileInfo(RepositoryFiles.Path("samples", "pharmacy-feed.ndjson")), "2026-12-01", output, error, TimeProvider.System, TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
        Assert.Contains(" patients, and evaluate takes one patient's regimen per file; nothing evaluated.", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("bad line", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("samples/regimen/ in the repository", error.ToString(), StringComparison.Ordinal);
        Assert.NotEmpty(Directory.GetFiles(RepositoryFiles.Path("samples", "regimen"), "*.ndjson"));
    }

    [Fact]
    public async Task Replacements_of_one_item_in_a_long_file_keep_the_latest_version()
    {
        // The same statement reported 500 times, stopped by the last report: the indexed lookup must find the item
        // each time (one item, stopped), not add 500 copies.
        var lines = Enumerable.Range(0, 500).Select(i =>
            $$"""{"type":"supplement-reported","eventId":"7d2f1e7a-0000-4000-8001-{{i:D12}}","patientId":"PT-e","statementId":"S-1","reportedAt":"{{new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(10 * i):yyyy-MM-ddTHH:mm:ssZ}}","supplement":{"text":"Robitussin DM"}{{(i == 499 ? ""","status":"stopped","stoppedOn":"2026-10-04" """ : "")}}}""").ToList();
        var (exit, output, error) = await EvaluateAsync("2026-10-15", [Phenelzine, .. lines]);
        Assert.True(exit == 0, error);
        using var json = JsonDocument.Parse(output);
        Assert.Equal(0, json.RootElement.GetProperty("findings").GetArrayLength());
        var (exitActive, outputActive, _) = await EvaluateAsync("2026-10-15", [Phenelzine, .. lines.Take(499)]);
        Assert.Equal(0, exitActive);
        using var active = JsonDocument.Parse(outputActive);
        Assert.Equal("SER-01", Assert.Single(active.RootElement.GetProperty("findings").EnumerateArray()).GetProperty("ruleId").GetString());
    }

    [Fact]
    public async Task A_mistyped_patientId_in_one_patients_file_is_named_by_its_line()
    {
        // a review: a one-patient file whose line 1 said PT-SECRET-9 got "2 patients" and no line to correct
        var statements = Enumerable.Range(0, 12).Select(i =>
            $$$"""{"type":"supplement-reported","eventId":"7d2f1e7a-0000-4000-8002-{{{i:D12}}}","patientId":"PT-e","statementId":"S-{{{i}}}","reportedAt":"2026-10-0{{{1 + (i % 9)}}}T08:00:00Z","supplement":{"text":"Vitamin D3 1000 IU"}}""").ToList();
        var (exit, output, error) = await EvaluateAsync("2026-10-15", [Phenelzine.Replace("\"PT-e\"", "\"PT-SECRET-9\"", StringComparison.Ordinal), .. statements]);

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Contains("holds the events of 2 patients (line 1 gives one patientId, the other 12 lines another)", error, StringComparison.Ordinal);
        Assert.Contains("fix: correct the patientId of line 1 if it is mistyped", error, StringComparison.Ordinal);
        Assert.DoesNotContain("PT-", error, StringComparison.Ordinal);

        // more than ten lines of the smaller part: the first ten, and how many more
        var (_, _, many) = await EvaluateAsync("2026-10-15", [.. statements, .. statements.Select(l => l.Replace("\"PT-e\"", "\"PT-f\"", StringComparison.Ordinal).Replace("-8002-", "-8003-", StringComparison.Ordinal)), Phenelzine]);
        Assert.Contains("(lines 13, 14, 15, 16, 17, 18, 19, 20, 21, 22 and 2 more give one patientId, the other 13 lines another)", many, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_file_mixing_patients_is_refused_without_echoing_the_ids()
    {
        var (exit, _, error) = await EvaluateAsync("2026-10-15", Phenelzine, Robitussin.Replace("PT-e", "PT-other", StringComparison.Ordinal));
        Assert.Equal(2, exit);
        Assert.Contains("holds the events of 2 patients", error, StringComparison.Ordinal);
        Assert.DoesNotContain("PT-", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_readmes_one_patient_sample_shows_the_finding_it_describes()
    {
        // README, "To try evaluate": one major finding on 2026-11-01, none on 2026-12-01
        var file = new FileInfo(RepositoryFiles.Path("samples", "regimen", "PT-20417.ndjson"));
        foreach (var (asOf, expected) in new[] { ("2026-11-01", 1), ("2026-12-01", 0) })
        {
            var output = new StringWriter();
            var error = new StringWriter();
            var exit = await EvaluateVerb.RunAsync(file, asOf, output, error, TimeProvider.System, TestContext.Current.CancellationToken);
            Assert.True(exit == 0, error.ToString());
            using var json = System.Text.Json.JsonDocument.Parse(output.ToString());
            var findings = json.RootElement.GetProperty("findings").EnumerateArray().ToList();
            Assert.Equal(expected, findings.Count);
            Assert.Empty(json.RootElement.GetProperty("unrecognised").EnumerateArray());
            if (expected == 1)
            {
                Assert.Equal("major", findings[0].GetProperty("severity").GetString());
                Assert.Equal("2026-10-15T00:00:00+00:00", findings[0].GetProperty("since").GetString());
                Assert.Equal(["sertraline", "st john's wort"], findings[0].GetProperty("involves").EnumerateArray().Select(i => i.GetProperty("ingredient").GetString()));
            }
        }
    }

    [Fact]
    public async Task A_file_whose_every_product_is_withdrawn_says_so_beside_its_empty_result()
    {
        var withdrawn = Phenelzine.Replace("\"daysSupply\":30", "\"daysSupply\":30,\"dispenseId\":\"D-1\",\"status\":\"entered-in-error\"", StringComparison.Ordinal);
        Assert.NotEqual(Phenelzine, withdrawn);

        var (exit, output, error) = await EvaluateAsync("2026-10-15", withdrawn);

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Empty(json.RootElement.GetProperty("products").EnumerateArray());
        Assert.Contains("note: every product in", error, StringComparison.Ordinal);
        Assert.Contains("is withdrawn (entered in error, cancelled or declined); nothing is left to evaluate", error, StringComparison.Ordinal);

        // a product that stays: no note
        (exit, _, error) = await EvaluateAsync("2026-10-15", Phenelzine, Robitussin);
        Assert.Equal((0, ""), (exit, error));
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    [Fact]
    public async Task A_json_array_or_pretty_printed_file_is_told_how_to_become_ndjson()
    {
        // found by a newcomer probe: `jq -s .` or `jq .` output got one "not valid JSON" per line and no word of why
        var array = new[] { "[", "  " + Phenelzine + ",", "  " + Robitussin, "]" };
        var pretty = JsonSerializer.Serialize(JsonDocument.Parse(Phenelzine).RootElement, Indented).Split('\n');
        foreach (var lines in new[] { array, pretty, [$"[{Phenelzine},{Robitussin}]"] })
        {
            var (exit, _, error) = await EvaluateAsync("2026-10-15", lines);

            Assert.Equal(2, exit);
            Assert.Contains("looks like one JSON document (an array of events, or events written over several lines), not NDJSON, one event per line: jq -c '.[]' ", error, StringComparison.Ordinal);
            Assert.Single(error.Split('\n'), l => l.StartsWith("  fix: ", StringComparison.Ordinal));
        }

        // an NDJSON file whose first line is bad is no JSON document
        var (_, _, plain) = await EvaluateAsync("2026-10-15", Phenelzine.Replace("\"daysSupply\":30", "\"daysSupply\":\"x\"", StringComparison.Ordinal), Robitussin);
        Assert.Contains("line 1: ", plain, StringComparison.Ordinal);
        Assert.DoesNotContain("JSON document", plain, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_as_of_before_every_product_started_says_so_beside_its_empty_result()
    {
        // found by a newcomer probe: an --as-of before the regimen printed no findings, exit 0, and nothing said why
        var (exit, output, error) = await EvaluateAsync("2026-09-30", Phenelzine, Robitussin);

        Assert.Equal(0, exit);
        using (var json = JsonDocument.Parse(output))
        {
            Assert.Empty(json.RootElement.GetProperty("findings").EnumerateArray());
        }

        Assert.Contains("note: --as-of 2026-09-30T23:59:59Z is before every product in", error, StringComparison.Ordinal);
        Assert.Contains("started (the first on 2026-10-01T09:00:00Z); nothing was taken yet at that instant", error, StringComparison.Ordinal);
        Assert.DoesNotContain("Nardil", error, StringComparison.Ordinal);

        // one product begun by then: no note, whatever the other
        (exit, _, error) = await EvaluateAsync("2026-10-05", Phenelzine, Robitussin);
        Assert.Equal((0, ""), (exit, error));
    }

    [Theory]
    [InlineData("json")]
    [InlineData("fhir")]
    public async Task A_file_without_events_is_refused_not_evaluated_as_an_empty_regimen(string format)
    {
        foreach (var content in new[] { "", "\n\n  \n", "\r\n" })
        {
            var file = Path.GetTempFileName();
            await File.WriteAllTextAsync(file, content, TestContext.Current.CancellationToken);
            var output = new StringWriter();
            var error = new StringWriter();
            var exit = await EvaluateVerb.RunAsync(new FileInfo(file), "2026-10-15", output, error, TimeProvider.System, TestContext.Current.CancellationToken, format: format);
            File.Delete(file);

            Assert.Equal(2, exit);
            Assert.Empty(output.ToString());
            Assert.Contains($"regimen-monitor evaluate: {file} holds no events; nothing evaluated.", error.ToString(), StringComparison.Ordinal);
            Assert.Contains("fix: ", error.ToString(), StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("2026-13-01")]
    [InlineData("2026-11-01T09:00:00")]
    [InlineData("soon")]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("11/01/2026 10:00 -05:00")]
    [InlineData("10:00:00.000 +05:00")]
    [InlineData("Sun, 01 Nov 2026 10:00:00 Z")]
    [InlineData("2026-11-01T10:00:00 Z")]
    [InlineData("2026-11-01 10:00:00Z")]
    [InlineData("2026-11-01T10:00:00.12345678901Z")]
    [InlineData("2026-11-01T10:00:00-0500")]
    [InlineData("2026-11-1")]
    // well formed, but outside the years the event contract allows
    [InlineData("0001-01-01")]
    [InlineData("9999-12-31T00:00:00Z")]
    [InlineData("1899-12-31T23:59:59Z")]
    public async Task A_bad_as_of_is_refused(string asOf)
    {
        var (exit, _, error) = await EvaluateAsync(asOf, Phenelzine);
        Assert.Equal(2, exit);
        Assert.Contains("--as-of must be a date", error, StringComparison.Ordinal);
        Assert.Contains("in the years 1900 to 2200", error, StringComparison.Ordinal);
        Assert.DoesNotContain("file name", error, StringComparison.Ordinal); // none of these is one
    }
}

public sealed class EvaluateAsOfTests
{
    [Theory]
    [InlineData("2026-11-01", "2026-11-01T23:59:59+00:00")]
    [InlineData("2026-11-01T10:00:00Z", "2026-11-01T10:00:00+00:00")]
    [InlineData("2026-11-01t10:00:00.123456789-05:00", "2026-11-01T10:00:00.1234567-05:00")]
    public void The_documented_forms_are_read(string text, string expected)
    {
        Assert.True(EvaluateVerb.TryParseAsOf(text, TimeProvider.System, out var asOf));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), asOf);
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture).Offset, asOf.Offset);
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
