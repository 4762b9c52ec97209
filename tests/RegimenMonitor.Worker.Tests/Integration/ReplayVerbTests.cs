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
        await worker.WaitForProcessedAsync(3, TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(3, (await worker.PatientAsync("PT-replay"))!.Items.Count);
        File.Delete(file);
    }

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
    public async Task Replay_interrupted_while_publishing_says_interrupted_without_a_stack_trace()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("SIGINT is a POSIX signal");
            return;
        }

        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        await broker.DeclareExchangeAsync(Contracts.MedicationDispensed.ExchangeName, "fanout", Ct);
        await broker.DeclareQueueAsync("worker-stand-in", Contracts.MedicationDispensed.ExchangeName, "", Ct);
        using var cli = new CliProcess();
        // enough events that the signal arrives with hundreds of publishes in flight
        var file = Path.Combine(cli.WorkingDirectory, "feed.ndjson");
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, 300_000).Select(i =>
            $$"""{"type":"medication-dispensed","eventId":"{{Guid.NewGuid()}}","patientId":"PT-int-{{i % 100}}","dispenseId":"D-{{i}}","dispensedAt":"2026-11-01T09:00:00Z","medication":{"text":"Zoloft 50 mg"},"daysSupply":30}"""), Ct);

        using var process = cli.Start(["replay", file], new Dictionary<string, string> { ["ConnectionStrings__RabbitMq"] = broker.AmqpUri });
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = new System.Text.StringBuilder();
        var reading = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = await process.StandardError.ReadAsync(buffer, Ct)) > 0)
            {
                lock (error)
                {
                    error.Append(buffer, 0, read);
                }
            }
        }, Ct);
        // publishing: the progress bar has moved past its first line
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (System.Text.RegularExpressions.Regex.Matches(Text(), @"(\d+)/300000").LastOrDefault() is not { } bar || int.Parse(bar.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) < 5000)
        {
            Assert.False(process.HasExited, $"replay ended before it was interrupted: {Text()}");
            Assert.True(DateTime.UtcNow < deadline, $"replay did not start publishing within 60 s: {Text()}");
            await Task.Delay(100, Ct);
        }

        using (var kill = System.Diagnostics.Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(Ct);
        }

        using var stopped = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        await process.WaitForExitAsync(stopped.Token);
        await reading;
        var result = new CliResult(process.ExitCode, await output, Text());
        Assert.True(result.Exit == 1, result.ToString());
        Assert.EndsWith("regimen-monitor replay: interrupted.", result.Error.TrimEnd(), StringComparison.Ordinal);
        result.AssertNoStackTrace();
        // MassTransit's entries for the publishes the signal cancelled are not errors of this run
        Assert.DoesNotContain("fail:", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("S-FAULT", result.Error, StringComparison.Ordinal);

        string Text()
        {
            lock (error)
            {
                return error.ToString();
            }
        }
    }

    [Fact]
    public async Task Replay_whose_connection_the_broker_closes_ends_saying_what_to_do_instead_of_waiting_for_good()
    {
        await using var broker = await RabbitMqTestBroker.CreateAsync(Ct);
        await broker.DeclareExchangeAsync(Contracts.MedicationDispensed.ExchangeName, "fanout", Ct);
        await broker.DeclareQueueAsync("worker-stand-in", Contracts.MedicationDispensed.ExchangeName, "", Ct);
        using var cli = new CliProcess();
        var file = Path.Combine(cli.WorkingDirectory, "feed.ndjson");
        await File.WriteAllLinesAsync(file, Enumerable.Range(0, 300_000).Select(i =>
            $$"""{"type":"medication-dispensed","eventId":"{{Guid.NewGuid()}}","patientId":"PT-cut-{{i % 100}}","dispenseId":"D-{{i}}","dispensedAt":"2026-11-01T09:00:00Z","medication":{"text":"Zoloft 50 mg"},"daysSupply":30}"""), Ct);

        using var process = cli.Start(["replay", file], new Dictionary<string, string> { ["ConnectionStrings__RabbitMq"] = broker.AmqpUri });
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = new System.Text.StringBuilder();
        var reading = Task.Run(async () =>
        {
            var buffer = new char[4096];
            int read;
            while ((read = await process.StandardError.ReadAsync(buffer, Ct)) > 0)
            {
                lock (error)
                {
                    error.Append(buffer, 0, read);
                }
            }
        }, Ct);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (System.Text.RegularExpressions.Regex.Matches(Text(), @"(\d+)/300000").LastOrDefault() is not { } bar || int.Parse(bar.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) < 5000)
        {
            Assert.False(process.HasExited, $"replay ended before its connection was closed: {Text()}");
            Assert.True(DateTime.UtcNow < deadline, $"replay did not start publishing within 60 s: {Text()}");
            await Task.Delay(100, Ct);
        }

        // publishes in flight on the closed connection were never confirmed: the verb waited for them for good
        // (the management API lists a new connection within its statistics interval, a few seconds)
        var listed = DateTime.UtcNow.AddSeconds(30);
        while (await broker.CloseConnectionsAsync(Ct) == 0)
        {
            Assert.False(process.HasExited, $"replay ended before its connection was closed: {Text()}");
            Assert.True(DateTime.UtcNow < listed, "the management API listed no connection of the replay within 30 s");
            await Task.Delay(200, Ct);
        }

        using var ends = new CancellationTokenSource(ReplayVerb.ConfirmTimeout + TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(ends.Token);
        await reading;
        var result = new CliResult(process.ExitCode, await output, Text());
        result.AssertNoStackTrace();
        if (result.Exit != 0)
        {
            // what the client did not see confirmed is published again by a new replay; the worker applies each event once
            Assert.True(result.Exit == 1, result.ToString());
            Assert.Contains("the broker confirmed no publish for 30 s after ", result.Error, StringComparison.Ordinal);
            Assert.Contains("replay the file again", result.Error, StringComparison.Ordinal);
        }

        string Text()
        {
            lock (error)
            {
                return error.ToString();
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
}
