using RegimenMonitor.Worker.Cli;
using RegimenMonitor.Worker.Tests.Infrastructure;

namespace RegimenMonitor.Worker.Tests.Integration;

public sealed class ReplayVerbTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Replay_publishes_good_lines_to_the_broker_and_reports_bad_ones_by_line_number()
    {
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        await using var database = await PostgresTestDatabase.CreateAsync(Ct);
        await using var worker = await WorkerTestHost.StartAsync(broker.AmqpUri, database.ConnectionString, Ct);
        var file = Path.GetTempFileName();
        await File.WriteAllLinesAsync(file,
        [
            """{"type":"medication-dispensed","eventId":"4f4d7d0e-1a11-4b0a-9a55-000000000001","patientId":"PT-replay","dispensedAt":"2026-11-01T09:00:00Z","medication":{"text":"Zoloft 50 mg"},"daysSupply":30}""",
            """{"type":"supplement-reported","eventId":"4f4d7d0e-1a11-4b0a-9a55-000000000002","patientId":"PT-replay","reportedAt":"2026-11-02T09:00:00Z","supplement":{"text":"St John's wort"}}""",
            """{"type":"medication-dispensed","eventId":"not-a-uuid","patientId":"PT-replay","dispensedAt":"2026-11-01T09:00:00Z","medication":{"text":"x"}}""",
            "",
            """{"type":"medication-dispensed","eventId":"4f4d7d0e-1a11-4b0a-9a55-000000000003","patientId":"PT-replay","dispensedAt":"2026-11-03T09:00:00Z","medication":{"text":"Ultram 50 mg"},"daysSupply":5}""",
        ], Ct);
        var error = new StringWriter();

        var exit = await ReplayVerb.RunAsync(new FileInfo(file), error, error, Ct,
            new Dictionary<string, string?> { ["ConnectionStrings:RabbitMq"] = broker.AmqpUri, ["Logging:LogLevel:Default"] = "Warning" });

        Assert.Equal(2, exit);
        var output = error.ToString();
        Assert.Contains("line 3: skipped: Invalid event: eventId must be a UUID", output, StringComparison.Ordinal);
        Assert.Contains("published 3, skipped 1", output, StringComparison.Ordinal);
        Assert.DoesNotContain("event(s)/s", output, StringComparison.Ordinal); // no rate for 3 events
        Assert.DoesNotContain("events/s", output, StringComparison.Ordinal);
        await worker.WaitForProcessedAsync(3, TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(3, (await worker.PatientAsync("PT-replay"))!.Items.Count);
        File.Delete(file);
    }

    [Fact]
    public async Task Replay_json_counts_each_skipped_line_once_and_says_apart_why_reading_stopped()
    {
        // found by an independent probe: the stop was a further entry of badLines, one more than skipped counted
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        var file = Path.GetTempFileName();
        try
        {
            await File.WriteAllLinesAsync(file, Enumerable.Repeat("not json", NdjsonEventsMaxUnreadableRun + 5), Ct);
            var output = new StringWriter();

            var exit = await ReplayVerb.RunAsync(new FileInfo(file), output, TextWriter.Null, Ct,
                new Dictionary<string, string?> { ["ConnectionStrings:RabbitMq"] = broker.AmqpUri, ["Logging:LogLevel:Default"] = "Warning" }, json: true);

            Assert.Equal(2, exit);
            using var json = System.Text.Json.JsonDocument.Parse(output.ToString());
            var root = json.RootElement;
            Assert.Equal(0, root.GetProperty("published").GetInt32());
            Assert.Equal(NdjsonEventsMaxUnreadableRun, root.GetProperty("skipped").GetInt32());
            Assert.Equal(NdjsonEventsMaxUnreadableRun, root.GetProperty("badLines").GetArrayLength());
            Assert.Equal(NdjsonEventsMaxUnreadableRun, root.GetProperty("stopped").GetProperty("line").GetInt32());
            Assert.StartsWith("stopped reading: ", root.GetProperty("stopped").GetProperty("reason").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private const int NdjsonEventsMaxUnreadableRun = RegimenMonitor.Worker.Regimens.NdjsonEvents.MaxUnreadableRun;

    [Fact]
    public async Task Replay_holds_event_times_to_the_configured_skew_as_the_worker_does()
    {
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        await broker.DeclareExchangeAsync(Contracts.MedicationDispensed.ExchangeName, "fanout", Ct);
        await broker.DeclareQueueAsync("worker-stand-in", Contracts.MedicationDispensed.ExchangeName, "", Ct);
        var ahead = DateTimeOffset.UtcNow.AddHours(2).ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, $$"""{"type":"medication-dispensed","eventId":"4f4d7d0e-1a11-4b0a-9a55-0000000000f1","patientId":"PT-skew","dispensedAt":"{{ahead}}","medication":{"text":"Zoloft 50 mg"},"daysSupply":30}""" + "\n", Ct);
        try
        {
            var refused = new StringWriter();
            Assert.Equal(2, await ReplayVerb.RunAsync(new FileInfo(file), refused, refused, Ct,
                new Dictionary<string, string?> { ["ConnectionStrings:RabbitMq"] = broker.AmqpUri, ["Logging:LogLevel:Default"] = "Warning" }));
            Assert.Contains("line 1: skipped: Invalid event: dispensedAt must not be in the future (at most 00:05:00 ahead", refused.ToString(), StringComparison.Ordinal);

            // a day's skew configured, as for the worker that will read it: published
            var published = new StringWriter();
            Assert.Equal(0, await ReplayVerb.RunAsync(new FileInfo(file), published, published, Ct,
                new Dictionary<string, string?>
                {
                    ["ConnectionStrings:RabbitMq"] = broker.AmqpUri, ["Logging:LogLevel:Default"] = "Warning", ["Regimen:MaxFutureSkew"] = "1.00:00:00",
                }));
            Assert.Contains("published 1, skipped 0", published.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Replay_of_a_pipe_publishes_every_line_it_reads_once()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Skip("/dev/stdin as a path is Linux's");
            return;
        }

        // found by a newcomer: the verb read its input once to see it was not empty and again to publish, so a pipe's
        // start (a whole small feed: "published 0", exit 0) was gone before the publishing read
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        await broker.DeclareExchangeAsync(Contracts.MedicationDispensed.ExchangeName, "fanout", Ct);
        await broker.DeclareQueueAsync("worker-stand-in", Contracts.MedicationDispensed.ExchangeName, "", Ct);
        var lines = Enumerable.Range(1, 400).Select(i =>
            $$"""{"type":"medication-dispensed","eventId":"4f4d7d0e-1a11-4b0a-9a55-{{i:D12}}","patientId":"PT-pipe-{{i % 7}}","dispensedAt":"2026-11-01T09:00:00Z","medication":{"text":"Zoloft 50 mg"},"daysSupply":30}""");
        using var cli = new CliProcess();
        var environment = new Dictionary<string, string> { ["ConnectionStrings__RabbitMq"] = broker.AmqpUri };

        var result = await cli.RunAsync(["replay", "/dev/stdin"], environment, TimeSpan.FromSeconds(90), string.Join('\n', lines) + "\n");

        Assert.True(result.Exit == 0, result.ToString());
        Assert.Contains("replay: published 400, skipped 0 bad line(s)", result.Output, StringComparison.Ordinal);
        Assert.Matches(@"replay: published 400, skipped 0 bad line\(s\), in \d+\.\d s \(\d+ event\(s\)/s\)", result.Output);
        Assert.Equal(400, (await broker.WaitForMessagesAsync("worker-stand-in", 400, TimeSpan.FromSeconds(30), Ct)).Count);
        Assert.DoesNotContain("%)", result.Error, StringComparison.Ordinal); // no bar for a size not known ahead

        var empty = await cli.RunAsync(["replay", "/dev/stdin"], environment, TimeSpan.FromSeconds(90), "\n\n");
        Assert.True(empty.Exit == 2, empty.ToString());
        Assert.Contains("regimen-monitor replay: standard input holds no events; nothing published.", empty.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_to_a_broker_no_worker_has_bound_queues_on_fails_instead_of_dropping_the_events()
    {
        // a fresh virtual host: the exchanges may exist, but no queue is bound, so a confirmed publish would be dropped
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        await broker.DeclareExchangeAsync(Contracts.MedicationDispensed.ExchangeName, "fanout", Ct);
        var file = Path.GetTempFileName();
        await File.WriteAllLinesAsync(file,
        [
            """{"type":"medication-dispensed","eventId":"4f4d7d0e-1a11-4b0a-9a55-0000000000a1","patientId":"PT-unbound","dispensedAt":"2026-11-01T09:00:00Z","medication":{"text":"Zoloft 50 mg"},"daysSupply":30}""",
            """{"type":"medication-dispensed","eventId":"4f4d7d0e-1a11-4b0a-9a55-0000000000a2","patientId":"PT-unbound","dispensedAt":"2026-11-02T09:00:00Z","medication":{"text":"Ultram 50 mg"},"daysSupply":5}""",
        ], Ct);
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();

            var failure = await Assert.ThrowsAsync<CliException>(() => ReplayVerb.RunAsync(new FileInfo(file), output, error, Ct,
                new Dictionary<string, string?> { ["ConnectionStrings:RabbitMq"] = broker.AmqpUri, ["Logging:LogLevel:Default"] = "Warning" }));

            Assert.Equal(ExitCodes.Failure, failure.ExitCode);
            Assert.Contains("routed the first event (exchange pharmacy.medication-dispensed) to no queue", failure.Message, StringComparison.Ordinal);
            Assert.Contains("start `regimen-monitor run` once", failure.Fix, StringComparison.Ordinal);
            Assert.DoesNotContain("published", output.ToString(), StringComparison.Ordinal);
            Assert.DoesNotContain("PT-unbound", failure.Message + failure.Fix, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Replay_json_that_fails_prints_a_failure_document_on_stdout()
    {
        // found by a newcomer probe: --json printed nothing on stdout when it exited 1, so a script parsed empty input
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        await broker.DeclareExchangeAsync(Contracts.MedicationDispensed.ExchangeName, "fanout", Ct);
        var file = Path.GetTempFileName();
        await File.WriteAllLinesAsync(file,
        [
            "not json",
            """{"type":"medication-dispensed","eventId":"4f4d7d0e-1a11-4b0a-9a55-0000000000b1","patientId":"PT-unbound-json","dispensedAt":"2026-11-01T09:00:00Z","medication":{"text":"Zoloft 50 mg"},"daysSupply":30}""",
        ], Ct);
        try
        {
            var output = new StringWriter();

            var failure = await Assert.ThrowsAsync<CliException>(() => ReplayVerb.RunAsync(new FileInfo(file), output, TextWriter.Null, Ct,
                new Dictionary<string, string?> { ["ConnectionStrings:RabbitMq"] = broker.AmqpUri, ["Logging:LogLevel:Default"] = "Warning" }, json: true));

            Assert.Equal(ExitCodes.Failure, failure.ExitCode);
            using var json = System.Text.Json.JsonDocument.Parse(output.ToString());
            var root = json.RootElement;
            Assert.Equal("no-queue", root.GetProperty("failed").GetString());
            Assert.Equal(failure.Message, root.GetProperty("reason").GetString());
            Assert.Equal(2, root.GetProperty("lastLine").GetInt32());
            Assert.Equal(0, root.GetProperty("published").GetInt32());
            Assert.Equal(1, root.GetProperty("skipped").GetInt32());
            Assert.Equal(1, Assert.Single(root.GetProperty("badLines").EnumerateArray().ToList()).GetProperty("line").GetInt32());
            Assert.DoesNotContain("PT-unbound-json", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Replay_json_without_a_broker_prints_a_failure_document_on_stdout()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, """{"type":"medication-dispensed","eventId":"4f4d7d0e-1a11-4b0a-9a55-0000000000b2","patientId":"PT-1","dispensedAt":"2026-11-01T09:00:00Z","medication":{"text":"Zoloft 50 mg"},"daysSupply":30}""" + "\n", Ct);
        try
        {
            var output = new StringWriter();
            var error = new StringWriter();

            var exit = await ReplayVerb.RunAsync(new FileInfo(file), output, error, Ct,
                new Dictionary<string, string?> { ["Messaging:Transport"] = "InMemory", ["ConnectionStrings:RabbitMq"] = "amqp://guest:guest@127.0.0.1:1/" }, json: true);

            Assert.Equal(ExitCodes.Failure, exit);
            Assert.Contains("leaves nothing to publish to", error.ToString(), StringComparison.Ordinal);
            using var json = System.Text.Json.JsonDocument.Parse(output.ToString());
            Assert.Equal("no-broker", json.RootElement.GetProperty("failed").GetString());
            Assert.Equal("regimen-monitor replay: " + json.RootElement.GetProperty("reason").GetString(), error.ToString().Trim());
            Assert.Equal(0, json.RootElement.GetProperty("published").GetInt32());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Replay_interrupted_while_publishing_says_interrupted_without_a_stack_trace()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("SIGINT is a POSIX signal");
            return;
        }

        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        using var cli = new CliProcess();
        // enough events that the signal arrives with hundreds of publishes in flight
        using var replay = await PublishingReplay.StartAsync(broker, cli, "PT-int");

        using (var kill = System.Diagnostics.Process.Start("kill", ["-INT", replay.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(Ct);
        }

        // a bound for a hung process, not a speed goal: a newcomer's run at a load average of 18 took more than 20 s
        var result = await replay.EndAsync(TimeSpan.FromSeconds(90));
        Assert.True(result.Exit == 1, result.ToString());
        Assert.EndsWith("regimen-monitor replay: interrupted.", result.Error.TrimEnd(), StringComparison.Ordinal);
        // events already on the broker cannot be taken back: the operator is told how far it got
        var stopped = System.Text.RegularExpressions.Regex.Match(result.Error,
            @"regimen-monitor replay: stopped at line (\d+): (\d+) event\(s\) published, (\d+) of them confirmed by the broker, 0 bad line\(s\) skipped\. Replaying the whole file again is safe");
        Assert.True(stopped.Success, result.ToString());
        var (line, published, confirmed) = (int.Parse(stopped.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(stopped.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), int.Parse(stopped.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.True(published > 0 && confirmed <= published && published <= line, result.ToString());
        result.AssertNoStackTrace();
        // MassTransit's entries for the publishes the signal cancelled are not errors of this run
        Assert.DoesNotContain("fail:", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("S-FAULT", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_whose_connection_the_broker_closes_ends_saying_what_to_do_instead_of_waiting_for_good()
    {
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        using var cli = new CliProcess();
        using var replay = await PublishingReplay.StartAsync(broker, cli, "PT-cut");

        // publishes in flight on the closed connection were never confirmed: the verb waited for them for good
        // (the management API lists a new connection within its statistics interval, a few seconds)
        var listed = DateTime.UtcNow.AddSeconds(30);
        while (await broker.CloseConnectionsAsync(Ct) == 0)
        {
            Assert.False(replay.Process.HasExited, $"replay ended before its connection was closed: {replay.Error}");
            Assert.True(DateTime.UtcNow < listed, "the management API listed no connection of the replay within 30 s");
            await Task.Delay(200, Ct);
        }

        // it ends, or goes on publishing on a new connection: what it must not do is stop publishing and wait (a fixed
        // limit on the whole run failed on a loaded machine, where the rest of the feed took longer than it)
        var result = await replay.EndUnlessStalledAsync(stalled: ReplayVerb.ConfirmTimeout + TimeSpan.FromSeconds(60), atMost: TimeSpan.FromMinutes(10));
        result.AssertNoStackTrace();
        if (result.Exit != 0)
        {
            // what the client did not see confirmed is published again by a new replay; the worker applies each event once
            Assert.True(result.Exit == 1, result.ToString());
            Assert.Contains("the broker confirmed no publish for 30 s after ", result.Error, StringComparison.Ordinal);
            Assert.Contains("replay the file again", result.Error, StringComparison.Ordinal);
        }
        else
        {
            // exit 0 says every event was confirmed: the queue holds them all (those in flight on the closed
            // connection perhaps twice); the management API counts them within a few seconds
            Assert.Contains($"replay: published {PublishingReplay.Events},", result.Output, StringComparison.Ordinal);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            long held;
            while ((held = (await broker.GetQueueAsync("worker-stand-in", Ct))?["messages"]?.GetValue<long>() ?? 0) < PublishingReplay.Events)
            {
                Assert.True(DateTime.UtcNow < deadline, $"replay exited 0 but the queue holds {held} of {PublishingReplay.Events} events");
                await Task.Delay(500, Ct);
            }
        }
    }

    [Fact]
    public async Task Replay_without_a_configured_broker_says_how_to_configure_one()
    {
        var error = new StringWriter();
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, """{"type":"medication-dispensed"}""" + "\n", Ct);
        var exit = await ReplayVerb.RunAsync(new FileInfo(file), error, error, Ct, new Dictionary<string, string?> { ["ConnectionStrings:RabbitMq"] = "" });
        Assert.Equal(1, exit);
        Assert.Contains("ConnectionStrings__RabbitMq", error.ToString(), StringComparison.Ordinal);
        File.Delete(file);
    }

    /// <summary>
    /// A real <c>replay</c> process publishing 300,000 events to a queue of a test virtual host, returned once it has
    /// published 5,000 (its progress bar says so), its stderr read as it comes.
    /// </summary>
    private sealed class PublishingReplay : IDisposable
    {
        public const int Events = 300_000;
        private readonly System.Text.StringBuilder _error = new();
        private Task<string> _output = Task.FromResult(string.Empty);
        private Task _reading = Task.CompletedTask;

        private PublishingReplay(System.Diagnostics.Process process) => Process = process;

        public System.Diagnostics.Process Process { get; }

        public void Dispose()
        {
            // a replay that failed its test is not left publishing
            if (!Process.HasExited)
            {
                Process.Kill(entireProcessTree: true);
            }

            Process.Dispose();
        }

        public string Error
        {
            get
            {
                lock (_error)
                {
                    return _error.ToString();
                }
            }
        }

        public static async Task<PublishingReplay> StartAsync(RabbitMqTestBroker broker, CliProcess cli, string patientPrefix)
        {
            await broker.DeclareExchangeAsync(Contracts.MedicationDispensed.ExchangeName, "fanout", Ct);
            await broker.DeclareQueueAsync("worker-stand-in", Contracts.MedicationDispensed.ExchangeName, "", Ct);
            var file = Path.Combine(cli.WorkingDirectory, "feed.ndjson");
            await File.WriteAllLinesAsync(file, Enumerable.Range(0, Events).Select(i =>
                $$"""{"type":"medication-dispensed","eventId":"{{Guid.NewGuid()}}","patientId":"{{patientPrefix}}-{{i % 100}}","dispenseId":"D-{{i}}","dispensedAt":"2026-11-01T09:00:00Z","medication":{"text":"Zoloft 50 mg"},"daysSupply":30}"""), Ct);

            var replay = new PublishingReplay(cli.Start(["replay", file], new Dictionary<string, string> { ["ConnectionStrings__RabbitMq"] = broker.AmqpUri }));
            replay._output = replay.Process.StandardOutput.ReadToEndAsync(Ct);
            replay._reading = Task.Run(async () =>
            {
                var buffer = new char[4096];
                int read;
                while ((read = await replay.Process.StandardError.ReadAsync(buffer, Ct)) > 0)
                {
                    lock (replay._error)
                    {
                        replay._error.Append(buffer, 0, read);
                    }
                }
            }, Ct);
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (System.Text.RegularExpressions.Regex.Matches(replay.Error, $@"(\d+)/{Events}").LastOrDefault() is not { } bar
                   || int.Parse(bar.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) < 5000)
            {
                Assert.False(replay.Process.HasExited, $"replay ended before it had published 5,000 events: {replay.Error}");
                Assert.True(DateTime.UtcNow < deadline, $"replay did not start publishing within 60 s: {replay.Error}");
                await Task.Delay(100, Ct);
            }

            return replay;
        }

        /// <summary>
        /// Waits for the process to end and returns what it printed; fails when its progress bar stays still for
        /// <paramref name="stalled"/>, or it has not ended after <paramref name="atMost"/>.
        /// </summary>
        public async Task<CliResult> EndUnlessStalledAsync(TimeSpan stalled, TimeSpan atMost)
        {
            var until = DateTime.UtcNow + atMost;
            var (published, movedAt) = (Published(), DateTime.UtcNow);
            while (!Process.HasExited)
            {
                var now = Published();
                if (now != published)
                {
                    (published, movedAt) = (now, DateTime.UtcNow);
                }

                Assert.True(DateTime.UtcNow - movedAt < stalled, $"replay published nothing for {stalled.TotalSeconds:0} s and did not end: {Error}");
                Assert.True(DateTime.UtcNow < until, $"replay did not end within {atMost.TotalMinutes:0} minutes: {Error}");
                await Task.Delay(500, Ct);
            }

            return await EndAsync(TimeSpan.FromSeconds(30));
        }

        private int Published() =>
            System.Text.RegularExpressions.Regex.Matches(Error, $@"(\d+)/{Events}").LastOrDefault() is { } bar
                ? int.Parse(bar.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
                : 0;

        /// <summary>Waits for the process to end, at most <paramref name="timeout"/>, and returns what it printed.</summary>
        public async Task<CliResult> EndAsync(TimeSpan timeout)
        {
            using var ends = new CancellationTokenSource(timeout);
            await Process.WaitForExitAsync(ends.Token);
            await _reading;
            return new CliResult(Process.ExitCode, await _output, Error);
        }
    }
}
