using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Infrastructure.Runtime;
using RegimenMonitor.Worker.Regimens;

namespace RegimenMonitor.Worker.Cli;

/// <summary>
/// Runs the real worker on embedded defaults (in-memory transport, a fresh SQLite file under ./data, Quartz in
/// memory), publishes the bundled sample feed through the bus, waits until every event is committed, and prints
/// what happened to each patient's regimen.
/// </summary>
internal static partial class DemoVerb
{
    public const string DemoDatabase = "data/demo.db";

    public static async Task<int> RunAsync(DirectoryInfo? samples, TextWriter output, CancellationToken ct, bool verbose = false)
    {
        if (samples is not null && InputFiles.Problem(samples, "--samples") is { } problem)
        {
            // the folder the user named: bad input
            return CliFailure.Report(problem, "demo", database: null, verbose: false, Console.Error);
        }

        var folder = samples ?? FindSamples();
        if (folder is null)
        {
            await Console.Error.WriteLineAsync("regimen-monitor demo: no samples folder found (samples/ in the working folder or beside the program); pass --samples DIR.");
            return ExitCodes.Failure;
        }

        // listed once: the checks below and the replay read the same files, even if the folder changes meanwhile
        var files = folder.GetFiles("*.ndjson").OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            // nothing to replay would print an empty story that looks like a run
            await Console.Error.WriteLineAsync($"regimen-monitor demo: --samples {InputFiles.Shown(folder.FullName)}: no *.ndjson files in that folder.");
            return ExitCodes.Usage;
        }

        // a folder named like a feed is no feed: left out by the listing above, it was skipped without a word (found by
        // an independent edge probe), where a pipe or a device so named is refused
        if (folder.GetDirectories("*.ndjson").OrderBy(d => d.Name, StringComparer.Ordinal).FirstOrDefault() is { } directory)
        {
            return CliFailure.Report(new CliException($"{InputFiles.Shown(directory.FullName)} is a directory; the demo reads each *.ndjson file of its folder, and a folder so named holds no events.",
                "rename it or move it out of the folder, then run again.", ExitCodes.Usage), "demo", database: null, verbose: false, Console.Error);
        }

        if (files.Select(FeedProblem).FirstOrDefault(p => p is not null) is { } unreadable)
        {
            return CliFailure.Report(unreadable, "demo", database: null, verbose: false, Console.Error);
        }

        var dataFolder = Path.GetDirectoryName(Path.GetFullPath(DemoDatabase))!;
        if (File.Exists(dataFolder))
        {
            // a file where the demo keeps its database's folder: the framework's "already exists" names no way out
            return CliFailure.Report(new CliException($"cannot keep the demo's database in {DemoDatabase}: {dataFolder} is a file, not a folder.",
                $"remove or rename the file {dataFolder}, or run the demo from another folder (it keeps its database in {DemoDatabase} under the current folder).",
                ExitCodes.Usage), "demo", database: null, verbose: false, Console.Error);
        }

        Directory.CreateDirectory(dataFolder);
        // a demo run earlier in this process leaves pooled connections to the file about to be deleted: they would
        // keep writing to the deleted file while the new run reads the new one
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" })
        {
            File.Delete(DemoDatabase + suffix);
        }

        var builder = CreateBuilder(verbose);
        var defaultDaysSupply = builder.Configuration.GetValue(RegimenOptions.SectionName + ":" + nameof(RegimenOptions.DefaultDaysSupply), new RegimenOptions().DefaultDaysSupply);
        var feeds = new List<(FileInfo File, List<EventLine> Events, List<(int Line, string Reason)> Errors, (int Line, string Reason)? Stopped)>();
        foreach (var file in files)
        {
            var (events, errors, stopped) = await NdjsonEvents.ReadFileAsync(file.FullName, defaultDaysSupply, ct);
            feeds.Add((file, events, errors, stopped));
        }

        RefuseReusedEventIds(feeds);

        // The demo's clock walks through the feed: each event is applied at its own time (a correction that the feed
        // sends after a newer one arrives after it), the due regimens are reviewed as the worker reviews them (every
        // Alerts:ReviewInterval, as a worker started at the feed's first event would), the nightly sweep runs at its
        // time of day, overdue alerts are escalated when they fall due, and the outbox is dispatched at every step.
        // The story ends an hour after the feed's last event. Every instant comes from the feed, so the output is the
        // same whatever day the demo runs.
        var timeline = Timeline(feeds.Select(f => f.Events).ToList());
        if (timeline.Count == 0)
        {
            // no event to tell a story from (empty files, or only bad lines): an empty story with a clock of 1970 looked
            // like a run and exited 0 (found by an independent edge probe); evaluate and replay refuse such a file too
            foreach (var (file, _, errors, stopped) in feeds)
            {
                foreach (var (line, reason) in errors)
                {
                    await Console.Error.WriteLineAsync($"regimen-monitor demo: {InputFiles.Shown(file.Name)}:{line}: skipped: {reason}");
                }

                if (stopped is { } stop)
                {
                    await Console.Error.WriteLineAsync($"regimen-monitor demo: {InputFiles.Shown(file.Name)}: after line {stop.Line}, {stop.Reason}");
                }
            }

            return CliFailure.Report(new CliException(
                $"--samples {InputFiles.Shown(folder.FullName)}: its {files.Count} *.ndjson file(s) hold no event to replay; nothing was run.",
                "give a folder whose feeds hold events, one JSON object per line (README, \"NDJSON files\"); an empty file is not an empty regimen.",
                ExitCodes.Usage), "demo", database: null, verbose: false, Console.Error);
        }

        var end = timeline.Select(t => t.At).Max().AddHours(1);
        var clock = new DemoClock(timeline[0].At);
        var start = clock.GetUtcNow();
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddSingleton(new JobsRunByCaller()); // the scheduler is off because the story runs the jobs
        using var host = builder.Build();
        await host.StartAsync(ct);
        var stopwatch = Stopwatch.StartNew();
        var alertOptions = host.Services.GetRequiredService<IOptions<AlertOptions>>().Value;
        var jobs = new DemoJobs(start, alertOptions.ReviewInterval, alertOptions.EscalateAfter);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"demo clock: from {start:yyyy-MM-dd HH:mm} UTC (the feed's first event) to {end:yyyy-MM-dd HH:mm} UTC (an hour after its last); {Reviews(jobs.ReviewInterval)}, nightly sweep at {SweepTime:hh\\:mm} UTC"));

        var bus = host.Services.GetRequiredService<IBus>();
        // A care team's subscription: everything published to care.regimen-alerts, with the (demo) time it arrived.
        var received = new CareTeamInbox();
        var careTeam = bus.ConnectReceiveEndpoint("demo-care-team", e => e.Handler<RegimenAlertRaised>(context =>
        {
            received.Incoming.Enqueue((clock.GetUtcNow(), context.Message));
            return Task.CompletedTask;
        }));
        await careTeam.Ready;
        foreach (var (file, events, errors, stopped) in feeds)
        {
            foreach (var (line, reason) in errors)
            {
                // bad input, as replay reports it: on stderr with its line, skipped, and exit 2 once the story is told
                await Console.Error.WriteLineAsync($"regimen-monitor demo: {InputFiles.Shown(file.Name)}:{line}: skipped: {reason}");
            }

            if (stopped is { } stop)
            {
                // the rest of the file is not read; the line it stopped after is one of those reported above, not another
                await Console.Error.WriteLineAsync($"regimen-monitor demo: {InputFiles.Shown(file.Name)}: after line {stop.Line}, {stop.Reason}");
            }

            await output.WriteLineAsync($"read {events.Count} event(s) from {InputFiles.Shown(file.Name)}");
        }

        var published = 0;
        var distinct = new HashSet<Guid>();
        foreach (var step in timeline)
        {
            await CatchUpAsync(host.Services, clock, step.At, jobs, received, ct);
            clock.Set(step.At);
            await bus.Publish(step.Event.Message, step.Event.Message.GetType(), ct);
            published++;
            distinct.Add(step.Event.Change.EventId);
            // A duplicate delivery leaves no second inbox row: wait for one row per distinct event id so far.
            if (!await UntilAsync(host.Services, async r => await r.CountProcessedAsync(ct) >= distinct.Count, ct))
            {
                await Console.Error.WriteLineAsync("regimen-monitor demo: timed out waiting for the pipeline; see the _error queues in the log above.");
                return 1;
            }

            await DispatchAsync(host.Services, received, ct);
        }

        await CatchUpAsync(host.Services, clock, end, jobs, received, ct);
        clock.Set(end);
        await DispatchAsync(host.Services, received, ct);

        await using var scope = host.Services.CreateAsyncScope();
        var reader = scope.ServiceProvider.GetRequiredService<RegimenReader>();
        // alert ids are random: label them A1, A2, … in order of first receipt so the output is reproducible
        var labels = new Dictionary<Guid, string>();
        foreach (var (_, alert) in received.Log)
        {
            labels.TryAdd(alert.AlertId, $"A{labels.Count + 1}");
        }

        var outcomes = await reader.CountOutcomesAsync(ct);
        await output.WriteLineAsync();
        await output.WriteLineAsync(
            $"{published} events published, {distinct.Count} distinct, committed in {stopwatch.Elapsed.TotalSeconds:F1} s: {Count(outcomes, "applied")} applied, {published - distinct.Count} duplicate(s) and {Count(outcomes, "stale")} out-of-date correction(s) (older than the record they correct) changed nothing.");
        foreach (var patientRef in await reader.ListPatientRefsAsync(ct))
        {
            var view = (await reader.GetPatientAsync(patientRef, ct))!;
            await output.WriteLineAsync();
            await output.WriteLineAsync($"Patient {view.PatientId} (version {view.Version} of its record)");
            foreach (var item in view.Items)
            {
                var supply = item.DaysSupply is { } days ? $"{days} days{(item.DaysSupplyAssumed ? " (assumed)" : string.Empty)}" : "-";
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"  {item.StartedAt:yyyy-MM-dd}  {item.Kind,-10}  {Truncate(item.ProductText, 38),-38}  {supply,-20}  {CoverageAt(item, end)}"));
            }

            foreach (var text in view.Unrecognised)
            {
                await output.WriteLineAsync($"  unrecognised product (kept, not evaluated): {text}");
            }

            if (view.Findings.Count == 0)
            {
                await output.WriteLineAsync("  no active findings");
            }

            foreach (var active in view.Findings)
            {
                var f = active.Finding;
                await output.WriteLineAsync($"  [{f.Severity.ToUpperInvariant()}] {f.Concern} {f.RuleId}: {f.Title}");
                await output.WriteLineAsync($"      products: {string.Join(", ", f.Involves.Select(i => $"{i.ProductText} ({i.Ingredient})"))}");
                await output.WriteLineAsync($"      {Since(f)}; do: {f.Recommendation}");
                // a reference that combines sources of two grades is cited once per grade: count the citations
                var references = f.Evidence.Select(e => e.Citation).Distinct(StringComparer.Ordinal).Count();
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"      evidence: {Grades(f.Evidence.Select(e => e.Grade))} ({references} {(references == 1 ? "reference" : "references")}); alert {Label(labels, active.AlertId)}"));
            }
        }

        await WriteAlertsAsync(output, received.Log, labels);
        await host.StopAsync(CancellationToken.None);
        return feeds.Exists(f => f.Errors.Count > 0 || f.Stopped is not null) ? ExitCodes.Usage : ExitCodes.Success;
    }

    /// <summary>The alerts a care team subscribed to <c>care.regimen-alerts</c> received, in the order received.</summary>
    private static async Task WriteAlertsAsync(TextWriter output, List<(DateTimeOffset At, RegimenAlertRaised Alert)> alerts, Dictionary<Guid, string> labels)
    {
        await output.WriteLineAsync();
        await output.WriteLineAsync($"Alerts received by a care team subscribed to {RegimenAlertRaised.ExchangeName}: {alerts.Count}");
        if (alerts.Count == 0)
        {
            return;
        }

        var header = $"  {"received (UTC)",-16}  {"patient",-9}  {"alert",-5}  {"status",-10}  {"change",-16}  {"severity",-15}  {"rule",-7}  {"evidence",-11}  products";
        await output.WriteLineAsync(header);
        await output.WriteLineAsync("  " + new string('-', header.Length + 20));
        foreach (var (at, a) in alerts)
        {
            var products = string.Join(" + ", a.Involves.Select(i => i.ProductText).Distinct(StringComparer.Ordinal));
            var grades = Grades(a.Evidence.Select(e => e.Grade));
            var change = a.Escalation is not null ? "escalated" : a.Transition ?? string.Empty;
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"  {at:yyyy-MM-dd HH:mm}  {a.PatientId,-9}  {labels[a.AlertId],-5}  {a.Status,-10}  {change,-16}  {a.Severity,-15}  {a.RuleId,-7}  {grades,-11}  {Truncate(products, 60)}"));
            await output.WriteLineAsync($"      {a.Title}");
            await output.WriteLineAsync($"      {WithLabels(a.Detail, labels)}");
            // every transition carries what to do: act on an opened, changed or escalated alert, confirm a resolution
            // with the patient, act on the alert that superseded one
            if (!string.IsNullOrWhiteSpace(a.Recommendation))
            {
                await output.WriteLineAsync($"      do: {WithLabels(a.Recommendation, labels)}");
            }

            if (a.SupersededBy is { } by && labels.TryGetValue(by, out var byLabel))
            {
                await output.WriteLineAsync($"      superseded by {byLabel}");
            }

            if (a.Unchecked is { Count: > 0 } notChecked)
            {
                await output.WriteLineAsync($"      not checked (unrecognised): {string.Join(", ", notChecked)}");
            }
        }

        await output.WriteLineAsync();
        await output.WriteLineAsync("  Evidence grades: E1 label or guideline, E2 controlled study, cohort or meta-analysis, E3 case reports, E4 mechanistic or expert opinion.");
        await output.WriteLineAsync("  Each alert also carries the citations and the structured fields (since, involves, resolution); see docs/contract.md, 'Receiving alerts'.");
    }

    /// <summary>
    /// Whether an item counts as taken at <paramref name="now"/>, as the engine counts it (FindingsReconciler.IsCurrent,
    /// the <c>coveredUntil</c> of <c>inspect</c>): not the record's status, which for every dispense handed over is
    /// <c>completed</c> (found by a newcomer probe: "completed" beside the rasagiline of an active contraindicated alert
    /// read as "that course is finished"). The dates are those of the coverage's end, an instant in UTC.
    /// </summary>
    internal static string CoverageAt(RegimenItemView item, DateTimeOffset now)
    {
        if (item.Withdrawn)
        {
            return "withdrawn"; // entered in error, cancelled or declined: never counted
        }

        if (item.StartedAt > now)
        {
            return string.Create(CultureInfo.InvariantCulture, $"starts {item.StartedAt:yyyy-MM-dd}");
        }

        if (item.CoveredUntil is not { } end)
        {
            return "taken, no end reported";
        }

        // ended by its own stop or one a care team reported, not by the end of its days supply and grace
        var stopped = end == item.StoppedAt || end == item.ReportedStop;
        var day = end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        return end > now
            ? stopped ? $"taken, stops {day}" : $"covered until {day}"
            : stopped ? $"stopped {day}" : $"ran out {day}";
    }

    /// <summary>The evidence grades of a finding or alert, each once, in order: one form in the summary and the alert table.</summary>
    private static string Grades(IEnumerable<string> grades) => string.Join(", ", grades.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    /// <summary>
    /// Since when a finding holds, as its summary line says it. A depletion finding's <c>since</c> is the day its drug's
    /// use reached the rule's duration threshold, not the start of that use, which its detail gives ("taken continuously
    /// since …"): said as such, so the summary and the alert agree (found by a newcomer walk-through: "since 2026-03-01"
    /// beside an alert saying "taken continuously since 2025-12-01").
    /// </summary>
    internal static string Since(FindingView finding)
    {
        var since = finding.Since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        // only a rule with a duration threshold: one without (minDays 0) holds from the start of use, and says no threshold
        if (finding.Concern != RegimenMonitor.Rules.WireNames.Of(RegimenMonitor.Rules.Concern.NutrientDepletion)
            || !finding.Detail.Contains("; threshold ", StringComparison.Ordinal))
        {
            return $"since {since}";
        }

        var use = UseStart().Match(finding.Detail);
        return !use.Success ? $"threshold reached {since}"
            : use.Groups["breaks"].Success ? $"threshold reached {since} (use since {use.Groups["start"].Value}, with breaks of at most {use.Groups["breaks"].Value})"
            : $"threshold reached {since} (continuous use since {use.Groups["start"].Value})";
    }

    // the engine's depletion detail: "<product> (<ingredient>) taken continuously since yyyy-MM-dd (…)" or "… taken since
    // yyyy-MM-dd with breaks of at most N days (…)" (Rules' FindingText.Depletion)
    [System.Text.RegularExpressions.GeneratedRegex(@"[),] taken (?:continuously )?since (?<start>\d{4}-\d{2}-\d{2})(?: with breaks of at most (?<breaks>\d+ days?))?", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex UseStart();

    private static string Label(Dictionary<Guid, string> labels, Guid alertId) => labels.TryGetValue(alertId, out var label) ? label : alertId.ToString();

    /// <summary>A text with the alert ids it mentions replaced by their labels.</summary>
    private static string WithLabels(string text, Dictionary<Guid, string> labels)
    {
        foreach (var (id, label) in labels)
        {
            text = text.Replace(id.ToString(), label, StringComparison.Ordinal);
        }

        return text;
    }

    /// <summary>
    /// The feed in the order it would have arrived: by event time, except that a line which follows, in its own file,
    /// a newer line for the same item (a late correction) arrives right after that newer line.
    /// </summary>
    internal static List<(DateTimeOffset At, EventLine Event)> Timeline(IReadOnlyList<List<EventLine>> files)
    {
        var steps = new List<(DateTimeOffset At, int File, int Index, EventLine Event)>();
        for (var f = 0; f < files.Count; f++)
        {
            var newest = new Dictionary<(string, RegimenMonitor.Rules.RegimenItemKind, string), DateTimeOffset>();
            for (var i = 0; i < files[f].Count; i++)
            {
                var e = files[f][i];
                var key = (e.Change.PatientRef, e.Change.Kind, e.Change.ItemKey);
                var at = newest.TryGetValue(key, out var seen) && seen > e.Change.EffectiveAt ? seen : e.Change.EffectiveAt;
                newest[key] = at;
                steps.Add((at, f, i, e));
            }
        }

        return [.. steps.OrderBy(s => s.At).ThenBy(s => s.File).ThenBy(s => s.Index).Select(s => (s.At, s.Event))];
    }

    /// <summary>
    /// Moves the clock up to <paramref name="until"/> through every review of due regimens, nightly sweep and escalation
    /// falling due.
    /// </summary>
    private static async Task CatchUpAsync(IServiceProvider services, DemoClock clock, DateTimeOffset until, DemoJobs jobs,
        CareTeamInbox received, CancellationToken ct)
    {
        while (true)
        {
            var now = clock.GetUtcNow();
            DateTimeOffset? escalation;
            DateTimeOffset sweep;
            DateTimeOffset review;
            await using (var scope = services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<RegimenDbContext>();
                // the first review and the first nightly sweep at or after the earliest next_review_at (reviews and
                // nights with nothing due change nothing)
                var reviews = await db.Patients.Where(p => p.NextReviewAt != null).Select(p => p.NextReviewAt!.Value).ToListAsync(ct);
                var due = reviews.Count == 0 ? (DateTimeOffset?)null : reviews.Min();
                sweep = due is { } d1 ? NextSweep(d1 > now ? d1.AddTicks(-1) : now) : DateTimeOffset.MaxValue;
                review = due is { } d2 ? jobs.NextReview(d2 > now ? d2 : now.AddTicks(1)) : DateTimeOffset.MaxValue;
                var candidates = await db.Findings.Where(f => f.State == "active" && f.SeverityRank >= 2 && f.EscalatedAt == null)
                    .Select(f => f.LastAlertAt).ToListAsync(ct);
                escalation = candidates.Count == 0 ? null : candidates.Min() + jobs.EscalateAfter;
            }

            var job = review < sweep ? review : sweep;
            var next = escalation is { } overdue && overdue < job ? (overdue > now ? overdue : now) : job;
            if (next > until || (next == now && escalation is null))
            {
                return;
            }

            clock.Set(next);
            await using (var scope = services.CreateAsyncScope())
            {
                var sweeper = scope.ServiceProvider.GetRequiredService<Sweep.RegimenSweeper>();
                if (next == sweep)
                {
                    await sweeper.SweepAsync(null, ct);
                }
                else if (next == review)
                {
                    await sweeper.ReviewDueAsync(ct, CancellationToken.None);
                }

                await scope.ServiceProvider.GetRequiredService<Alerts.EscalationService>().EscalateOverdueAsync(ct);
            }

            await DispatchAsync(services, received, ct);
            if (next == now && next != sweep && next != review)
            {
                // an escalation due now was written: nothing else is due at this instant
                clock.Set(next.AddTicks(1));
            }
        }
    }

    /// <summary>How the demo's header names the reviews of due regimens.</summary>
    private static string Reviews(TimeSpan interval) => interval > TimeSpan.Zero
        ? string.Create(CultureInfo.InvariantCulture, $"due regimens reviewed every {interval.TotalMinutes:0.##} min as the worker does (Alerts:ReviewInterval)")
        : "due regimens reviewed only at the nightly sweep (Alerts:ReviewInterval 00:00:00)";

    /// <summary>
    /// The demo's schedule of the worker's jobs besides the nightly sweep: the review of due regimens every
    /// <see cref="ReviewInterval"/> from the demo's start (none when zero, as in the worker), and the escalation delay.
    /// </summary>
    private sealed record DemoJobs(DateTimeOffset Start, TimeSpan ReviewInterval, TimeSpan EscalateAfter)
    {
        /// <summary>The first review at or after <paramref name="at"/>; never when reviews are off.</summary>
        public DateTimeOffset NextReview(DateTimeOffset at)
        {
            if (ReviewInterval <= TimeSpan.Zero)
            {
                return DateTimeOffset.MaxValue;
            }

            var intervals = Math.Max(0, (at - Start).Ticks + ReviewInterval.Ticks - 1) / ReviewInterval.Ticks;
            return Start + TimeSpan.FromTicks(intervals * ReviewInterval.Ticks);
        }
    }

    private static readonly TimeSpan SweepTime = new(2, 30, 0);

    private static DateTimeOffset NextSweep(DateTimeOffset after)
    {
        var day = new DateTimeOffset(after.UtcDateTime.Date, TimeSpan.Zero) + SweepTime;
        return day > after ? day : day.AddDays(1);
    }

    /// <summary>Drains the outbox onto the bus and waits until the care team's endpoint has every dispatched alert.</summary>
    private static async Task DispatchAsync(IServiceProvider services, CareTeamInbox received, CancellationToken ct)
    {
        await using (var scope = services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Alerts.AlertDispatcher>().DispatchPendingAsync(ct);
        }

        if (!await UntilAsync(services, async r => received.Count >= await r.CountDispatchedAlertsAsync(ct), ct))
        {
            throw new TimeoutException("demo: timed out waiting for the care team's endpoint to receive the dispatched alerts.");
        }

        received.Settle();
    }

    /// <summary>
    /// What the demo's care team received. One dispatch publishes its batch concurrently, so arrivals within a batch are
    /// put in a fixed order (patient, rule, products, state) to keep the output reproducible; batches keep their order.
    /// </summary>
    private sealed class CareTeamInbox
    {
        public ConcurrentQueue<(DateTimeOffset At, RegimenAlertRaised Alert)> Incoming { get; } = new();

        public List<(DateTimeOffset At, RegimenAlertRaised Alert)> Log { get; } = [];

        public int Count => Log.Count + Incoming.Count;

        public void Settle()
        {
            var batch = new List<(DateTimeOffset At, RegimenAlertRaised Alert)>();
            while (Incoming.TryDequeue(out var item))
            {
                batch.Add(item);
            }

            Log.AddRange(batch
                .OrderBy(b => b.At)
                .ThenBy(b => b.Alert.PatientId, StringComparer.Ordinal)
                .ThenBy(b => b.Alert.RuleId, StringComparer.Ordinal)
                .ThenBy(b => string.Join("+", b.Alert.Involves.Select(i => i.Ingredient)), StringComparer.Ordinal)
                .ThenBy(b => b.Alert.Escalation is null ? 0 : 1)
                .ThenBy(b => b.Alert.Status, StringComparer.Ordinal));
        }
    }

    private static async Task<bool> UntilAsync(IServiceProvider services, Func<RegimenReader, Task<bool>> condition, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            await using (var scope = services.CreateAsyncScope())
            {
                if (await condition(scope.ServiceProvider.GetRequiredService<RegimenReader>()))
                {
                    return true;
                }
            }

            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                return false;
            }

            await Task.Delay(10, ct);
        }
    }

    /// <summary>The demo's clock: stands still at the instant the demo sets.</summary>
    private sealed class DemoClock(DateTimeOffset start) : TimeProvider
    {
        private long _ticks = start.UtcTicks;

        public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);

        public void Set(DateTimeOffset at) => Interlocked.Exchange(ref _ticks, at.UtcTicks);
    }

    /// <summary>
    /// Why a feed of the folder cannot be told, or null: <see cref="InputFiles.Problem(FileInfo, string?)"/>, or a feed
    /// that is no regular file. The demo reads each feed whole before its story starts, and a named pipe without a
    /// writer waited for ever, a device may never end (found by an independent edge probe: <c>mkfifo pipe.ndjson</c> in
    /// the folder hung the demo silently until a signal).
    /// </summary>
    private static CliException? FeedProblem(FileInfo feed) =>
        InputFiles.Problem(feed) ?? (InputFiles.IsRegularFile(feed) == false
            ? new CliException($"{InputFiles.Shown(feed.FullName)} {FileFacts.NotRegularFile}; the demo reads each *.ndjson file of its folder whole before it starts, and such a file may never end or wait for a writer.",
                "move it out of the folder, or save what it holds as a file, then run again.", ExitCodes.Usage)
            : null);

    /// <summary>
    /// The demo's host, on <see cref="Settings"/> and the shipped appsettings.json only. Every log line goes to stderr,
    /// so the story stays alone on stdout: the worker's warnings and errors as well as <c>--verbose</c>'s informational
    /// lines (until 2026-12-07 only the latter; found by an independent edge probe: a warning was printed in the story).
    /// </summary>
    internal static Microsoft.Extensions.Hosting.HostApplicationBuilder CreateBuilder(bool verbose)
    {
        var settings = Settings();
        if (verbose)
        {
            settings["Logging:LogLevel:Default"] = "Information";
        }

        var builder = RegimenMonitorHost.CreateBuilder([], HostRole.Worker, settings, shippedDefaultsOnly: true);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = Microsoft.Extensions.Logging.LogLevel.Trace);
        return builder;
    }

    /// <summary>The demo's own database, whatever the configuration says (for naming it in a failure).</summary>
    internal static DatabaseOptions Database() => new() { Provider = DatabaseProvider.Sqlite, ConnectionString = $"Data Source={DemoDatabase}" };

    /// <summary>The embedded-defaults profile of the demo: in-memory transport, its own SQLite file, no health port.</summary>
    internal static Dictionary<string, string?> Settings() => new()
    {
        ["Database:Provider"] = "Sqlite",
        ["ConnectionStrings:Database"] = $"Data Source={DemoDatabase}",
        ["Messaging:Transport"] = "InMemory",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Health:Enabled"] = "false",
        // the demo runs the jobs itself, at the demo clock's instants (see CatchUpAsync)
        ["Alerts:SchedulerEnabled"] = "false",
    };

    /// <summary>
    /// An event id the feeds (in the order they are read) give again for an event that says something else: the worker
    /// would refuse it to _error, and the story would count it as a duplicate and go on without it (found by an
    /// independent edge probe). It is a bad line, as in evaluate: skipped, named on stderr, and the demo exits 2. A
    /// repeat that says the same stays, a duplicate the worker drops.
    /// </summary>
    private static void RefuseReusedEventIds(List<(FileInfo File, List<EventLine> Events, List<(int Line, string Reason)> Errors, (int Line, string Reason)? Stopped)> feeds)
    {
        var first = new Dictionary<Guid, (string File, int Line, long Fingerprint, RegimenChange Change)>();
        foreach (var (file, events, errors, _) in feeds)
        {
            var refused = 0;
            foreach (var line in events.ToList())
            {
                var fingerprint = EventFingerprint.Of(line.Change);
                if (!first.TryGetValue(line.Change.EventId, out var earlier))
                {
                    first.Add(line.Change.EventId, (file.Name, line.LineNumber, fingerprint, line.Change));
                    continue;
                }

                if (earlier.Fingerprint != fingerprint)
                {
                    var where = earlier.File == file.Name ? $"line {earlier.Line}" : $"{InputFiles.Shown(earlier.File)} line {earlier.Line}";
                    errors.Add((line.LineNumber, InvalidEventException.Prefixed(
                        $"eventId: already on {where} for an event that says something else (this one differs in {string.Join(", ", EventFingerprint.Differing(earlier.Change, line.Change))}); the worker refuses such an event to _error: {EventConflict.Advice}")));
                    events.Remove(line);
                    refused++;
                }
            }

            if (refused > 0)
            {
                errors.Sort((a, b) => a.Line.CompareTo(b.Line));
            }
        }
    }

    private static int Count(Dictionary<string, int> outcomes, string key) => outcomes.TryGetValue(key, out var n) ? n : 0;

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    private static DirectoryInfo? FindSamples()
    {
        foreach (var candidate in new[] { Path.Combine(Environment.CurrentDirectory, "samples"), Path.Combine(AppContext.BaseDirectory, "samples") })
        {
            if (Directory.Exists(candidate) && Directory.EnumerateFiles(candidate, "*.ndjson").Any())
            {
                return new DirectoryInfo(candidate);
            }
        }

        return null;
    }
}
