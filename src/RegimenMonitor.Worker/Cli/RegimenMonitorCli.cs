using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Cli;

/// <summary>
/// The verbs of the <c>regimen-monitor</c> executable. Strict: an unknown verb, option, argument or configuration key
/// is a usage error (exit 2) with a suggestion; no verb prints the usage (exit 2); <c>run</c> starts the worker.
/// </summary>
internal static partial class RegimenMonitorCli
{
    private const string Name = "regimen-monitor";

    private const string Description = """
        RegimenMonitor: watches medication regimens and alerts care teams.

        Configuration, for every verb except demo (which reads only the shipped appsettings.json): appsettings.json,
        environment variables (Section__Key) and --Section:Key=value tokens
        (e.g. --Database:Provider=PostgreSql --ConnectionStrings:Database="Host=...").
        Results go to stdout; progress, messages and logs to stderr (run: the worker's logs to stdout).

        Exit codes: 0 success; 1 runtime failure (a service unreachable or refusing, an error while working);
        2 usage or bad input (unknown verb/option/argument/key, invalid configuration, bad input lines).
        """;

    public static Task<int> InvokeAsync(string[] args) => InvokeAsync(args, Console.Out, Console.Error);

    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(args);
        var (commandLine, configuration, configurationErrors) = CliArguments.Split(args);
        var context = new CliContext(configuration, output, error);
        var root = BuildRoot(context);
        var invocation = new InvocationConfiguration { Output = output, Error = error };
        if (args.Length == 0)
        {
            await error.WriteLineAsync($"{Name}: no verb given; `{Name} run` starts the worker.");
            await error.WriteLineAsync();
            return PrintWithParser(root.Parse(["--help"]), error, error) == 0 ? ExitCodes.Usage : ExitCodes.Failure;
        }

        var parse = root.Parse(commandLine);
        var command = parse.CommandResult.Command;
        var operands = Operands(commandLine);
        var (repeatedProblems, repeated) = Repeated(command, commandLine);
        var missingValues = MissingValues(command, commandLine);
        if (command != root && root.Options.OfType<VersionOption>().FirstOrDefault() is { } version && parse.GetResult(version) is not null)
        {
            // "--version migrate": the parser would print the version and drop the verb without a word
            await error.WriteLineAsync($"{Name}: --version takes no verb; run '{Name} --version' alone, or '{Name} {CommandPath(command)}' without it.");
            return ExitCodes.Usage;
        }

        if (command == root && root.Options.OfType<VersionOption>().FirstOrDefault() is { } versionOption && parse.GetResult(versionOption) is not null
            && root.Options.OfType<System.CommandLine.Help.HelpOption>().FirstOrDefault() is { } helpOption && parse.GetResult(helpOption) is not null)
        {
            // "--help --version" printed the version, "-v --help" the help: the parser's first action won
            await error.WriteLineAsync($"{Name}: give --help or --version, not both.");
            await error.WriteLineAsync($"Run '{Name} --help' for usage.");
            return ExitCodes.Usage;
        }

        if (parse.Action?.ClearsParseErrors == true && parse.UnmatchedTokens.Count == 0 && Misbound(parse, operands).Count == 0
            && configurationErrors.Count == 0 && repeated.Count == 0 && missingValues.Count == 0 && OddOptions(commandLine).Count == 0)
        {
            // --help, --version (an unknown verb, option or configuration key with them is still an error)
            return PrintWithParser(parse, output, error);
        }

        var problems = new List<string>(configurationErrors.Concat(repeatedProblems));
        // a configuration token written with a space ("--Regimen:DefaultDaysSupply 30 FILE") leaves its value among the
        // arguments: that one mistake is reported, not also the argument it displaced
        var valueLeftBehind = configurationErrors.Any(e => e.Contains(CliArguments.NoValue, StringComparison.Ordinal));
        // "--format= FILE": the parser would take the file as the value and then miss the file; that one mistake is said
        var emptyValues = commandLine.TakeWhile(t => t != "--")
            .Where(t => t.Length > 3 && t.StartsWith("--", StringComparison.Ordinal) && t.IndexOf('=', StringComparison.Ordinal) == t.Length - 1).ToList();
        // "--all false", "--json=false": a switch given a value; the parser would read the value as an argument (a
        // FILE, or "takes no arguments") and blame that
        var switchValues = SwitchValues(root, commandLine);
        problems.AddRange(emptyValues.Count > 0
            ? emptyValues.Select(t => $"{t} has no value after '=': give one ({t}VALUE, or {t[..^1]} VALUE).")
            // "inspect --patient --verbose": the parser would look up the patient "--verbose"; that one mistake is said
            : missingValues.Count > 0 ? missingValues
            : switchValues.Count > 0 ? switchValues
            : Problems(parse, root, args, commandLine, operands, repeated).Where(p => !valueLeftBehind || !p.StartsWith("unexpected argument", StringComparison.Ordinal)));
        if (problems.Count == 0 && configuration.Length > 0 && command.Name is "demo" or "help")
        {
            problems.Add($"{command.Name} takes no configuration (demo runs on embedded defaults); drop the --Section:Key=value tokens.");
        }

        if (problems.Count > 0)
        {
            foreach (var problem in problems)
            {
                await error.WriteLineAsync($"{Name}: {InputFiles.ShownLines(problem)}");
            }

            var helpTarget = command == root ? root : HelpTarget(command, commandLine) ?? command;
            var helpFor = helpTarget == root ? "" : CommandPath(helpTarget) + " ";
            await error.WriteLineAsync($"Run '{Name} {helpFor}--help' for usage.");
            return ExitCodes.Usage;
        }

        // The parser's own handling of Ctrl+C and SIGTERM is off: for run the host's console lifetime stops the worker
        // gracefully (waiting for running jobs and in-flight commits; the parser's 2-second timeout would cut that
        // short), and every other verb is stopped by Verb (Interruption), which also takes a second signal (the
        // parser's handler threw on it, an unhandled exception with its stack).
        invocation.ProcessTerminationTimeout = null;

        return await parse.InvokeAsync(invocation);
    }

    /// <summary>
    /// For <c>help VERB …</c>, the verb it names (so a mistake on that line points to <c>VERB --help</c>, not to the
    /// help of <c>help</c>), the root when its first word names no verb (the usage lists the verbs); null for any other
    /// command, or when no word follows help.
    /// </summary>
    private static Command? HelpTarget(Command command, IReadOnlyList<string> commandLine)
    {
        if (command.Name != "help" || command.Parents.FirstOrDefault() is not RootCommand root)
        {
            return null;
        }

        Command current = root;
        var words = commandLine.SkipWhile(t => t != "help").Skip(1).TakeWhile(t => !t.StartsWith('-')).ToList();
        foreach (var word in words)
        {
            if (current.Subcommands.FirstOrDefault(c => c.Name == word) is not { } next)
            {
                break;
            }

            current = next;
        }

        return current == root && words.Count == 0 ? null : current;
    }

    /// <summary>
    /// The word given before the verb when it is the only word left over, the verb takes one argument and it got none
    /// after it ("FILE evaluate"); otherwise null.
    /// </summary>
    private static string? ArgumentBeforeVerb(ParseResult parse, Command command, List<string> words)
    {
        if (words.Count != 1 || command.Arguments.Count != 1 || command.Subcommands.Count > 0
            || parse.GetResult(command.Arguments[0]) is { Tokens.Count: > 0 })
        {
            return null;
        }

        var tokens = parse.Tokens.ToList();
        var verbAt = tokens.FindLastIndex(t => t.Type == TokenType.Command);
        var wordAt = tokens.FindIndex(t => t.Type != TokenType.Command && t.Value == words[0]);
        return verbAt >= 0 && wordAt >= 0 && wordAt < verbAt ? words[0] : null;
    }

    /// <summary>Parse errors in our words, with a suggestion for every unknown token.</summary>
    private static List<string> Problems(ParseResult parse, RootCommand root, string[] args, string[] commandLine, HashSet<string> operands, HashSet<Option> repeated)
    {
        var problems = new List<string>();
        var command = parse.CommandResult.Command;
        var path = CommandPath(command);
        var misbound = Misbound(parse, operands);
        var unmatched = parse.UnmatchedTokens.ToList();
        var unknownOption = false;
        // the options after an unknown verb are that verb's (inspct --patient x): only the verb is named, with its suggestion
        var verbAt = command == root || command.Subcommands.Count > 0 ? unmatched.FindIndex(t => !IsOptionLike(t) || operands.Contains(t)) : -1;
        // "-=x": the parser splits it into "-" and "x" and takes x as the FILE; before "--" it is an (unknown) option
        var odd = OddOptions(commandLine);
        foreach (var token in odd.Concat(misbound.Where(t => !odd.Contains(t))).Concat(unmatched.Where((t, i) => IsOptionLike(t) && !operands.Contains(t) && !odd.Contains(t) && (verbAt < 0 || i < verbAt))))
        {
            unknownOption = true;
            var options = OptionNames(command).ToList();
            var suggestion = Suggestions.Closest(token, options);
            var where = command == root ? "" : $" for '{path}'";
            problems.Add(suggestion is null
                ? $"unknown option '{InputFiles.Shown(token)}'{where}; its options are: {string.Join(", ", options)}.{FileHint(command, path, token)}{SettingsHint(path)}"
                : suggestion == token
                    ? $"option '{token}' comes after the verb: {Name} {path} {token}." // given before it
                    : $"unknown option '{InputFiles.Shown(token)}'{where}; did you mean {suggestion}?{FileHint(command, path, token)}");
        }

        var unknownVerb = false;
        var patientWithoutOption = false;
        // "FILE evaluate": the verb's one argument given before it, and none after it (found by a newcomer probe: "unexpected
        // argument" and "required argument 'file' missing", two lines that contradict each other)
        var argumentBeforeVerb = ArgumentBeforeVerb(parse, command, unmatched.Where(t => !IsOptionLike(t) || operands.Contains(t)).ToList());
        if (argumentBeforeVerb is not null)
        {
            // named by its place, never shown, as an unexpected argument is: it may be a patient id typed before the verb
            // (found by an independent edge probe: "'PT-SECRET1' comes after the verb")
            var argument = command.Arguments[0].Name.ToUpperInvariant();
            var place = WordNumbers(args, command, [argumentBeforeVerb])[0] is > 0 and var at ? $"word {at} after '{Name}'" : "a word before the verb";
            var which = argumentBeforeVerb == "-" ? $"{place}: '-', standard input" : $"{place}, not shown";
            problems.Add($"the {argument} comes after the verb ({which}): {Name} {path} {argument}.");
        }

        var positional = unmatched.Where(t => (!IsOptionLike(t) || operands.Contains(t)) && t != argumentBeforeVerb).ToList();
        var words = WordNumbers(args, command, positional);
        for (var at = 0; at < positional.Count; at++)
        {
            var token = positional[at];
            if (command == root || (command.Subcommands.Count > 0 && !unknownVerb))
            {
                if (unknownVerb)
                {
                    continue; // the rest are that verb's arguments
                }

                unknownVerb = true;
                problems.Add(UnknownVerb(command, token, words[at]));
            }
            else if (unknownVerb || unknownOption)
            {
                continue; // an unknown verb's arguments, or an unknown option's value
            }
            else if (command.Arguments.Count == 0 && command.Options.Any(o => o.Name == "--patient"))
            {
                // "inspect PT-1": the patient id without its option (found by a newcomer walk-through: two lines, no
                // suggestion); the word is not shown, as no message repeats a patient id
                patientWithoutOption = true;
                problems.Add($"'{path}' takes no arguments: give the patient id with --patient ({Name} {path} --patient ID); the word given is not repeated here, as no message repeats a patient id.");
            }
            else
            {
                // an argument may be a patient id or a product text (a word meant for --patient, a product name): it is
                // named by its place, never shown; '-' is standard input's name, which says nothing
                var place = words[at] > 0 ? $"word {words[at]} after '{Name}'" : "a word after the verb";
                var which = token == "-" ? $"{place}: '-', standard input" : $"{place}, not shown";
                problems.Add(command.Arguments.Count == 0
                    ? $"unexpected argument ({which}): '{path}' takes no arguments."
                    : command.Arguments is [{ Arity.MaximumNumberOfValues: 1 } only]
                        ? $"unexpected argument ({which}): '{path}' takes one {only.Name.ToUpperInvariant()}."
                        : $"unexpected argument ({which}): '{path}' takes {string.Join(" ", command.Arguments.Select(a => a.Name.ToUpperInvariant()))}.");
            }
        }

        if (command.Name == "help" && command.Parents.FirstOrDefault() is RootCommand && HelpProblem(parse, command, args) is { } helpProblem)
        {
            problems.Add(helpProblem);
        }

        foreach (var parseError in parse.Errors)
        {
            if (unmatched.Any(t => parseError.Message.Contains($"'{t}'", StringComparison.Ordinal)))
            {
                continue;
            }

            if (parseError.Message.Contains("Required command", StringComparison.OrdinalIgnoreCase))
            {
                if (problems.Count == 0)
                {
                    problems.Add(command == root
                        ? $"no verb given; `{Name} run` starts the worker, `{Name} --help` lists the verbs."
                        : $"'{path}' needs a verb: {string.Join(", ", command.Subcommands.Select(c => $"{path} {c.Name}"))}.");
                }

                continue;
            }

            if (misbound.Any(t => parseError.Message.Contains($"'{t}'", StringComparison.Ordinal)))
            {
                continue; // e.g. "File does not exist: '--asof'"
            }

            if (patientWithoutOption && parseError.Message.Contains("'--patient'", StringComparison.Ordinal))
            {
                continue; // "option '--patient' is required": said with the word given
            }

            if (argumentBeforeVerb is not null && parseError.SymbolResult is ArgumentResult { Parent: CommandResult })
            {
                continue; // "required argument 'file' missing": said as the argument given before the verb
            }

            if ((parseError.SymbolResult as OptionResult ?? parseError.SymbolResult?.Parent as OptionResult) is { } optionResult
                && repeated.Contains(optionResult.Option))
            {
                continue; // "expects a single argument but 2 were provided": said by Repeated
            }

            problems.Add(InOurWords(parseError));
        }

        return problems;
    }

    /// <summary>
    /// A word that names none of <paramref name="command"/>'s verbs, at <paramref name="word"/> (its place after the
    /// program's name, 0 when not found): shown only with a suggestion, since a word close to no verb may be a patient id
    /// typed without its verb ("regimen-monitor PT-1", "help PT-1"); otherwise named by its place, never shown.
    /// </summary>
    private static string UnknownVerb(Command command, string token, int word)
    {
        var root = command is RootCommand;
        var path = CommandPath(command);
        var verbs = command.Subcommands.Select(c => c.Name).ToList();
        var suggestion = (root ? RootOptionFor(token) : null) ?? Suggestions.Closest(token, verbs);
        var prefix = root ? "" : path + " ";
        var place = word > 0 ? $"word {word} after '{Name}'" : "a word";
        return suggestion is null
            ? $"unknown verb{(root ? "" : $" for '{path}'")} ({place}, not shown: it is close to none); the verbs are: {string.Join(", ", verbs.Select(v => prefix + v))}."
            : suggestion == token
                // a verb after "--", where every word is a file name
                ? $"'{token}' comes after '--', where every word is a file name: put the verb first ({Name} {prefix}{token} … -- FILE)."
                : $"unknown verb '{prefix}{token}'; did you mean {prefix}{suggestion}?";
    }

    /// <summary>
    /// For <c>help VERB …</c>, the first word that names no verb, said as an unknown verb is (found by a newcomer probe:
    /// "help PT-20417" repeated the word); null when the words name a verb.
    /// </summary>
    private static string? HelpProblem(ParseResult parse, Command help, string[] args)
    {
        // an option among the words is reported as an unknown option already, not as a verb too (a review)
        var names = parse.GetResult(help.Arguments[0])?.Tokens.Select(t => t.Value).Where(t => !IsOptionLike(t)).ToList() ?? [];
        var words = WordNumbers(args, help, names);
        var current = (Command)help.Parents.First();
        for (var at = 0; at < names.Count; at++)
        {
            if (current is not RootCommand && current.Subcommands.Count == 0)
            {
                var place = words[at] > 0 ? $"word {words[at]} after '{Name}'" : "a word";
                return $"help takes one verb: '{CommandPath(current)}' has no verbs, so {place} (not shown) is one too many.";
            }

            if (current.Subcommands.FirstOrDefault(c => c.Name == names[at]) is not { } next)
            {
                return UnknownVerb(current, names[at], words[at]);
            }

            current = next;
        }

        return null;
    }

    /// <summary>
    /// The root option a word typed as a verb asks for ("version": --version; "usage": --help), which no edit distance
    /// finds among the verbs; null for any other word.
    /// </summary>
    private static string? RootOptionFor(string word) => word.ToUpperInvariant() switch
    {
        "VERSION" or "VER" => "--version",
        "USAGE" or "MAN" or "MANUAL" or "COMMANDS" or "VERBS" => "--help",
        _ => null,
    };

    /// <summary>
    /// For a verb that takes files, when an unknown option is the name of a file or folder here ("evaluate
    /// -events.ndjson"): how to give a name starting with '-' (after "--" for the verb's FILE, as ./NAME for an
    /// option's value); otherwise empty.
    /// </summary>
    // the worker's settings are no options (found by a newcomer probe: "run --health-port 18715" was told only of --help
    // and --verbose)
    private static string SettingsHint(string path) => path == "run"
        ? " Settings are given as --Section:Key=value tokens (--Health:Urls=http://127.0.0.1:8081; the default is 8080) or environment variables (Health__Urls); docs/configuration.md lists them."
        : string.Empty;

    private static string FileHint(Command command, string path, string token)
    {
        static bool IsPath(Symbol symbol) => symbol switch
        {
            Argument a => a.ValueType == typeof(FileInfo) || a.ValueType == typeof(DirectoryInfo),
            Option o => o.ValueType == typeof(FileInfo) || o.ValueType == typeof(DirectoryInfo),
            _ => false,
        };

        var fileArgument = command.Arguments.Any(IsPath);
        if ((!fileArgument && !command.Options.Any(IsPath)) || !Path.Exists(token))
        {
            return string.Empty;
        }

        var shown = InputFiles.Shown(token);
        return fileArgument
            ? $" '{shown}' is a file here: a file name starting with '-' needs '--' before it ({Name} {path} -- {shown})."
            : $" '{shown}' is a file here: a file name starting with '-' reads as an option; write it ./{shown}.";
    }

    /// <summary>
    /// The options that take one value given more than once (<c>inspect --patient a --patient b</c>), each said as a
    /// configuration key given twice is, instead of the parser's "expects a single argument but 2 were provided": no
    /// silent "last one wins", and no guess which was meant. The values are shown (as typed, control characters
    /// escaped), except a patient id: no message of ours repeats one. A switch given more than once (<c>sweep --json
    /// --json</c>, <c>--version --version</c>) is refused the same way, for every verb: it has no value that could
    /// conflict, but a repeat is a slip (a line pasted twice, an alias beside its name), as every other repeat is (found
    /// by an independent edge probe: it was accepted). Help is the exception: asked for twice (<c>-h --help</c>), it is
    /// still shown, since it is what a user reaches for after any mistake (a review: it had become a usage error).
    /// </summary>
    private static (List<string> Problems, HashSet<Option> Options) Repeated(Command command, string[] commandLine)
    {
        var problems = new List<string>();
        var repeated = new HashSet<Option>();
        var tokens = commandLine.TakeWhile(t => t != "--").ToList();
        var options = command.Options.Concat(command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive)))
            .Where(o => o.Arity.MaximumNumberOfValues <= 1 && o is not System.CommandLine.Help.HelpOption).Distinct();
        foreach (var option in options)
        {
            var names = option.Aliases.Append(option.Name).ToHashSet(StringComparer.Ordinal);
            if (option.Arity.MaximumNumberOfValues == 0)
            {
                // "--json=x" is SwitchValues's, so only the bare names count
                var given = tokens.Count(names.Contains);
                if (given > 1)
                {
                    repeated.Add(option);
                    problems.Add($"{option.Name} given {Times(given)}: give it once.");
                }

                continue;
            }

            var values = new List<string>();
            for (var i = 0; i < tokens.Count; i++)
            {
                // "--patient a", "--patient=a" ("--patient:a" is a configuration key to CliArguments)
                var separator = tokens[i].IndexOf('=', StringComparison.Ordinal);
                if (names.Contains(tokens[i]))
                {
                    // a next word starting with '-' is no value ("--as-of --as-of FILE"): MissingValues says that one
                    if (i + 1 >= tokens.Count || !tokens[i + 1].StartsWith('-'))
                    {
                        values.Add(i + 1 < tokens.Count ? tokens[i + 1] : string.Empty);
                    }
                }
                else if (separator > 0 && names.Contains(tokens[i][..separator]))
                {
                    values.Add(tokens[i][(separator + 1)..]);
                }
            }

            if (values.Count < 2)
            {
                continue;
            }

            repeated.Add(option);
            problems.Add(option.Name == "--patient"
                ? $"{option.Name} given {Times(values.Count)}: give it once (one patient id)."
                : $"{option.Name} given {Times(values.Count)} ({string.Join(", ", values.Select(v => $"'{InputFiles.Shown(v)}'"))}): give it once.");
        }

        return (problems, repeated);

        static string Times(int count) => count == 2 ? "twice" : $"{count} times";
    }

    /// <summary>
    /// The options that take a value followed by a word starting with '-' before "--" (<c>inspect --patient --verbose</c>,
    /// <c>terminology import --rxnconso --out x.json</c>, <c>--patient -- X</c>): the parser would take that word as the
    /// value (the patient "--verbose", the file "--out") and blame what follows. The rule, for every verb: before
    /// "--", a word starting with '-' is an option, never the value of the option before it; such a value is given in
    /// one token, <c>--patient=-x</c> (a file also as <c>./-x</c>). The word is shown only when it is one of the
    /// program's options or "--": anything else may be a patient id.
    /// </summary>
    private static List<string> MissingValues(Command command, string[] commandLine)
    {
        var scope = command.Parents.OfType<Command>().Prepend(command).ToList();
        var valued = command.Options.Concat(command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive)))
            .Where(o => o.Arity.MaximumNumberOfValues > 0).ToList();
        var known = scope.SelectMany(c => c.Options).SelectMany(o => o.Aliases.Append(o.Name)).ToHashSet(StringComparer.Ordinal);
        var end = Array.IndexOf(commandLine, "--");
        var problems = new List<string>();
        for (var i = 0; i < (end < 0 ? commandLine.Length : end) && i + 1 < commandLine.Length; i++)
        {
            var next = commandLine[i + 1];
            if (!next.StartsWith('-') || valued.FirstOrDefault(o => o.Name == commandLine[i] || o.Aliases.Contains(commandLine[i])) is not { } option)
            {
                continue;
            }

            var isPath = option.ValueType == typeof(FileInfo) || option.ValueType == typeof(DirectoryInfo);
            var how = $"a value that starts with '-' is given in one token, {option.Name}=VALUE{(isPath ? ", a file also as ./NAME" : "")}";
            problems.Add(next == "--"
                ? $"{option.Name} needs a value: the word after it is '--', which ends the options ({how})."
                : known.Contains(next)
                    ? $"{option.Name} needs a value: the word after it, '{next}', is an option ({how})."
                    : isPath && Path.Exists(next)
                        ? $"{option.Name} needs a value: the word after it, '{InputFiles.Shown(next)}', starts with '-' and reads as an option; it is a file here: write it ./{InputFiles.Shown(next)} (or {option.Name}={InputFiles.Shown(next)})."
                        : $"{option.Name} needs a value: the word after it starts with '-' and reads as an option (not shown; {how}).");
        }

        return problems;
    }

    /// <summary>
    /// Words before "--" that start with "-=" or "-:" (<c>evaluate -=x FILE</c>): the parser splits them into "-" and a
    /// value and binds that value as the FILE; before "--" a word starting with '-' is an option, so they are unknown options.
    /// </summary>
    private static List<string> OddOptions(string[] commandLine) =>
        [.. commandLine.TakeWhile(t => t != "--").Where(t => t.Length > 1 && t[0] == '-' && t[1] is '=' or ':').Distinct(StringComparer.Ordinal)];

    // a word read as an option: one starting with '-', except '-' alone (standard input, for evaluate)
    private static bool IsOptionLike(string token) => token.Length > 1 && token[0] == '-';

    /// <summary>
    /// For each of <paramref name="positional"/> (the unexpected arguments, in order), its place on the command line as
    /// typed (1 for the first word after the program's name, configuration tokens counted): a word given more than
    /// once is placed at its occurrences before the verb first (no argument is taken there), then at its last ones
    /// (the parser takes the first as the verb's argument).
    /// </summary>
    private static List<int> WordNumbers(string[] args, Command command, List<string> positional)
    {
        var verbAt = -1;
        var names = CommandPath(command).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (int i = 0, matched = 0; i < args.Length && matched < names.Length; i++)
        {
            if (args[i] == names[matched])
            {
                verbAt = i;
                matched++;
            }
        }

        var result = new int[positional.Count];
        foreach (var group in positional.Select((t, i) => (Token: t, Index: i)).GroupBy(p => p.Token, StringComparer.Ordinal))
        {
            var places = Enumerable.Range(0, args.Length).Where(i => i != verbAt && args[i] == group.Key).ToList();
            var ordered = places.Where(i => i < verbAt).Concat(places.Where(i => i > verbAt).TakeLast(group.Count())).ToList();
            var k = 0;
            foreach (var member in group)
            {
                result[member.Index] = k < ordered.Count ? ordered[k] + 1 : 0;
                k++;
            }
        }

        return [.. result];
    }

    // the parser's messages that carry its own layout (tabs, a list on several lines), in one line of ours
    private static string InOurWords(ParseError parseError)
    {
        var message = parseError.Message;
        var option = parseError.SymbolResult switch
        {
            OptionResult o => o.Option.Name,
            ArgumentResult { Parent: OptionResult o } => o.Option.Name,
            _ => null,
        };
        if (message.StartsWith("Required argument missing for option", StringComparison.OrdinalIgnoreCase))
        {
            var name = option ?? Quoted().Matches(message).Select(m => m.Groups[1].Value).FirstOrDefault() ?? "the option";
            return $"{name} needs a value.";
        }

        if (message.Contains("not recognized. Must be one of:", StringComparison.Ordinal))
        {
            var values = Quoted().Matches(message).Select(m => m.Groups[1].Value).ToList();
            if (values.Count > 1)
            {
                return $"'{values[0]}' is not a value {option ?? "this option"} takes; use one of: {string.Join(", ", values.Skip(1))}.";
            }
        }

        return Lower(message.ReplaceLineEndings(" ").Replace('\t', ' '));
    }

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex Quoted();

    // an unknown option before the verb's argument is taken as that argument (evaluate --asof DAY FILE binds --asof to
    // FILE): it is an unknown option all the same, and the tokens after it are its value and the argument
    private static List<string> Misbound(ParseResult parse, HashSet<string> operands) =>
        parse.CommandResult.Children.OfType<ArgumentResult>()
            .SelectMany(a => a.Tokens).Select(t => t.Value).Where(v => v.Length > 1 && v.StartsWith('-') && !operands.Contains(v)).ToList();

    // after "--" every token is an argument (evaluate -- -x.ndjson reads the file -x.ndjson), never an option
    /// <summary>
    /// The switches (options that take no value: --verbose, --json, --all, --live, --help, --version) given a value on
    /// <paramref name="commandLine"/>: "--json=false", or "--all false" / "--verbose true" (a word true or false after one).
    /// </summary>
    private static List<string> SwitchValues(RootCommand root, string[] commandLine)
    {
        var switches = new HashSet<string>(StringComparer.Ordinal);
        var commands = new Stack<Command>([root]);
        while (commands.TryPop(out var command))
        {
            foreach (var option in command.Options.Where(o => o.Arity.MaximumNumberOfValues == 0))
            {
                switches.UnionWith(option.Aliases.Append(option.Name).Where(n => n.StartsWith("--", StringComparison.Ordinal)));
            }

            foreach (var sub in command.Subcommands)
            {
                commands.Push(sub);
            }
        }

        var problems = new List<string>();
        var tokens = commandLine.TakeWhile(t => t != "--").ToList();
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            if (equals > 2 && switches.Contains(token[..equals]))
            {
                problems.Add($"{token[..equals]} takes no value ('{token[(equals + 1)..]}'): give {token[..equals]} alone, or leave it out.");
            }
            else if (switches.Contains(token) && i + 1 < tokens.Count && (tokens[i + 1].Equals("true", StringComparison.OrdinalIgnoreCase) || tokens[i + 1].Equals("false", StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add($"{token} takes no value ('{tokens[i + 1]}'): give {token} alone, or leave it out.");
            }
        }

        return problems;
    }

    private static HashSet<string> Operands(string[] commandLine)
    {
        var at = Array.IndexOf(commandLine, "--");
        if (at < 0)
        {
            return [];
        }

        var before = commandLine.Take(at).ToHashSet(StringComparer.Ordinal);
        return commandLine.Skip(at + 1).Where(t => !before.Contains(t)).ToHashSet(StringComparer.Ordinal);
    }

    // the verb as typed: "terminology import", not "import"
    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? symbol = command; symbol is Command c and not RootCommand; symbol = c.Parents.FirstOrDefault())
        {
            names.Insert(0, c.Name);
        }

        return string.Join(' ', names);
    }

    private static string Lower(string message) => message.Length > 0 ? char.ToLowerInvariant(message[0]) + message[1..] : message;

    private static IEnumerable<string> OptionNames(Command command)
    {
        var options = command.Options.Concat(command.Parents.OfType<Command>().SelectMany(p => p.Options.Where(o => o.Recursive)));
        // Names only (the help option's /h and -? aliases would only add noise to a suggestion).
        return options.Where(o => !o.Hidden).Select(o => o.Name).Distinct();
    }

    internal static RootCommand BuildRoot(CliContext context)
    {
        var root = new RootCommand(Description);
        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Aliases.Add("-v");
        }

        var verbose = new Option<bool>("--verbose") { Description = "Show full errors (stack traces) and informational logs on stderr.", Recursive = true, Arity = ArgumentArity.Zero };
        root.Options.Add(verbose);

        var run = new Command("run", "Run the worker: apply migrations, then consume events and run the alert jobs until stopped. Settings are environment variables (Health__Urls=http://127.0.0.1:8081; the default is 8080), --Section:Key=value tokens (--Health:Urls=http://127.0.0.1:8081) or appsettings.json beside the executable; docs/configuration.md lists them.");
        run.SetAction((result, ct) => Verb(context, result, verbose, "run", token => RunVerb.RunAsync(context, token), ct));
        root.Subcommands.Add(run);

        var samples = new Option<DirectoryInfo?>("--samples") { CustomParser = InputFiles.ParseDirectory, Description = "Folder of *.ndjson sample feeds (default: the bundled samples)." };
        var demo = new Command("demo", "Run the real pipeline on embedded defaults over the bundled sample feed and print what it did (takes no configuration).") { samples };
        demo.SetAction((result, ct) => Verb(context, result, verbose, "demo", token => DemoVerb.RunAsync(result.GetValue(samples), context.Output, token, context.Verbose), ct));
        root.Subcommands.Add(demo);

        var migrateJson = JsonOption();
        var migrate = new Command("migrate", "Apply pending database migrations to the configured database and exit.") { migrateJson };
        migrate.SetAction((result, ct) => Verb(context, result, verbose, "migrate", token => MigrateVerb.RunAsync(context, result.GetValue(migrateJson), token), ct));
        root.Subcommands.Add(migrate);

        var replayFile = new Argument<FileInfo>("file") { CustomParser = InputFiles.ParseFile, Description = "NDJSON file: one event per line with \"type\"." };
        var replayJson = JsonOption();
        var replayCheck = new Option<bool>("--check")
        {
            Description = "Check every line as a replay would, and publish nothing (no broker needed): exit 0 when every line would be published and applied as it says, 2 otherwise.",
            Arity = ArgumentArity.Zero,
        };
        var replay = new Command("replay", "Publish each line of an NDJSON file to its exchange on the configured broker.") { replayFile, replayJson, replayCheck };
        replay.SetAction((result, ct) => Verb(context, result, verbose, "replay",
            token => ReplayVerb.RunAsync(result.GetValue(replayFile)!, context.Output, context.Error, token, arguments: context.HostArguments(), json: result.GetValue(replayJson),
                check: result.GetValue(replayCheck)), ct));
        root.Subcommands.Add(replay);

        var evaluateFile = new Argument<FileInfo>("file") { CustomParser = InputFiles.ParseFileOrStandardInput, Description = "NDJSON file: one patient's events, one per line, with \"type\"; - for standard input." };
        var asOf = new Option<string?>("--as-of") { Description = "Date (end of that day, UTC) or RFC 3339 timestamp; default now." };
        asOf.Validators.Add(result =>
        {
            // at parse time, so a forgotten value (the file name taken as the date) is named, not "argument 'file' missing"
            var text = result.Tokens.Count > 0 ? result.Tokens[^1].Value : null;
            if (text is not null && !EvaluateVerb.TryParseAsOf(text, TimeProvider.System, out _))
            {
                result.AddError(EvaluateVerb.AsOfProblem(text));
            }
        });
        // in any letter case, as configuration choices are; another value gets the choices and a suggestion (found by a
        // newcomer probe: "--format FHIR" was refused, with no "did you mean")
        var format = new Option<string>("--format")
        {
            Description = "json (default) or fhir: a FHIR R4 Bundle of DetectedIssues.",
            DefaultValueFactory = _ => "json",
            CustomParser = r => r.Tokens.Count == 0 ? "json" : r.Tokens[0].Value.ToLowerInvariant(),
        };
        format.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && result.Tokens[0].Value is var given && given.ToLowerInvariant() is not ("json" or "fhir"))
            {
                var closest = Infrastructure.Configuration.Suggestions.Closest(given, ["json", "fhir"]);
                result.AddError($"'{given}' is not a value --format takes; use one of: json, fhir.{(closest is null ? string.Empty : $" Did you mean {closest}?")}");
            }
        });
        var evaluate = new Command("evaluate", "Evaluate one regimen given as contract events and print the findings as JSON (or, --format fhir, a FHIR Bundle); every bad line is reported.") { evaluateFile, asOf, format };
        evaluate.SetAction((result, ct) => Verb(context, result, verbose, "evaluate",
            token => EvaluateVerb.RunAsync(result.GetValue(evaluateFile)!, result.GetValue(asOf), context.Output, context.Error, TimeProvider.System, token,
                arguments: context.HostArguments(), format: result.GetValue(format)!), ct));
        root.Subcommands.Add(evaluate);

        var sweepJson = JsonOption();
        var sweepAll = new Option<bool>("--all")
        {
            Description = "Re-evaluate every regimen, not only those due: after deploying a new rule set or importing terminology, so that new rules and code mappings reach every patient now rather than at their next event or review.",
            Arity = ArgumentArity.Zero,
        };
        var sweep = new Command("sweep", "Re-evaluate now every regimen whose result changed with time (the nightly sweep, on demand).") { sweepJson, sweepAll };
        sweep.SetAction((result, ct) => Verb(context, result, verbose, "sweep", token => SweepVerb.RunAsync(context, result.GetValue(sweepJson), result.GetValue(sweepAll), token), ct));
        root.Subcommands.Add(sweep);

        var patient = new Option<string>("--patient") { Description = "The publisher's patient id.", Required = true };
        patient.Validators.Add(result =>
        {
            // an unset shell variable: refused before any connection (no stored patient has an empty id)
            var id = result.GetValueOrDefault<string>();
            if (string.IsNullOrWhiteSpace(id))
            {
                result.AddError("The patient id given to --patient is empty (an unset shell variable?); give the publisher's patient id.");
            }
            else if (Infrastructure.Messaging.EventContract.PatientIdFailure("--patient", id) is { } failure)
            {
                // an id no event can carry (too long, surrounding spaces, invisible characters) is never stored
                result.AddError($"{failure}: no event carries such an id, so no regimen is stored for it; give the publisher's patient id as its events send it.");
            }
        });
        var inspectJson = JsonOption("Print JSON (the default and only format; accepted for symmetry with the other verbs).");
        var inspect = new Command("inspect", "Print a patient's current regimen, active findings and unrecognised products as JSON.") { patient, inspectJson };
        inspect.SetAction((result, ct) => Verb(context, result, verbose, "inspect", token => InspectVerb.RunAsync(context, result.GetValue(patient)!, token), ct));
        root.Subcommands.Add(inspect);

        var rxnconso = new Option<FileInfo?>("--rxnconso") { CustomParser = InputFiles.ParseFile, Description = "RxNorm RXNCONSO.RRF (full or prescribable release)." };
        var rxnrel = new Option<FileInfo?>("--rxnrel") { CustomParser = InputFiles.ParseFile, Description = "RxNorm RXNREL.RRF (optional: adds ingredient and brand names)." };
        var ndcProduct = new Option<FileInfo?>("--ndc-product") { CustomParser = InputFiles.ParseFile, Description = "FDA NDC directory product.txt." };
        var ndcPackage = new Option<FileInfo?>("--ndc-package") { CustomParser = InputFiles.ParseFile, Description = "FDA NDC directory package.txt (optional: package-level NDCs)." };
        var terminologyOut = new Option<string?>("--out") { Description = "Also write the imported terminology as JSON to this file (for review, or for evaluate through Terminology__Path)." };
        var import = new Command("import", "Import RxNorm and FDA NDC files into the database: code-only dispenses then map to ingredients (running workers reload it).") { rxnconso, rxnrel, ndcProduct, ndcPackage, terminologyOut };
        import.SetAction((result, ct) => Verb(context, result, verbose, "terminology import", token => TerminologyVerb.ImportAsync(result.GetValue(rxnconso),
            result.GetValue(rxnrel), result.GetValue(ndcProduct), result.GetValue(ndcPackage), result.GetValue(terminologyOut), context.Output, context.Error, token,
            arguments: context.HostArguments()), ct));
        var terminology = new Command("terminology", "Product code terminologies (RxNorm, NDC).") { import };
        root.Subcommands.Add(terminology);

        var live = new Option<bool>("--live") { Description = "Ask /health/live (the process is up) instead of /health/ready.", Arity = ArgumentArity.Zero };
        var health = new Command("health", "Ask a running worker's health listener (Health:Urls) whether it is ready; exit 0 when it is (the container's health check).") { live };
        health.SetAction((result, ct) => Verb(context, result, verbose, "health", token => HealthVerb.RunAsync(context, result.GetValue(live), token), ct));
        root.Subcommands.Add(health);

        var helpVerb = new Argument<string[]>("verb") { Description = "The verb to describe (e.g. evaluate, terminology import).", Arity = ArgumentArity.ZeroOrMore };
        var help = new Command("help", "Show help for regimen-monitor or one verb.") { helpVerb };
        // the words were checked with every other usage error (HelpProblem), before any verb runs
        help.SetAction(result => PrintWithParser(root.Parse([.. result.GetValue(helpVerb) ?? [], "--help"]), context.Output, context.Error));
        root.Subcommands.Add(help);

        return root;
    }

    /// <summary>
    /// Runs the parser's own output (--help, --version): an output that cannot be written (a full disk, a closed pipe) is
    /// a failure said in one line on stderr (exit 1), not the parser's unhandled-exception report with its stack.
    /// </summary>
    private static int PrintWithParser(ParseResult parse, TextWriter output, TextWriter error)
    {
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (IOException ex)
        {
            try
            {
                error.WriteLine($"{Name}: cannot write to {(ReferenceEquals(output, error) ? "stderr" : "stdout")}: {ex.Message}");
            }
            catch (IOException)
            {
                // stderr cannot be written either: the exit code says it
            }

            return ExitCodes.Failure;
        }
    }

    /// <summary>How long a verb has to stop after SIGINT or SIGTERM before it is abandoned (exit 1, "interrupted").</summary>
    private static readonly TimeSpan InterruptionGrace = TimeSpan.FromSeconds(5);

    private static Option<bool> JsonOption(string? description = null) =>
        new("--json") { Description = description ?? "Print the result as one JSON document on stdout.", Arity = ArgumentArity.Zero };

    /// <summary>Runs a verb; whatever it throws becomes a cause and a fix on stderr (the stack only with --verbose).</summary>
    private static async Task<int> Verb(CliContext context, ParseResult result, Option<bool> verbose, string name, Func<CancellationToken, Task<int>> action, CancellationToken ct)
    {
        context.Verbose = result.GetValue(verbose);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var registration = stop.Token.Register(() => context.Cancelled = true);
        // run stops itself on SIGTERM and Ctrl+C (the host's console lifetime); every other verb is stopped here
        using var interruption = name == "run" ? null : new Interruption(stop, InterruptionGrace);
        try
        {
            // off this thread: a verb blocked in a call that ignores cancellation still lets the grace period end it
            var work = Task.Run(() => action(stop.Token), CancellationToken.None);
            if (interruption is not null && await Task.WhenAny(work, interruption.GraceOver) != work)
            {
                await context.Error.WriteLineAsync($"{Name} {name}: interrupted (it did not stop within {InterruptionGrace.TotalSeconds:0} s of the signal).");
                return ExitCodes.Failure;
            }

            return await work;
        }
        // the stop token, not the flag its callback sets: a publish cancelled by the same signal can fault before that
        // callback has run (a token's callbacks run last registered first); a library may wrap the cancellation
        catch (Exception ex) when ((context.Cancelled || stop.IsCancellationRequested) && NetworkErrors.Chain(ex).Any(e => e is OperationCanceledException))
        {
            await context.Error.WriteLineAsync($"{Name} {name}: interrupted.");
            return ExitCodes.Failure;
        }
        catch (Exception ex)
        {
            return CliFailure.Report(ex, name, name == "demo" ? DemoVerb.Database() : context.Database(), context.Verbose, context.Error);
        }
    }
}
