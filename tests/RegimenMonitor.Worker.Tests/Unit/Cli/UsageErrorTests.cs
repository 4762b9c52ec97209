using RegimenMonitor.Worker.Cli;

namespace RegimenMonitor.Worker.Tests.Unit.Cli;

/// <summary>Usage errors (exit 2) said in our words, in process: nothing here reaches a verb, a database or a broker.</summary>
public sealed class UsageErrorTests
{
    [Theory]
    // found by an independent probe: "evaluate -events.ndjson" listed evaluate's options and no word of the file
    [InlineData("evaluate", "needs '--' before it (regimen-monitor evaluate -- {file}).")]
    [InlineData("replay", "needs '--' before it (regimen-monitor replay -- {file}).")]
    [InlineData("evaluate --as-of 2026-11-01", "needs '--' before it (regimen-monitor evaluate -- {file}).")]
    [InlineData("terminology import --rxnconso x.RRF", "reads as an option; write it ./{file}.")]
    public async Task An_unknown_option_that_is_a_file_here_says_how_to_give_a_name_starting_with_a_dash(string line, string expected)
    {
        var file = $"-rm-usage-{Guid.NewGuid():N}.ndjson";
        await File.WriteAllTextAsync(file, "{}\n", TestContext.Current.CancellationToken);
        try
        {
            var (exit, error) = await InvokeAsync([.. line.Split(' '), file]);

            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains($"unknown option '{file}'", error, StringComparison.Ordinal);
            Assert.Contains($"'{file}' is a file here: a file name starting with '-' {expected.Replace("{file}", file, StringComparison.Ordinal)}", error, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("evaluate")]
    [InlineData("migrate")] // takes no file: an option of that name is no file name given to it
    public async Task An_unknown_option_that_is_no_file_here_gets_no_file_hint(string verb)
    {
        var name = $"-rm-usage-{Guid.NewGuid():N}.ndjson";
        var (exit, error) = await InvokeAsync([verb, name]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains($"unknown option '{name}'", error, StringComparison.Ordinal);
        Assert.DoesNotContain("is a file here", error, StringComparison.Ordinal);
    }

    [Theory]
    // found by an independent probe: "version" got the list of verbs, where every typo gets a "did you mean"
    [InlineData("version", "unknown verb 'version'; did you mean --version?")]
    [InlineData("Version", "unknown verb 'Version'; did you mean --version?")]
    [InlineData("usage", "unknown verb 'usage'; did you mean --help?")]
    [InlineData("help version", "unknown verb 'version'; did you mean --version?")]
    [InlineData("man", "unknown verb 'man'; did you mean --help?")] // not "did you mean run?"
    public async Task A_word_asking_for_the_version_or_the_usage_is_pointed_to_the_option(string line, string expected)
    {
        var (exit, error) = await InvokeAsync(line.Split(' '));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains($"regimen-monitor: {expected}", error, StringComparison.Ordinal);
    }

    [Theory]
    // found by an independent probe: the parser's "option '--patient' expects a single argument but 2 were provided."
    [InlineData("inspect --patient PT-1 --patient PT-2", "--patient given twice: give it once (one patient id).")]
    [InlineData("inspect --patient=PT-1 --patient PT-2 --json", "--patient given twice: give it once (one patient id).")]
    [InlineData("evaluate --as-of 2026-11-01 --as-of 2026-11-02 f.ndjson", "--as-of given twice ('2026-11-01', '2026-11-02'): give it once.")]
    [InlineData("evaluate --format json --format=fhir f.ndjson", "--format given twice ('json', 'fhir'): give it once.")]
    [InlineData("demo --samples a --samples b --samples c", "--samples given 3 times ('a', 'b', 'c'): give it once.")]
    [InlineData("terminology import --rxnconso a --rxnconso=b", "--rxnconso given twice ('a', 'b'): give it once.")]
    [InlineData("terminology import --out a --out b", "--out given twice ('a', 'b'): give it once.")]
    [InlineData("inspect --patient PT-1 --patient PT-2 --help", "--patient given twice: give it once (one patient id).")] // not the help
    public async Task A_single_value_option_given_twice_is_refused_as_a_configuration_key_given_twice_is(string line, string expected)
    {
        var (exit, error) = await InvokeAsync(line.Split(' '));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains($"regimen-monitor: {expected}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("expects a single argument", error, StringComparison.Ordinal);
        Assert.DoesNotContain("PT-", error, StringComparison.Ordinal); // no message of ours repeats a patient id
    }

    [Theory]
    // found by an independent edge probe: "sweep --json --json" was accepted (and swept)
    [InlineData("sweep --json --json", "--json given twice: give it once.", "sweep")]
    [InlineData("sweep --all --json --all --all", "--all given 3 times: give it once.", "sweep")]
    [InlineData("migrate --json --json", "--json given twice: give it once.", "migrate")]
    [InlineData("health --live --live", "--live given twice: give it once.", "health")]
    [InlineData("--verbose demo --verbose", "--verbose given twice: give it once.", "demo")] // recursive: before and after the verb
    [InlineData("inspect --patient PT-1 --json --json", "--json given twice: give it once.", "inspect")]
    public async Task A_switch_given_twice_is_refused_as_an_option_given_twice_is(string line, string expected, string verb)
    {
        var (exit, error) = await InvokeAsync(line.Split(' '));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal($"regimen-monitor: {expected}\nRun 'regimen-monitor {verb} --help' for usage.\n", error.ReplaceLineEndings("\n"));
    }

    [Theory]
    // help asked for twice is still help (a review: "-h --help" had become a usage error)
    [InlineData("evaluate -h --help")]
    [InlineData("--help --help")]
    [InlineData("evaluate --help -?")]
    public async Task Help_asked_for_twice_is_shown(string line)
    {
        var output = new StringWriter();
        var error = new StringWriter();

        var exit = await RegimenMonitorCli.InvokeAsync(line.Split(' '), output, error);

        Assert.Equal(ExitCodes.Success, exit);
        Assert.Equal(string.Empty, error.ToString());
        Assert.Contains("Usage:", output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_version_asked_for_twice_is_refused_and_not_printed()
    {
        var (exit, error) = await InvokeAsync(["-v", "--version"]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal("regimen-monitor: --version given twice: give it once.\nRun 'regimen-monitor --help' for usage.\n", error.ReplaceLineEndings("\n"));
    }

    /// <summary>
    /// Found by a newcomer walk-through: "inspect PT-1" said "takes no arguments" and "option '--patient' is required",
    /// two lines and no suggestion; an independent probe: the id was echoed, though no message repeats a patient id.
    /// </summary>
    [Fact]
    public async Task A_patient_id_without_its_option_is_pointed_to_it_and_not_repeated()
    {
        var (exit, error) = await InvokeAsync(["inspect", "PT-SECRET-1"]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains("'inspect' takes no arguments: give the patient id with --patient (regimen-monitor inspect --patient ID)", error, StringComparison.Ordinal);
        Assert.DoesNotContain("PT-SECRET-1", error, StringComparison.Ordinal);
        Assert.DoesNotContain("is required", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Found by a newcomer probe: "FILE evaluate" said "unexpected argument 'FILE' for 'evaluate'" and then "required
    /// argument 'file' missing", two lines that contradict each other, where an option before the verb is said to come after it.
    /// Found by an independent edge probe: the word was shown ("'PT-SECRET1' comes after the verb"), though it may be a
    /// patient id; it is named by its place, as an unexpected argument is.
    /// </summary>
    [Theory]
    [InlineData("samples/regimen/events.ndjson evaluate", "the FILE comes after the verb (word 1 after 'regimen-monitor', not shown): regimen-monitor evaluate FILE.", "evaluate")]
    [InlineData("events.ndjson evaluate --as-of 2026-11-01", "the FILE comes after the verb (word 1 after 'regimen-monitor', not shown): regimen-monitor evaluate FILE.", "evaluate")]
    [InlineData("feed.ndjson replay --json", "the FILE comes after the verb (word 1 after 'regimen-monitor', not shown): regimen-monitor replay FILE.", "replay")]
    [InlineData("PT-SECRET1 evaluate", "the FILE comes after the verb (word 1 after 'regimen-monitor', not shown): regimen-monitor evaluate FILE.", "evaluate")]
    [InlineData("--Regimen:DefaultDaysSupply=30 PT-SECRET1 evaluate", "the FILE comes after the verb (word 2 after 'regimen-monitor', not shown): regimen-monitor evaluate FILE.", "evaluate")]
    [InlineData("- evaluate", "the FILE comes after the verb (word 1 after 'regimen-monitor': '-', standard input): regimen-monitor evaluate FILE.", "evaluate")]
    public async Task A_file_given_before_the_verb_is_said_to_come_after_it_once_by_its_place(string line, string expected, string verb)
    {
        var (exit, error) = await InvokeAsync(line.Split(' '));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal($"regimen-monitor: {expected}\nRun 'regimen-monitor {verb} --help' for usage.\n", error.ReplaceLineEndings("\n"));
        Assert.DoesNotContain("PT-SECRET1", error, StringComparison.Ordinal);
        Assert.DoesNotContain(".ndjson", error, StringComparison.Ordinal);
    }

    [Theory]
    // a file after the verb too: the word before it is an extra argument, as before
    [InlineData("a.ndjson evaluate b.ndjson", "unexpected argument (word 1 after 'regimen-monitor', not shown): 'evaluate' takes one FILE.")]
    // nothing before the verb: the file is missing
    [InlineData("evaluate --as-of 2026-11-01", "required argument 'file' missing for command: 'evaluate'.")]
    public async Task A_word_before_the_verb_is_said_to_come_after_it_only_when_the_verb_lacks_it(string line, string expected)
    {
        var (exit, error) = await InvokeAsync(line.Split(' '));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains($"regimen-monitor: {expected}", error, StringComparison.Ordinal);
        Assert.DoesNotContain("comes after the verb", error, StringComparison.Ordinal);
    }

    /// <summary>
    /// Found by an independent edge probe (L4): an option that takes a value swallowed the option after it ("inspect
    /// --patient --verbose" looked up the patient "--verbose", exit 1; "--rxnconso --out x.json" took --out as the file
    /// and blamed x.json; "--as-of --as-of FILE" was "given twice ('--as-of', 'FILE')"). Before "--", a word starting
    /// with '-' is never the value of the option before it, for every verb; such a value is given as --option=VALUE.
    /// </summary>
    [Theory]
    [InlineData("inspect --patient --verbose", "--patient needs a value: the word after it, '--verbose', is an option (a value that starts with '-' is given in one token, --patient=VALUE).", "inspect")]
    [InlineData("inspect --patient --help", "--patient needs a value: the word after it, '--help', is an option (a value that starts with '-' is given in one token, --patient=VALUE).", "inspect")]
    [InlineData("inspect --patient -- PT-1", "--patient needs a value: the word after it is '--', which ends the options (a value that starts with '-' is given in one token, --patient=VALUE).", "inspect")]
    [InlineData("inspect --patient -PT-1", "--patient needs a value: the word after it starts with '-' and reads as an option (not shown; a value that starts with '-' is given in one token, --patient=VALUE).", "inspect")]
    [InlineData("terminology import --rxnconso --out x.json", "--rxnconso needs a value: the word after it, '--out', is an option (a value that starts with '-' is given in one token, --rxnconso=VALUE, a file also as ./NAME).", "terminology import")]
    [InlineData("evaluate --as-of --as-of ev.ndjson", "--as-of needs a value: the word after it, '--as-of', is an option (a value that starts with '-' is given in one token, --as-of=VALUE).", "evaluate")]
    [InlineData("evaluate --format --as-of 2026-11-01 ev.ndjson", "--format needs a value: the word after it, '--as-of', is an option (a value that starts with '-' is given in one token, --format=VALUE).", "evaluate")]
    [InlineData("demo --samples --verbose", "--samples needs a value: the word after it, '--verbose', is an option (a value that starts with '-' is given in one token, --samples=VALUE, a file also as ./NAME).", "demo")]
    public async Task An_option_value_never_swallows_a_word_starting_with_a_dash(string line, string expected, string verb)
    {
        var (exit, error) = await InvokeAsync(line.Split(' '));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal($"regimen-monitor: {expected}\nRun 'regimen-monitor {verb} --help' for usage.\n", error.ReplaceLineEndings("\n"));
    }

    /// <summary>
    /// Found by an independent edge probe (L4): "evaluate -=x FILE" took -=x as the FILE (the parser splits it at '=');
    /// before "--" a word starting with '-' is an option.
    /// </summary>
    [Theory]
    [InlineData("evaluate -=x ev.ndjson", "-=x")]
    [InlineData("evaluate -:x ev.ndjson", "-:x")]
    [InlineData("evaluate ev.ndjson -=x", "-=x")]
    public async Task A_word_starting_with_dash_equals_is_an_unknown_option(string line, string option)
    {
        var (exit, error) = await InvokeAsync(line.Split(' '));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal($"regimen-monitor: unknown option '{option}' for 'evaluate'; its options are: --as-of, --format, --help, --verbose.\nRun 'regimen-monitor evaluate --help' for usage.\n",
            error.ReplaceLineEndings("\n"));
    }

    /// <summary>
    /// Found by an independent edge probe (L4): an extra argument was echoed ("unexpected argument 'PT-1'"), and may be
    /// a patient id or a product text; it is named by its place on the command line. A second '-' (standard input) was
    /// "unknown option '-'", though '-' is the FILE standard input.
    /// </summary>
    [Theory]
    [InlineData("evaluate ev.ndjson PT-SECRET-1", "unexpected argument (word 3 after 'regimen-monitor', not shown): 'evaluate' takes one FILE.", "evaluate")]
    [InlineData("evaluate --Regimen:DefaultDaysSupply=30 ev.ndjson PT-SECRET-1", "unexpected argument (word 4 after 'regimen-monitor', not shown): 'evaluate' takes one FILE.", "evaluate")]
    [InlineData("replay -- feed.ndjson PT-SECRET-1", "unexpected argument (word 4 after 'regimen-monitor', not shown): 'replay' takes one FILE.", "replay")]
    [InlineData("sweep PT-SECRET-1", "unexpected argument (word 2 after 'regimen-monitor', not shown): 'sweep' takes no arguments.", "sweep")]
    [InlineData("terminology import --rxnconso r.RRF PT-SECRET-1", "unexpected argument (word 5 after 'regimen-monitor', not shown): 'terminology import' takes no arguments.", "terminology import")]
    [InlineData("evaluate - -", "unexpected argument (word 3 after 'regimen-monitor': '-', standard input): 'evaluate' takes one FILE.", "evaluate")]
    [InlineData("evaluate PT-SECRET-1 PT-SECRET-1", "unexpected argument (word 3 after 'regimen-monitor', not shown): 'evaluate' takes one FILE.", "evaluate")]
    public async Task An_unexpected_argument_is_named_by_its_place_not_shown(string line, string expected, string verb)
    {
        var (exit, error) = await InvokeAsync(line.Split(' '));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Equal($"regimen-monitor: {expected}\nRun 'regimen-monitor {verb} --help' for usage.\n", error.ReplaceLineEndings("\n"));
    }

    /// <summary>
    /// Found by a newcomer probe (M1): "help PT-20417" said "unknown verb 'PT-20417'", and "help inspect PT-20417" and
    /// "help terminology PT-20417" repeated the word too; a word close to no verb is named by its place, as without help.
    /// </summary>
    [Theory]
    [InlineData("help PT-20417", "unknown verb (word 2 after 'regimen-monitor', not shown: it is close to none); the verbs are: run, demo, migrate, replay, evaluate, sweep, inspect, terminology, health, help.", "")]
    [InlineData("--verbose help PT-20417", "unknown verb (word 3 after 'regimen-monitor', not shown: it is close to none); the verbs are: run, ", "")]
    [InlineData("help terminology PT-20417", "unknown verb for 'terminology' (word 3 after 'regimen-monitor', not shown: it is close to none); the verbs are: terminology import.", "terminology ")]
    [InlineData("help inspect PT-20417", "help takes one verb: 'inspect' has no verbs, so word 3 after 'regimen-monitor' (not shown) is one too many.", "inspect ")]
    [InlineData("help terminology import PT-20417 x", "help takes one verb: 'terminology import' has no verbs, so word 4 after 'regimen-monitor' (not shown) is one too many.", "terminology import ")]
    public async Task Help_names_a_word_close_to_no_verb_by_its_place_not_shown(string line, string expected, string verb)
    {
        var (exit, error) = await InvokeAsync(line.Split(' '));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.StartsWith($"regimen-monitor: {expected}", error, StringComparison.Ordinal);
        Assert.EndsWith($"\nRun 'regimen-monitor {verb}--help' for usage.\n", error.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Equal(2, error.ReplaceLineEndings("\n").Count(c => c == '\n'));
        Assert.DoesNotContain("PT-20417", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_with_an_unknown_option_says_so_once_not_as_a_verb_too()
    {
        // a review: "help terminology --bogus" also said "unknown verb for 'terminology' (word 3 …)"
        var (exit, error) = await InvokeAsync(["help", "terminology", "--bogus"]);

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.DoesNotContain("unknown verb", error, StringComparison.Ordinal);
        Assert.Contains("--bogus", error, StringComparison.Ordinal);
        Assert.Equal(2, error.ReplaceLineEndings("\n").Count(c => c == '\n'));
    }

    [Theory]
    // a word close to a verb is shown with its suggestion, as without help
    [InlineData("help evalute", "unknown verb 'evalute'; did you mean evaluate?")]
    [InlineData("help terminology imprt", "unknown verb 'terminology imprt'; did you mean terminology import?")]
    public async Task Help_suggests_the_verb_for_a_word_close_to_one(string line, string expected)
    {
        var (exit, error) = await InvokeAsync(line.Split(' '));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains($"regimen-monitor: {expected}", error, StringComparison.Ordinal);
    }

    [Theory]
    // found by an independent edge probe: file names and unknown options had their control characters escaped, but a
    // misspelt verb, a --format value or a configuration key was repeated raw ("unknown verb 'ru\u202En'" reversed
    // the rest of the line; an escape sequence reached the terminal)
    [InlineData("run\u0001", "unknown verb 'run\\u0001'; did you mean run?")]
    [InlineData("ru\u202En", "unknown verb 'ru\\u202En'; did you mean run?")]
    [InlineData("help evaluat\u001b", "unknown verb 'evaluat\\u001B'; did you mean evaluate?")]
    [InlineData("terminology impor\u001b", "unknown verb 'terminology impor\\u001B'; did you mean terminology import?")]
    [InlineData("evaluate --format js\u001bon x.ndjson", "'js\\u001Bon' is not a value --format takes; use one of: json, fhir.")]
    [InlineData("sweep --Regimen:Default\u001bDaysSupply=3", "unknown configuration key 'Regimen:Default\\u001BDaysSupply'; did you mean Regimen:DefaultDaysSupply?")]
    public async Task A_word_a_usage_error_repeats_is_shown_with_its_control_characters_escaped(string line, string expected)
    {
        var (exit, error) = await InvokeAsync(line.Split(' '));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
        Assert.DoesNotContain(error.ReplaceLineEndings("\n"), c => (char.IsControl(c) && c != '\n') || c is '\u202E');
    }

    [Theory]
    // found by a newcomer probe: a value in another letter case was refused, and a near miss got no suggestion
    [InlineData("evaluate --format fhr x.ndjson", "'fhr' is not a value --format takes; use one of: json, fhir. Did you mean fhir?")]
    [InlineData("evaluate --format=jsno x.ndjson", "'jsno' is not a value --format takes; use one of: json, fhir. Did you mean json?")]
    [InlineData("evaluate --format xml x.ndjson", "'xml' is not a value --format takes; use one of: json, fhir.")]
    public async Task A_format_no_letter_case_makes_valid_is_refused_with_a_suggestion(string line, string expected)
    {
        var (exit, error) = await InvokeAsync(line.Split(' '));

        Assert.Equal(ExitCodes.Usage, exit);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("FHIR")]
    [InlineData("Json")]
    public async Task A_format_in_another_letter_case_is_taken(string value)
    {
        // past the parser: the missing file is what fails, not the format
        var (_, error) = await InvokeAsync(["evaluate", "--format", value, "/nonexistent/x.ndjson"]);

        Assert.Contains("/nonexistent/x.ndjson", error, StringComparison.Ordinal);
        Assert.DoesNotContain("--format", error, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Error)> InvokeAsync(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await RegimenMonitorCli.InvokeAsync(args, output, error);
        Assert.Empty(output.ToString());
        return (exit, error.ToString());
    }
}
