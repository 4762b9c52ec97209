using System.CommandLine;

namespace RegimenMonitor.Worker.Cli;

/// <summary>The verbs of the <c>regimen-monitor</c> executable.</summary>
internal static class RegimenMonitorCli
{
    public static Task<int> InvokeAsync(string[] args) => BuildRoot().Parse(args).InvokeAsync();

    internal static RootCommand BuildRoot()
    {
        var root = new RootCommand("RegimenMonitor: watches medication regimens and alerts care teams.");

        var run = new Command("run", "Run the worker (default). Unrecognised --Key=Value tokens are passed to configuration.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        run.SetAction((result, ct) => RunVerb.RunAsync([.. result.UnmatchedTokens], ct));
        root.Subcommands.Add(run);
        root.TreatUnmatchedTokensAsErrors = false;
        root.SetAction((result, ct) => RunVerb.RunAsync([.. result.UnmatchedTokens], ct));

        var samples = new Option<DirectoryInfo?>("--samples") { Description = "Folder of *.ndjson sample feeds (default: the bundled samples)." };
        var demo = new Command("demo", "Run the real pipeline on embedded defaults over the bundled sample feed and print what it did.") { samples };
        demo.SetAction((result, ct) => DemoVerb.RunAsync(result.GetValue(samples), Console.Out, ct));
        root.Subcommands.Add(demo);

        var migrate = new Command("migrate", "Apply database migrations and exit.");
        migrate.SetAction((_, ct) => MigrateVerb.RunAsync(ct));
        root.Subcommands.Add(migrate);

        var replayFile = new Argument<FileInfo>("file") { Description = "NDJSON file: one event per line with \"type\"." };
        var replay = new Command("replay", "Publish each line of an NDJSON file to its exchange on the configured broker.") { replayFile };
        replay.SetAction((result, ct) => ReplayVerb.RunAsync(result.GetValue(replayFile)!, Console.Error, ct));
        root.Subcommands.Add(replay);

        var evaluateFile = new Argument<FileInfo>("file") { Description = "NDJSON file: one patient's events, one per line, with \"type\"." };
        var asOf = new Option<string?>("--as-of") { Description = "Date (end of that day, UTC) or RFC 3339 timestamp; default now." };
        var format = new Option<string>("--format") { Description = "json (default) or fhir: a FHIR R4 Bundle of DetectedIssues.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong("json", "fhir");
        var evaluate = new Command("evaluate", "Evaluate one regimen given as contract events and print the findings as JSON.") { evaluateFile, asOf, format };
        evaluate.SetAction((result, ct) => EvaluateVerb.RunAsync(result.GetValue(evaluateFile)!, result.GetValue(asOf), Console.Out, Console.Error, TimeProvider.System, ct,
            format: result.GetValue(format)!));
        root.Subcommands.Add(evaluate);

        var sweep = new Command("sweep", "Re-evaluate now every regimen whose result changed with time (the nightly sweep, on demand).");
        sweep.SetAction((_, ct) => SweepVerb.RunAsync(Console.Out, Console.Error, ct));
        root.Subcommands.Add(sweep);

        var patient = new Option<string>("--patient") { Description = "The publisher's patient id.", Required = true };
        var inspect = new Command("inspect", "Print a patient's current regimen as JSON.") { patient };
        inspect.SetAction((result, ct) => InspectVerb.RunAsync(result.GetValue(patient)!, Console.Out, ct));
        root.Subcommands.Add(inspect);

        return root;
    }
}
