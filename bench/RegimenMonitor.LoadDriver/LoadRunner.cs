using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using RegimenMonitor.LoadDriver.Alerts;
using RegimenMonitor.LoadDriver.Broker;
using RegimenMonitor.LoadDriver.EventMix;
using RegimenMonitor.LoadDriver.Measurement;
using RegimenMonitor.LoadDriver.Reporting;
using RegimenMonitor.LoadDriver.Services;
using RegimenMonitor.LoadDriver.Worker;

namespace RegimenMonitor.LoadDriver;

/// <summary>
/// One run: phase 1 (raw broker baseline) in its own virtual host, then phase 2 (the worker as a separate process on
/// its own virtual host and database): warm-up, throughput, fixed-rate latency, time to alert, memory. Cleans up the
/// virtual hosts and the database unless asked to keep them.
/// </summary>
internal sealed class LoadRunner(LoadOptions options, TextWriter progress)
{
    private readonly List<string> _notes = [];

    public async Task<LoadReport> RunAsync(CancellationToken ct)
    {
        using var management = new RabbitManagement(options.RabbitMqManagement, options.RabbitMq);
        Say("checking RabbitMQ and PostgreSQL");
        var (rabbitVersion, erlangVersion) = await management.VersionsAsync(ct);
        var postgresVersion = await BenchDatabase.ServerVersionAsync(options.Postgres, ct);
        var worker = ResolveWorker();

        var runId = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "_" + Guid.NewGuid().ToString("N")[..6];
        var asOf = DateTimeOffset.UtcNow;
        Say($"generating {LoadOptions.MixName(options.Mix)} mix: {options.Events:N0} + {options.Warmup:N0} warm-up + {(options.SkipLatency ? 0 : options.LatencyEvents):N0} fixed-rate events"
            + (options.Mix == LoadMix.LongHistory ? $" + {options.History:N0} history events per patient" : string.Empty));
        var (history, events) = EventMixGenerator.GenerateWithHistory(new EventMixSettings
        {
            Events = options.Events, Patients = options.Patients, AsOf = asOf, Seed = options.Seed, PatientPrefix = "LT", Mix = options.Mix,
            HistoryPerPatient = options.History,
        });
        var warmup = EventMixGenerator.Generate(new EventMixSettings
        {
            Events = options.Warmup, Patients = Math.Max(1, options.Warmup / 10), AsOf = asOf, Seed = options.Seed + 1, PatientPrefix = "LW",
        });
        // the fixed-rate run offers new patients of the same mix (long-history: of the default mix, there is no history for them)
        IReadOnlyList<LoadEvent> paced = options.SkipLatency ? [] : EventMixGenerator.Generate(new EventMixSettings
        {
            Events = options.LatencyEvents, Patients = options.Patients, AsOf = asOf, Seed = options.Seed + 2, PatientPrefix = "LL",
            Mix = options.Mix == LoadMix.LongHistory ? LoadMix.Default : options.Mix,
        });

        var report = new LoadReport
        {
            StartedAt = DateTimeOffset.UtcNow,
            Machine = new LoadReport.MachineInfo(
                Environment.ProcessorCount, CpuModel(), ProcFs.MemTotalKb() / 1024, OsName(), RuntimeInformation.OSDescription,
                RuntimeInformation.FrameworkDescription, rabbitVersion, erlangVersion, postgresVersion, ProcFs.LoadAverage(), null),
        };

        // ---- phase 1 --------------------------------------------------------------------------------------------------
        if (!options.SkipBaseline)
        {
            var baselineHost = $"regimen-load-{runId}-baseline";
            await management.CreateVirtualHostAsync(baselineHost, ct);
            try
            {
                var cpu = CpuSnapshot.Take(0, [], 0);
                var baseline = await BrokerBaseline.RunAsync(options.AmqpFor(baselineHost), warmup, events, options.EffectivePrefetch, options.QuorumQueues,
                    options.ConfirmBatch, Say, ct);
                report.Baseline = baseline with { Cpu = CpuSnapshot.Take(0, [], 0).Since(cpu, warmup.Count + events.Count) };
                Say($"baseline: {report.Baseline.MessagesPerSecond:N0} messages/s");
            }
            finally
            {
                if (!options.Keep)
                {
                    await CleanUpAsync(() => management.DeleteVirtualHostAsync(baselineHost), $"virtual host '{baselineHost}'",
                        $"curl -u USER:PASSWORD -X DELETE {options.RabbitMqManagement}api/vhosts/{Uri.EscapeDataString(baselineHost)}");
                }
            }
        }

        // ---- phase 2 --------------------------------------------------------------------------------------------------
        var virtualHost = $"regimen-load-{runId}";
        await management.CreateVirtualHostAsync(virtualHost, ct);
        var database = await BenchDatabase.CreateAsync(options.Postgres, "regimen_load_" + runId, options.RandomPageCost, ct);
        var variables = options.WorkerVariables(options.AmqpFor(virtualHost), database.ConnectionString);
        report.Parameters = new LoadReport.RunParameters(
                options.Events, options.Patients, options.Warmup, options.Rate, options.DurationSeconds, paced.Count, options.ConfirmBatch, options.Seed,
                options.QuorumQueues, worker, Redact(variables), EventMixGenerator.Mix(events), events.Count(e => e.CompletesAlert),
                Math.Round(events.Average(e => e.Body.Length), 1), database.CommitTimeSource)
        {
            Mix = LoadOptions.MixName(options.Mix),
            HistoryEvents = history.Count,
            Analyze = options.Analyze,
            RandomPageCost = options.RandomPageCost,
            DatabaseSetup = options.DatabaseSetup,
        };
        if (!database.CommitTimestamps)
        {
            _notes.Add("track_commit_timestamp is off: commit times are processed_events.processed_at, taken by the worker before its transaction "
                + "commits, so publish → commit latencies are underestimated by the transaction time.");
        }

        var logPath = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(options.Output))!, $"worker-{runId}.log");
        WorkerProcess? process = null;
        try
        {
            Say($"starting the worker ({worker}), log {logPath}");
            process = WorkerProcess.Start(worker, variables, logPath);
            await using var memory = new MemorySampler(process.Pid);
            await WaitUntilConsumingAsync(management, virtualHost, process, ct);
            var rssAfterStart = memory.LastRssKb;
            await using var alerts = await AlertListener.StartAsync(options.AmqpFor(virtualHost), ct);
            await using var publisher = await ConfirmingPublisher.ConnectAsync(options.AmqpFor(virtualHost), ct);
            var committed = 0L;

            committed = await WarmUpAsync(publisher, database, management, virtualHost, process, memory, warmup, asOf, ct);
            if (history.Count > 0)
            {
                // long-history: the older part of the measured patients' timelines, written before measuring
                Say($"history: {history.Count:N0} events of {options.Patients:N0} patients (not measured)");
                var historyStarted = Stopwatch.GetTimestamp();
                await publisher.PublishAllAsync(history, options.ConfirmBatch, null, ct);
                committed += history.Count;
                await WaitForCommitsAsync(database, management, virtualHost, process, committed, "history", ct);
                var historySeconds = Stopwatch.GetElapsedTime(historyStarted).TotalSeconds;
                _notes.Add($"history: {history.Count:N0} events ({options.History:N0} per patient) written before the measured run in {historySeconds:N1} s "
                    + $"({history.Count / Math.Max(0.001, historySeconds):N0} events/s, not measured).");
            }

            // The database is measured as it is: fresh, with whatever statistics autovacuum has gathered by now (the
            // worker's statements do not depend on them, docs/performance.md). ANALYZE is opt-in (--analyze).
            if (options.Analyze)
            {
                await database.AnalyzeAsync(ct);
            }

            _notes.Add("database: " + options.DatabaseSetup + ".");

            // ---- 2a throughput ----
            Say($"pipeline: throughput, {events.Count:N0} events as fast as confirms allow");
            var throughputStartedAt = memory.ElapsedSeconds;
            var (published, backlog, cpu, activity) = await MeasurePhaseAsync(database, management, virtualHost, process, memory, events.Count, committed + events.Count,
                "throughput", () => publisher.PublishAllAsync(events, options.ConfirmBatch, null, ct), ct);
            committed += events.Count;
            var throughputEndedAt = memory.ElapsedSeconds;
            var commitTimes = await database.CommitTimesAsync(ct);
            var publishedTicks = Index(events, published);
            report.Pipeline = Throughput(events, published, publishedTicks, commitTimes, backlog, await ErrorMessagesAsync(management, virtualHost, ct), cpu, activity,
                TimeToAlert.Measure(alerts.Alerts, publishedTicks, events.Count(e => e.CompletesAlert)));
            Say($"pipeline: {report.Pipeline.EventsPerSecond:N0} events/s committed (steady {report.Pipeline.SteadyEventsPerSecond:N0}/s; "
                + $"first half {report.Pipeline.FirstHalfEventsPerSecond:N0}/s, second half {report.Pipeline.SecondHalfEventsPerSecond:N0}/s; "
                + $"while publishing {report.Pipeline.WhilePublishingEventsPerSecond:N0}/s, after {report.Pipeline.AfterPublishingEventsPerSecond:N0}/s)");
            if (report.Baseline is { } baseline)
            {
                report.Ratio = Math.Round(report.Pipeline.EventsPerSecond / baseline.MessagesPerSecond, 4);
            }

            // ---- 2b fixed rate ----
            var latencyStartedAt = memory.ElapsedSeconds;
            Dictionary<Guid, long>? pacedTicks = null;
            if (paced.Count > 0)
            {
                Say($"pipeline: latency, {paced.Count:N0} events at {options.Rate:N0}/s offered for {options.DurationSeconds:N0} s");
                PublishTimes? pacedTimes = null;
                await using var walFlush = WalFlushSampler.Start(database, ct);
                var (pacedPublished, pacedBacklog, pacedCpu, pacedActivity) = await MeasurePhaseAsync(database, management, virtualHost, process, memory, paced.Count,
                    committed + paced.Count, "latency", async () => pacedTimes = await publisher.PublishPacedAsync(paced, options.Rate, 4 * options.ConfirmBatch,
                        n => Say($"latency: published {n:N0}/{paced.Count:N0}"), ct), ct);
                committed += paced.Count;
                commitTimes = await database.CommitTimesAsync(ct);
                pacedTicks = Index(paced, pacedPublished);
                var firstPublish = pacedPublished.UtcTicks[0];
                var walWaits = await walFlush.StopAsync(firstPublish, WalWaitReportMs, keep: 5);
                var latencies = paced.Select((e, i) => commitTimes.TryGetValue(e.EventId, out var commit)
                    ? (PublishTicks: pacedPublished.UtcTicks[i], LatencyMs: TimeSpan.FromTicks(commit.Ticks - pacedPublished.UtcTicks[i]).TotalMilliseconds)
                    : (PublishTicks: 0L, LatencyMs: double.NaN)).Where(e => !double.IsNaN(e.LatencyMs)).ToList();
                report.Latency = new LoadReport.LatencyResult
                {
                    OfferedRate = options.Rate,
                    AchievedPublishRate = Math.Round(paced.Count / pacedPublished.Duration.TotalSeconds, 1),
                    MaxScheduleLagMs = Math.Round(pacedTimes!.MaxScheduleLagMs, 1),
                    Events = paced.Count,
                    CommitTimeSource = database.CommitTimeSource,
                    PublishToCommitMs = LatencyStatistics.From(latencies.Select(e => e.LatencyMs)) is { } stats ? Rounded(stats) : null,
                    SlowSeconds = SlowSeconds.From(firstPublish, latencies, LatencyGoalMs, keep: 5, (int)Math.Ceiling(options.DurationSeconds)),
                    WalFlushWaits = walWaits,
                    MaxQueueBacklog = pacedBacklog,
                    Cpu = pacedCpu,
                    Database = pacedActivity,
                    TimeToAlert = TimeToAlert.Measure(alerts.Alerts, pacedTicks, paced.Count(e => e.CompletesAlert)),
                };
                Say($"latency: p50 {report.Latency.PublishToCommitMs?.P50:N1} ms, p99 {report.Latency.PublishToCommitMs?.P99:N1} ms");
            }

            var latencyEndedAt = memory.ElapsedSeconds;

            // ---- time to alert: the dispatch job runs every few seconds; give it time ----
            var expected = events.Count(e => e.CompletesAlert) + paced.Count(e => e.CompletesAlert);
            Say($"waiting up to {options.AlertTimeoutSeconds:N0} s for alerts ({expected:N0} alerting combinations published)");
            await WaitForAlertsAsync(alerts, [.. events.Where(e => e.CompletesAlert).Select(e => e.EventId), .. paced.Where(e => e.CompletesAlert).Select(e => e.EventId)], ct);
            report.Pipeline = report.Pipeline with { TimeToAlert = TimeToAlert.Measure(alerts.Alerts, publishedTicks, events.Count(e => e.CompletesAlert)) };
            if (report.Latency is not null && pacedTicks is not null)
            {
                report.Latency = report.Latency with { TimeToAlert = TimeToAlert.Measure(alerts.Alerts, pacedTicks, paced.Count(e => e.CompletesAlert)) };
            }

            if (alerts.Unparsed > 0)
            {
                _notes.Add($"{alerts.Unparsed} message(s) on care.regimen-alerts were not alerts the driver could read.");
            }

            report.WorkerMemory = new LoadReport.MemoryResult(
                Mb(memory.HighWaterMarkKb), Mb(memory.PeakRssKb), Mb((long)memory.MeanRssKb(throughputStartedAt, throughputEndedAt)),
                Mb((long)memory.MeanRssKb(latencyStartedAt, latencyEndedAt)), Mb(rssAfterStart), memory.Timeline());
        }
        finally
        {
            if (process is not null)
            {
                Say("stopping the worker");
                await process.DisposeAsync();
            }

            if (options.Keep)
            {
                Say($"kept virtual host '{virtualHost}' and database '{database.Name}' (--keep)");
                await database.DisposeAsync();
            }
            else
            {
                // best effort: a failed clean-up must not hide why the run failed
                await CleanUpAsync(() => management.DeleteVirtualHostAsync(virtualHost), $"virtual host '{virtualHost}'",
                    $"curl -u USER:PASSWORD -X DELETE {options.RabbitMqManagement}api/vhosts/{Uri.EscapeDataString(virtualHost)}");
                await CleanUpAsync(database.DropAsync, $"database '{database.Name}'", $"psql -c 'DROP DATABASE {database.Name} WITH (FORCE)'");
            }
        }

        report.Machine = report.Machine with { LoadAverageAtEnd = ProcFs.LoadAverage() };
        report.Goals = Goals(report);
        report.Notes = _notes;
        report.FinishedAt = DateTimeOffset.UtcNow;
        return report;
    }

    /// <summary>
    /// Rounds of warm-up events until the worker's JIT has settled (its tiered compilation thread used less than 5 % of
    /// the worker's CPU in each of the last two rounds, from the second round on, and at least three rounds; with dynamic PGO a fresh worker recompiles some 10,000 methods over its first
    /// tens of seconds of load), at most <see cref="LoadOptions.MaxWarmupRounds"/>. Returns the events committed.
    /// </summary>
    private async Task<long> WarmUpAsync(ConfirmingPublisher publisher, BenchDatabase database, RabbitManagement management, string virtualHost,
        WorkerProcess process, MemorySampler sampler, IReadOnlyList<LoadEvent> first, DateTimeOffset asOf, CancellationToken ct)
    {
        var committed = 0L;
        var settledRounds = 0;
        if (first.Count == 0)
        {
            return committed;
        }

        for (var round = 1; ; round++)
        {
            var events = round == 1 ? first : EventMixGenerator.Generate(new EventMixSettings
            {
                Events = first.Count, Patients = Math.Max(1, first.Count / 10), AsOf = asOf, Seed = options.Seed + 100 + round, PatientPrefix = $"LW{round}",
            });
            var started = CpuSnapshot.Take(process.Pid, [], sampler.JitSeconds);
            await publisher.PublishAllAsync(events, options.ConfirmBatch, null, ct);
            committed += events.Count;
            await WaitForCommitsAsync(database, management, virtualHost, process, committed, "warm-up", ct);
            var usage = CpuSnapshot.Take(process.Pid, [], sampler.JitSeconds).Since(started, events.Count);
            var jitShare = usage.WorkerJitSeconds / Math.Max(0.001, usage.WorkerSeconds);
            Say($"warm-up round {round}: {events.Count:N0} events in {usage.WallSeconds:N1} s, worker {usage.WorkerMicrosecondsPerEvent:N0} µs/event, {jitShare:P0} of it JIT");
            // the first rounds run before tier-up starts (call counting begins once start-up compilation pauses), so
            // a quiet JIT counts only from the second round on, twice in a row
            settledRounds = round >= 2 && jitShare < 0.05 ? settledRounds + 1 : 0;
            if ((round >= 3 && settledRounds >= 2) || round >= options.MaxWarmupRounds)
            {
                _notes.Add($"warm-up: {round} round(s), {committed:N0} events; the JIT was {jitShare:P0} of the worker's CPU in the last round"
                    + (settledRounds >= 2 ? string.Empty : " (still compiling: raise --max-warmup-rounds)") + ".");
                return committed;
            }
        }
    }

    private async Task<(PublishTimes Published, long Backlog, CpuUsage Cpu, LoadReport.DatabaseActivity Activity)> MeasurePhaseAsync(
        BenchDatabase database, RabbitManagement management, string virtualHost, WorkerProcess process, MemorySampler sampler, int events, long target,
        string phase, Func<Task<PublishTimes>> publish, CancellationToken ct)
    {
        await database.ResetStatementsAsync(ct);
        var counters = await database.CountersAsync(ct);
        var cpu = CpuSnapshot.Take(process.Pid, await database.BackendPidsAsync(ct), sampler.JitSeconds);
        var publishing = publish();
        var backlog = await WaitForCommitsAsync(database, management, virtualHost, process, target, phase, ct, publishing);
        var published = await publishing;
        var cpuUsage = CpuSnapshot.Take(process.Pid, await database.BackendPidsAsync(ct), sampler.JitSeconds).Since(cpu, events);
        var delta = (await database.CountersAsync(ct)).Minus(counters);
        var statements = await database.StatementsAsync(15, ct);
        double PerEvent(long value) => Math.Round((double)value / events, 2);
        var activity = new LoadReport.DatabaseActivity(
            delta, PerEvent(delta.Commits), PerEvent(delta.Rollbacks), PerEvent(delta.TuplesReturned), PerEvent(delta.TuplesInserted), PerEvent(delta.TuplesUpdated),
            database.StatementStatistics ? PerEvent(statements.Sum(s => s.Calls)) : null,
            [.. statements.Select(s => new LoadReport.StatementPerEvent(PerEvent(s.Calls), Math.Round(s.TotalMilliseconds / Math.Max(1, s.Calls), 3), s.Calls, s.Query))]);
        return (published, backlog, cpuUsage, activity);
    }

    /// <summary>Polls processed_events until <paramref name="target"/> rows; fails when nothing commits for the stall timeout.</summary>
    private async Task<long> WaitForCommitsAsync(BenchDatabase database, RabbitManagement management, string virtualHost, WorkerProcess process, long target,
        string phase, CancellationToken ct, Task? publishing = null)
    {
        var lastCount = -1L;
        var lastChange = Stopwatch.GetTimestamp();
        var lastSay = Stopwatch.GetTimestamp();
        var lastQueues = 0L;
        var maxBacklog = 0L;
        while (true)
        {
            if (publishing is { IsFaulted: true })
            {
                await publishing; // rethrows the publisher's failure
            }

            var count = await database.CountProcessedAsync(ct);
            if (count != lastCount)
            {
                lastCount = count;
                lastChange = Stopwatch.GetTimestamp();
            }

            if (Stopwatch.GetElapsedTime(lastQueues) > TimeSpan.FromSeconds(1))
            {
                lastQueues = Stopwatch.GetTimestamp();
                var queues = await management.QueuesAsync(virtualHost, ct);
                maxBacklog = Math.Max(maxBacklog, queues.Where(q => q.Name.StartsWith(LoadOptions.QueuePrefix + ".", StringComparison.Ordinal)
                    && !q.Name.EndsWith("_error", StringComparison.Ordinal)).Sum(q => q.Messages));
            }

            if (count >= target && (publishing is null || publishing.IsCompleted))
            {
                return maxBacklog;
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException($"the worker exited during the {phase} phase; its log:\n{process.LogTail()}");
            }

            if (Stopwatch.GetElapsedTime(lastChange) > TimeSpan.FromSeconds(options.StallTimeoutSeconds))
            {
                var errors = await ErrorMessagesAsync(management, virtualHost, ct);
                throw new TimeoutException($"{phase}: no event committed for {options.StallTimeoutSeconds:N0} s ({count:N0} of {target:N0} committed, "
                    + $"{errors:N0} in the error queues); the worker's log:\n{process.LogTail()}");
            }

            if (Stopwatch.GetElapsedTime(lastSay) > TimeSpan.FromSeconds(2))
            {
                lastSay = Stopwatch.GetTimestamp();
                Say($"{phase}: committed {count:N0}/{target:N0}");
            }

            // once a second: the count scans the inbox on the cores the system under test runs on (every 100 ms it took
            // ~5 % of a core at 90,000 rows); the figures come from commit timestamps, not from this poll
            await Task.Delay(1000, ct);
        }
    }

    private async Task WaitUntilConsumingAsync(RabbitManagement management, string virtualHost, WorkerProcess process, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var expected = new[] { LoadOptions.QueuePrefix + ".medication-dispensed", LoadOptions.QueuePrefix + ".supplement-reported" };
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"the worker exited during start-up; its log:\n{process.LogTail()}");
            }

            var queues = await management.QueuesAsync(virtualHost, ct);
            if (expected.All(name => queues.Any(q => q.Name == name && q.Consumers > 0)))
            {
                Say($"worker consuming after {Stopwatch.GetElapsedTime(started).TotalSeconds:N1} s");
                return;
            }

            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(120))
            {
                throw new TimeoutException($"the worker did not start consuming within 120 s; its log:\n{process.LogTail()}");
            }

            await Task.Delay(250, ct);
        }
    }

    private async Task WaitForAlertsAsync(AlertListener alerts, IReadOnlyCollection<Guid> completing, CancellationToken ct)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(options.AlertTimeoutSeconds * Stopwatch.Frequency);
        var wanted = completing.ToHashSet();
        while (Stopwatch.GetTimestamp() < deadline)
        {
            var covered = alerts.Alerts.SelectMany(a => a.SourceEventIds).Count(wanted.Contains);
            if (wanted.Count == 0 || covered >= wanted.Count)
            {
                return;
            }

            await Task.Delay(250, ct);
        }
    }

    private async Task CleanUpAsync(Func<Task> cleanUp, string what, string byHand)
    {
        try
        {
            await cleanUp();
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or Npgsql.NpgsqlException or IOException)
        {
            Say($"could not remove the {what} ({ex.Message}); remove it by hand: {byHand}");
        }
    }

    private static async Task<long> ErrorMessagesAsync(RabbitManagement management, string virtualHost, CancellationToken ct) =>
        (await management.QueuesAsync(virtualHost, ct)).Where(q => q.Name.EndsWith("_error", StringComparison.Ordinal)).Sum(q => q.Messages);

    private static LoadReport.ThroughputResult Throughput(IReadOnlyList<LoadEvent> events, PublishTimes published, Dictionary<Guid, long> publishedTicks,
        Dictionary<Guid, DateTime> commitTimes, long backlog, long errors, CpuUsage cpu, LoadReport.DatabaseActivity activity, TimeToAlertResult timeToAlert)
    {
        var commits = events.Select(e => commitTimes.TryGetValue(e.EventId, out var t) ? t.Ticks : 0).Where(t => t > 0).Order().ToArray();
        var first = published.UtcTicks.Min();
        var seconds = TimeSpan.FromTicks(commits[^1] - first).TotalSeconds;
        var low = commits[(int)(commits.Length * 0.1)];
        var high = commits[Math.Min(commits.Length - 1, (int)(commits.Length * 0.9))];
        var steadySeconds = TimeSpan.FromTicks(high - low).TotalSeconds;
        var (firstHalf, secondHalf) = ThroughputHalves.From(first, commits);
        var (whilePublishing, afterPublishing, publishingSeconds) = ThroughputHalves.AroundPublishing(first, published.UtcTicks.Max(), commits);
        return new LoadReport.ThroughputResult
        {
            Events = events.Count,
            EventsPerSecond = Math.Round(events.Count / seconds, 1),
            SteadyEventsPerSecond = steadySeconds > 0 ? Math.Round(commits.Length * 0.8 / steadySeconds, 1) : 0,
            FirstHalfEventsPerSecond = Math.Round(firstHalf, 1),
            SecondHalfEventsPerSecond = Math.Round(secondHalf, 1),
            WhilePublishingEventsPerSecond = Math.Round(whilePublishing, 1),
            AfterPublishingEventsPerSecond = Math.Round(afterPublishing, 1),
            PublishingSeconds = Math.Round(publishingSeconds, 3),
            Seconds = Math.Round(seconds, 3),
            PublishSeconds = Math.Round(published.Duration.TotalSeconds, 3),
            PublishPerSecond = Math.Round(events.Count / published.Duration.TotalSeconds, 1),
            MaxQueueBacklog = backlog,
            ErrorQueueMessages = errors,
            Cpu = cpu,
            Database = activity,
            TimeToAlert = timeToAlert,
        };
    }

    /// <summary>The p99 goal of the fixed-rate run; the report also counts the events over it, second by second.</summary>
    private const double LatencyGoalMs = 100;

    /// <summary>WAL-flush waits this long or longer are listed (a flush on an idle disk here takes under 1 ms).</summary>
    private const double WalWaitReportMs = 50;

    private static List<LoadReport.GoalResult> Goals(LoadReport report)
    {
        var goals = new List<LoadReport.GoalResult>();
        var rate = report.Pipeline?.EventsPerSecond;
        goals.Add(new("pipeline throughput ≥ 5,000 events/s", rate is { } r ? $"{r:N0} events/s" : "not measured", rate is null ? null : rate >= 5000));
        goals.Add(new("pipeline ≥ 35 % of the raw broker baseline", report.Ratio is { } q ? $"{q:P1}" : "not measured", report.Ratio is null ? null : report.Ratio >= 0.35));
        var p99 = report.Latency?.PublishToCommitMs?.P99;
        goals.Add(new($"p99 publish → commit ≤ {LatencyGoalMs:N0} ms at {report.Parameters.OfferedRate:N0} events/s offered", p99 is { } p ? $"{p:N1} ms" : "not measured",
            p99 is null ? null : p99 <= LatencyGoalMs));
        var memory = report.WorkerMemory?.PeakHwmMb;
        goals.Add(new("worker peak memory ≤ 300 MB", memory is { } m ? $"{m:N0} MB (VmHWM)" : "not measured", memory is null ? null : memory <= 300));
        return goals;
    }

    private string ResolveWorker()
    {
        if (options.WorkerPath is { } explicitPath)
        {
            return Path.GetFullPath(explicitPath);
        }

        // bench/RegimenMonitor.LoadDriver/bin/<Configuration>/net10.0/ → the worker of the same configuration
        var baseDirectory = new DirectoryInfo(AppContext.BaseDirectory);
        var configuration = baseDirectory.Parent?.Name ?? "Release";
        for (var directory = baseDirectory; directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "RegimenMonitor.sln")))
            {
                var candidate = Path.Combine(directory.FullName, "src", "RegimenMonitor.Worker", "bin", configuration, "net10.0", "regimen-monitor");
                return File.Exists(candidate) ? candidate : Path.Combine(directory.FullName, "src", "RegimenMonitor.Worker", "bin", "Release", "net10.0", "regimen-monitor");
            }
        }

        throw new ServiceUnavailableException("cannot find the repository (RegimenMonitor.sln) above the driver: pass --worker PATH to regimen-monitor.");
    }

    private static Dictionary<Guid, long> Index(IReadOnlyList<LoadEvent> events, PublishTimes published)
    {
        var index = new Dictionary<Guid, long>(events.Count);
        for (var i = 0; i < events.Count; i++)
        {
            index[events[i].EventId] = published.UtcTicks[i];
        }

        return index;
    }

    private static Dictionary<string, string> Redact(IReadOnlyDictionary<string, string> variables) =>
        variables.ToDictionary(v => v.Key, v => v.Key switch
        {
            "ConnectionStrings__Database" => BenchDatabase.Redacted(v.Value),
            "ConnectionStrings__RabbitMq" => new UriBuilder(v.Value) { Password = "***" }.Uri.ToString(),
            _ => v.Value,
        });

    private static LatencyStatistics Rounded(LatencyStatistics s) =>
        new(s.Count, Math.Round(s.Min, 2), Math.Round(s.Mean, 2), Math.Round(s.P50, 2), Math.Round(s.P95, 2), Math.Round(s.P99, 2), Math.Round(s.Max, 2));

    private static double Mb(long kb) => Math.Round(kb / 1024.0, 1);

    private static string CpuModel() =>
        File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?";

    private static string OsName()
    {
        var pretty = File.Exists("/etc/os-release")
            ? File.ReadLines("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))
            : null;
        return pretty?["PRETTY_NAME=".Length..].Trim('"') ?? RuntimeInformation.OSDescription;
    }

    private void Say(string message) => progress.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message}");
}
