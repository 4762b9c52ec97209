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
