using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Options;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Infrastructure.Runtime;
using RegimenMonitor.Worker.Regimens;

namespace RegimenMonitor.Worker.Cli;

/// <summary>
/// Evaluates one regimen given as NDJSON contract events. Lines pass through the same parsing, validation, mapping
/// and item-update rules as the consumers, so <c>evaluate</c> and the worker never disagree. Exit 0 with the findings
/// as JSON on stdout; exit 2 with "line N: reason" on stderr for every malformed line (the whole file is checked, and
/// nothing is printed on stdout); exit 2 for a missing file, a file without events or invalid configuration. Files of 1 MiB and more show a progress bar on stderr.
/// </summary>
internal static class EvaluateVerb
{
    /// <summary>Files from this size on show a progress bar on stderr.</summary>
    private const long ProgressThresholdBytes = 1 << 20;

    /// <summary>Repeated lines named one by one; the rest are counted in one note (a feed replayed twice is no error).</summary>
    internal const int DuplicateNotesNamed = 20;

    public static async Task<int> RunAsync(FileInfo file, string? asOfText, TextWriter output, TextWriter error, TimeProvider clock, CancellationToken ct,
        IDictionary<string, string?>? overrides = null, string[]? arguments = null, string format = "json")
    {
        if (!TryParseAsOf(asOfText, clock, out var asOf))
        {
            await error.WriteLineAsync($"regimen-monitor evaluate: {AsOfProblem(asOfText)}");
            return 2;
        }

        if (InputFiles.Problem(file) is { } problem)
        {
            return CliFailure.Report(problem, "evaluate", database: null, verbose: false, error);
        }

        // The same configuration (Regimen:DefaultDaysSupply, Regimen:MaxFutureSkew) and evaluator the worker uses.
        int defaultDaysSupply;
        EventTimeLimit limit;
        RegimenEvaluator evaluator;
        try
        {
            using var host = RegimenMonitorHost.CreateBuilder(arguments ?? [], HostRole.Tool, overrides).Build();
            // every setting checked, as for every verb: a bad value elsewhere (OTEL_…, Messaging) is refused, not ignored
            ServiceChecks.ValidateConfiguration(host.Services);
            var options = host.Services.GetRequiredService<IOptions<RegimenOptions>>().Value;
            defaultDaysSupply = options.DefaultDaysSupply;
            limit = EventTimeLimit.From(clock, options.MaxFutureSkew);
            evaluator = host.Services.GetRequiredService<RegimenEvaluator>();
        }
        catch (KnowledgeBaseException ex)
        {
            await error.WriteLineAsync($"regimen-monitor evaluate: knowledge base is invalid: {ex.Message}");
            return 1;
        }
        catch (Exception ex) when (ConfigurationErrors.Failures(ex) is not null)
        {
            // every failure, then the fix, as every verb reports them
            return CliFailure.Report(ex, "evaluate", database: null, verbose: false, error);
        }

        // Items indexed by (kind, key): each line is applied in constant time, so a long history stays linear.
        var items = new List<RegimenItemRecord>();
        var byKey = new Dictionary<(string Kind, string Key), RegimenItemRecord>();
        string? patient = null;
        // every patient's lines (their count, and the first few numbers): a file of several patients is said once, its
        // lines are no bad lines; of two patients, the lines of the smaller part are named (a mistyped patientId)
        var patientLines = new Dictionary<string, (int Count, List<int> First)>(StringComparer.Ordinal);
        // eventId is the idempotency key: the line that first gave it
        var firstLines = new Dictionary<Guid, (int Line, RegimenChange Change)>();
        var number = 0;
        var badLines = 0;
        var duplicates = 0;
        ProgressBar? progress = InputFiles.ContentLength(file) >= ProgressThresholdBytes ? new ProgressBar(error, NdjsonEvents.CountLines(file.FullName)) : null;
        // not NDJSON (/dev/zero, /dev/urandom, a binary file): the lines so far are reported (bad ones, which the summary
        // counts), then why reading stopped; the rest is not read
        var stopped = false;
        string? firstLine = null; // the first that is not blank: a JSON document's "[" or "{" (always a bad line), not NDJSON?
        void Stopped(string reason)
        {
            stopped = true;
            Report(progress, error, $"line {number}: {reason}");
        }

        await foreach (var line in NdjsonEvents.ReadLinesAsync(file.FullName, Stopped, ct))
        {
            number++;
            progress?.Report(number);
            if (line.IsBlank)
            {
                continue;
            }

            firstLine ??= line.Text ?? string.Empty;
            if (!NdjsonEvents.TryParse(line, number, defaultDaysSupply, limit, out var parsed, out var reason))
            {
                badLines++;
                Report(progress, error, $"line {number}: {reason}");
                continue;
            }

            patient ??= parsed!.Change.PatientRef;
            var (count, firstNumbers) = patientLines.TryGetValue(parsed!.Change.PatientRef, out var seen) ? seen : (0, new List<int>());
            if (firstNumbers.Count < LinesNamed)
            {
                firstNumbers.Add(number);
            }

            patientLines[parsed.Change.PatientRef] = (count + 1, firstNumbers);
            if (parsed.Change.PatientRef != patient)
            {
                continue;
            }

            // the worker applies an event id once: a repeat saying the same is a duplicate that changes nothing, one
            // saying something else is refused (EventConflict)
            if (firstLines.TryGetValue(parsed.Change.EventId, out var first))
            {
                if (EventFingerprint.Of(first.Change) == EventFingerprint.Of(parsed.Change))
                {
                    // found by an edge probe: a file replayed into itself printed one note per line, 100,000 of them
                    if (++duplicates <= DuplicateNotesNamed)
                    {
                        Report(progress, error, $"line {number}: note: eventId already on line {first.Line}; skipped, as the worker skips a duplicate event");
                    }

                    continue;
                }

                badLines++;
                // the fields are named, never their values (found by a newcomer probe: the reason listed every field it covers)
                var differing = string.Join(", ", EventFingerprint.Differing(first.Change, parsed.Change));
                Report(progress, error, $"line {number}: {InvalidEventException.Prefixed($"eventId: already on line {first.Line} for an event that says something else (this one differs in {differing}); the worker refuses such an event to _error: {EventConflict.Advice}")}");
                continue;
            }

            var key = (RegimenItemUpdate.KindName(parsed.Change.Kind), parsed.Change.ItemKey);
            byKey.TryGetValue(key, out var existing);
            RegimenItemRecord? touched;
            try
            {
                RegimenItemUpdate.Apply(items, existing, parsed.Change, asOf, out touched);
            }
            catch (InvalidEventException ex)
            {
                // refused by what an earlier line of the statement said, as the worker refuses it to _error (a stop before
                // the start an earlier report gave); nothing of it is applied, and a repeat of it is refused again
                badLines++;
                Report(progress, error, $"line {number}: {InvalidEventException.Prefixed(ex.Message)}");
                continue;
            }

            firstLines.Add(parsed.Change.EventId, (number, parsed.Change));
            if (existing is null && touched is not null)
            {
                byKey[key] = touched;
            }
        }

        progress?.Report(number, force: true);
        progress?.Complete();
        if (duplicates > DuplicateNotesNamed)
        {
            await error.WriteLineAsync($"regimen-monitor evaluate: note: {duplicates - DuplicateNotesNamed} more line(s) repeated an earlier line's event ({duplicates} in all, the first {DuplicateNotesNamed} named above); skipped, as the worker skips a duplicate event");
        }

        if (badLines > 0)
        {
            // when reading stopped, the bad lines are those of the lines read, not of the file (found by an independent
            // edge probe: "100 lines in a row" at line 102, then "100 bad line(s) in /dev/urandom")
            await error.WriteLineAsync(stopped
                ? $"regimen-monitor evaluate: {badLines} bad line(s) in the {number} line(s) read from {InputFiles.Given(file)} before reading stopped; nothing evaluated. Fix them and run again."
                : $"regimen-monitor evaluate: {badLines} bad line(s) in {InputFiles.Given(file)}; nothing evaluated. Fix them and run again.");
            if (NdjsonEvents.JsonDocumentHint(firstLine, ShellFile(file)) is { } hint)
            {
                await error.WriteLineAsync($"  fix: {hint}");
            }
        }

        if (patientLines.Count > 1)
        {
            // found by a newcomer probe: the sample feed got "patientId differs" on 22 sound lines and "Fix them"
            return CliFailure.Report(SeveralPatients(file, [.. patientLines.Values]), "evaluate", database: null, verbose: false, error);
        }

        if (badLines > 0)
        {
            return 2;
        }

        if (patient is null)
        {
            // an empty result would read as "no findings" for a patient whose events were never given
            return CliFailure.Report(new CliException($"{InputFiles.Given(file)} holds no events; nothing evaluated.",
                "give the patient's events, one JSON object per line (README, \"NDJSON files\"); an empty file is not an empty regimen.", ExitCodes.Usage),
                "evaluate", database: null, verbose: false, error);
        }

        if (items.TrueForAll(i => i.Withdrawn))
        {
            // an empty result, but not an all-clear for the patient: the file withdrew everything it named (found by an
            // edge probe: a file of one withdrawal printed no findings and no products, and nothing said why)
            await error.WriteLineAsync($"regimen-monitor evaluate: note: every product in {InputFiles.Given(file)} is withdrawn (entered in error, cancelled or declined); nothing is left to evaluate, so the result has no findings and no products.");
        }
        else if (items.Where(i => !i.Withdrawn).Min(i => i.StartedAt) is var first && first > asOf)
        {
            // an empty result for an instant before the regimen began is no all-clear for it (found by a newcomer
            // probe: `--as-of 2025-11-01` on a sample printed "findings": [] and exit 0, and nothing said why)
            await error.WriteLineAsync($"regimen-monitor evaluate: note: --as-of {Stamp(asOf)} is before every product in {InputFiles.Given(file)} started (the first on {Stamp(first)}); nothing was taken yet at that instant, so the result has no findings and says nothing of the regimen after it.");
        }

        var evaluation = evaluator.Evaluate(items, asOf);
        // each text once: a product dispensed every month is one unrecognised product, not twelve ("products" has each item)
        var unrecognised = evaluation.Unrecognised.Select(i => i.ProductText).Distinct(StringComparer.Ordinal).ToList();
        if (format == "fhir")
        {
            // a Bundle of DetectedIssues, as the worker publishes them on care.regimen-alerts.fhir
            await output.WriteLineAsync(Fhir.EvaluateFhirOutput.Bundle(patient, evaluation.Result.RuleSetVersion, evaluation.Result.Findings.Select(FindingView.From), asOf,
                unrecognised));
            return 0;
        }

        var document = new
        {
            asOf,
            ruleSetVersion = evaluation.Result.RuleSetVersion,
            findings = evaluation.Result.Findings.Select(FindingView.From).ToList(),
            unrecognised = unrecognised.Select(t => new { productText = t }).ToList(),
            products = items.Where(i => !i.Withdrawn).Select(i => ProductMappingView.From(evaluator, i.Kind, i.ItemKey, i.ProductText, i.Atc, i.Rxnorm, i.Ndc, RegimenEvaluator.Directions(i))).ToList(),
        };
        await output.WriteLineAsync(JsonSerializer.Serialize(document, WireJson.Indented));
        return 0;
    }

    // the file as a command a hint offers names it (FILE for standard input)
    private static string ShellFile(FileInfo file) =>
        file.ToString() == InputFiles.StandardInput ? "FILE" : ShellWords.Quote(InputFiles.Shown(file.ToString()));

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    // the line numbers named of the smaller of two patients' parts, at most
    private const int LinesNamed = 10;

    /// <summary>
    /// A file of several patients' events (a feed): how many, never who, and how to give one patient's events. Of two
    /// patients, the lines of the smaller part are named by number (a review: a one-patient file with one mistyped
    /// patientId said "2 patients" and no line to correct).
    /// </summary>
    internal static CliException SeveralPatients(FileInfo file, IReadOnlyList<(int Count, List<int> First)> patients)
    {
        var given = ShellFile(file);
        var which = string.Empty;
        var correct = string.Empty;
        if (patients.Count == 2)
        {
            var (fewer, more) = patients[0].Count <= patients[1].Count ? (patients[0], patients[1]) : (patients[1], patients[0]);
            var named = string.Join(", ", fewer.First.Take(LinesNamed)) + (fewer.Count > LinesNamed ? $" and {fewer.Count - LinesNamed:N0} more" : string.Empty);
            which = $" ({(fewer.Count == 1 ? "line" : "lines")} {named} {(fewer.Count == 1 ? "gives" : "give")} one patientId, the other {more.Count:N0} {(more.Count == 1 ? "line" : "lines")} another)";
            correct = $"correct the patientId of line {fewer.First[0]} if it is mistyped; or ";
        }

        return new CliException($"{InputFiles.Given(file)} holds the events of {patients.Count} patients{which}, and evaluate takes one patient's regimen per file; nothing evaluated.",
            $"{correct}give it one patient's events: samples/regimen/ in the repository holds such a file; or keep one patient's lines of every feed that has them (reports of supplements often come in another feed than the dispenses, and a regimen without them misses their interactions), e.g. jq -c 'select(.patientId == \"ID\")' {given} OTHER-FEED.ndjson > one-patient.ndjson (demo and replay take whole feeds).",
            ExitCodes.Usage);
    }

    private static void Report(ProgressBar? progress, TextWriter error, string message)
    {
        if (progress is null)
        {
            error.WriteLine(message);
        }
        else
        {
            progress.Interrupt(message);
        }
    }

    /// <summary>
    /// What is wrong with an <c>--as-of</c> value; a file name there (the value forgotten) is named as such, and so are
    /// an offset beyond ±14:00 and a leap second, with the event contract's words (found by an edge probe).
    /// </summary>
    internal static string AsOfProblem(string? text)
    {
        if (Rfc3339.IsOffsetBeyondRange(text))
        {
            return Rfc3339.OffsetBeyondRange("--as-of") + ".";
        }

        if (Rfc3339.IsLeapSecond(text))
        {
            return Rfc3339.LeapSecond("--as-of") + ".";
        }

        var expected = $"--as-of must be a date (2026-11-21: the end of that day, UTC) or an RFC 3339 timestamp with offset, in the years {EventContract.EarliestYear} to {EventContract.LatestYear}.";
        // a date never ends so, nor names an existing file ("11/01/2026" has slashes but is a date in the wrong form)
        return text is not null && (text.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase) || text.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
                                    || File.Exists(text))
            ? $"{expected} It was given a file name: was its value forgotten (evaluate --as-of 2026-11-21 FILE)?"
            : expected;
    }

    internal static bool TryParseAsOf(string? text, TimeProvider clock, out DateTimeOffset asOf)
    {
        if (text is null)
        {
            asOf = clock.GetUtcNow();
            return true;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            // --as-of "" (an unset shell variable): not a request for now
            asOf = default;
            return false;
        }

        // the documented forms only, read by the parser the event contract uses (no locale layouts, no time-only text),
        // in the years the contract allows for event times
        if (Rfc3339.TryParseDate(text, out var date))
        {
            asOf = new DateTimeOffset(date.ToDateTime(new TimeOnly(23, 59, 59)), TimeSpan.Zero);
        }
        else if (!Rfc3339.TryParseTimestamp(text, out asOf))
        {
            return false;
        }

        return asOf.UtcDateTime.Year is >= EventContract.EarliestYear and <= EventContract.LatestYear;
    }
}
