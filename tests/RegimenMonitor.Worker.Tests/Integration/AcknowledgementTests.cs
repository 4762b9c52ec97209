using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using RegimenMonitor.Contracts;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Database.Dialects;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Tests.Infrastructure;

using static RegimenMonitor.Worker.Tests.Infrastructure.AlertTestSupport;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>Acknowledgements (append-only audit) and the escalation of overdue unacknowledged alerts.</summary>
public sealed class AcknowledgementTests : AlertTest
{
    private const string AckError = "regimen-monitor.alert-acknowledged_error";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Escalation_fires_once_for_an_unacknowledged_major_alert_and_not_for_an_acknowledged_one()
    {
        await Broker.SubscribeToAlertsAsync("care-team-major", "*.major", Ct);
        await Broker.SubscribeToAlertsAsync("escalations", "escalation.*", Ct);
        var worker = await StartWorkerAsync(new Dictionary<string, string?> { ["Alerts:EscalateAfter"] = "01:00:00" });
        var now = Clock.GetUtcNow();
        foreach (var patient in new[] { "PT-e1", "PT-e2" })
        {
            await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), patient, "Zoloft 50 mg tablet", DaysAgo(now, 10), 30), Ct);
            await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), patient, "Ultram 50 mg tablet", DaysAgo(now, 1), 10), Ct);
        }

        await worker.WaitForProcessedAsync(4, Wait, Ct);
        var alerts = await Broker.WaitForMessagesAsync("care-team-major", 2, Wait, Ct);
        Assert.Equal(2, alerts.Count);
        var byPatient = alerts.ToDictionary(PatientOf, AlertIdOf);

        // PT-e1's alert is acknowledged (raw JSON, as a care-team system would send it)
        var ackId = Guid.NewGuid();
        await Broker.PublishAsync(AlertAcknowledged.ExchangeName, Acknowledgement(ackId, byPatient["PT-e1"], "overridden"), Ct);
        await WaitUntilAsync(() => worker.QueryAsync(db => db.Acknowledgements.AnyAsync(a => a.EventId == ackId)));
        // a redelivery of the same acknowledgement records nothing more
        await Broker.PublishAsync(AlertAcknowledged.ExchangeName, Acknowledgement(ackId, byPatient["PT-e1"], "overridden"), Ct);

        // not yet overdue: nothing escalates
        await Task.Delay(TimeSpan.FromSeconds(1.5), Ct);
        Assert.Empty(await Broker.GetAsync("escalations", 10, Ct));

        Clock.Advance(TimeSpan.FromHours(2));
        await TriggerJobAsync(worker, Alerts.EscalationJob.Name);
        var escalation = Assert.Single(await WaitForAlertsAfterClockJumpAsync(worker, "escalations", 1, Wait));
        Assert.Equal("escalation.major", escalation.RoutingKey);
        Assert.Equal(byPatient["PT-e2"], AlertIdOf(escalation));
        Assert.Equal("PT-e2", PatientOf(escalation));

        // once only, however many escalation runs follow
        await TriggerJobAsync(worker, Alerts.EscalationJob.Name);
        await TriggerJobAsync(worker, Alerts.EscalationJob.Name);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        Assert.Empty(await WaitForAlertsAfterClockJumpAsync(worker, "escalations", 1, TimeSpan.FromSeconds(2)));
        Assert.Equal(1, await worker.QueryAsync(db => db.Outbox.CountAsync(m => m.Kind == "escalation")));
        Assert.Empty(await Broker.GetAsync("escalations", 10, Ct));
        var audit = Assert.Single(await worker.QueryAsync(db => db.Acknowledgements.AsNoTracking().ToListAsync()));
        Assert.Equal("overridden", audit.Outcome);
        Assert.Equal("nurse.lee", audit.AcknowledgedBy);
        Assert.Equal(byPatient["PT-e1"], audit.AlertId);
    }

    [Theory]
    [InlineData("unknown alert", "alertId")]
    [InlineData("missing outcome", "outcome")]
    [InlineData("bad outcome", "outcome")]
    [InlineData("missing acknowledgedBy", "acknowledgedBy")]
    [InlineData("null acknowledgedAt", "Invalid event: acknowledgedAt is required (an RFC 3339 timestamp")] // found by an edge probe: the deserialiser's own message
    public async Task A_bad_acknowledgement_ends_in_the_error_queue_with_a_reason_naming_the_field(string @case, string field)
    {
        var worker = await StartWorkerAsync();
        var body = @case switch
        {
            "unknown alert" => Acknowledgement(Guid.NewGuid(), Guid.NewGuid()),
            "missing outcome" => Acknowledgement(Guid.NewGuid(), Guid.NewGuid(), outcome: null),
            "bad outcome" => Acknowledgement(Guid.NewGuid(), Guid.NewGuid(), outcome: "ignored"),
            "null acknowledgedAt" => System.Text.RegularExpressions.Regex.Replace(
                Acknowledgement(Guid.NewGuid(), Guid.NewGuid()), "\"acknowledgedAt\":\\s*\"[^\"]*\"", "\"acknowledgedAt\":null"),
            _ => Acknowledgement(Guid.NewGuid(), Guid.NewGuid(), by: null),
        };
        await Broker.PublishAsync(AlertAcknowledged.ExchangeName, body, Ct);

        var error = Assert.Single(await Broker.WaitForMessagesAsync(AckError, 1, Wait, Ct));
        Assert.Equal(body, error.Payload);
        Assert.True(error.Headers.TryGetValue("MT-Fault-Message", out var reason));
        Assert.Contains(field, reason, StringComparison.Ordinal);
        Assert.Empty(await worker.QueryAsync(db => db.Acknowledgements.ToListAsync()));
    }

    [Fact]
    public async Task An_acknowledgement_dated_in_the_future_or_before_its_alert_is_refused_naming_acknowledgedAt()
    {
        var worker = await StartWorkerAsync();
        var now = Clock.GetUtcNow();
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-e4", "Zoloft 50 mg tablet", DaysAgo(now, 10), 30), Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-e4", "Ultram 50 mg tablet", DaysAgo(now, 1), 10), Ct);
        await worker.WaitForProcessedAsync(2, Wait, Ct);
        var finding = (await FindingsAsync(worker)).Single();

        // the rows can never be corrected: a time beyond the clock (plus Regimen:MaxFutureSkew, 5 minutes) or before
        // the alert was raised (less the same skew) is refused rather than recorded
        var refused = new[]
        {
            Acknowledgement(Guid.NewGuid(), finding.AlertId, at: new DateTimeOffset(2099, 1, 1, 0, 0, 0, TimeSpan.Zero)),
            Acknowledgement(Guid.NewGuid(), finding.AlertId, at: Clock.GetUtcNow().AddMinutes(10)),
            Acknowledgement(Guid.NewGuid(), finding.AlertId, at: new DateTimeOffset(1900, 1, 2, 0, 0, 0, TimeSpan.Zero)),
            Acknowledgement(Guid.NewGuid(), finding.AlertId, at: finding.RaisedAt.AddMinutes(-10)),
        };
        foreach (var body in refused)
        {
            await Broker.PublishAsync(AlertAcknowledged.ExchangeName, body, Ct);
        }

        var errors = await Broker.WaitForMessagesAsync(AckError, refused.Length, Wait, Ct);
        Assert.Equal(refused.Length, errors.Count);
        var reasons = errors.Select(e => e.Headers["MT-Fault-Message"]).ToList();
        Assert.Equal(2, reasons.Count(r => r.Contains("acknowledgedAt must not be in the future (at most 00:05:00 ahead of this service's clock; Regimen:MaxFutureSkew)", StringComparison.Ordinal)));
        Assert.Equal(2, reasons.Count(r => r.Contains("acknowledgedAt must not be before the alert was raised (at most 00:05:00 earlier; Regimen:MaxFutureSkew)", StringComparison.Ordinal)));
        Assert.Empty(await worker.QueryAsync(db => db.Acknowledgements.ToListAsync()));

        // within the skew on either side is a clock difference, recorded
        var early = Guid.NewGuid();
        var late = Guid.NewGuid();
        await Broker.PublishAsync(AlertAcknowledged.ExchangeName, Acknowledgement(early, finding.AlertId, at: finding.RaisedAt.AddMinutes(-4)), Ct);
        await Broker.PublishAsync(AlertAcknowledged.ExchangeName, Acknowledgement(late, finding.AlertId, at: Clock.GetUtcNow().AddMinutes(4)), Ct);
        await WaitUntilAsync(async () => await worker.QueryAsync(db => db.Acknowledgements.CountAsync()) == 2);

        // a time with another offset is the same instant, recorded (PostgreSQL stores UTC only)
        var elsewhere = Guid.NewGuid();
        var at = new DateTimeOffset(Clock.GetUtcNow().AddMinutes(-1).UtcDateTime.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        await Broker.PublishAsync(AlertAcknowledged.ExchangeName, Acknowledgement(elsewhere, finding.AlertId, at: at.ToOffset(TimeSpan.FromHours(-5))), Ct);
        await WaitUntilAsync(async () => await worker.QueryAsync(db => db.Acknowledgements.CountAsync()) == 3);
        var stored = await worker.QueryAsync(db => db.Acknowledgements.AsNoTracking().SingleAsync(a => a.EventId == elsewhere));
        Assert.Equal(at, stored.AcknowledgedAt);
    }

    [Fact]
    public async Task An_eventId_reused_for_another_acknowledgement_goes_to_error_naming_the_fields_that_differ()
    {
        // found by an edge probe: an acknowledgement reusing an eventId with other content was dropped as a redelivery
        var worker = await StartWorkerAsync();
        var now = Clock.GetUtcNow();
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-e5", "Zoloft 50 mg tablet", DaysAgo(now, 10), 30), Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-e5", "Ultram 50 mg tablet", DaysAgo(now, 1), 10), Ct);
        await worker.WaitForProcessedAsync(2, Wait, Ct);
        var alertId = (await FindingsAsync(worker)).Single().AlertId;
        var at = new DateTimeOffset(Clock.GetUtcNow().AddMinutes(-1).UtcDateTime.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var ackId = Guid.NewGuid();
        await Broker.PublishAsync(AlertAcknowledged.ExchangeName, Acknowledgement(ackId, alertId, "accepted", at: at), Ct);
        await WaitUntilAsync(() => worker.QueryAsync(db => db.Acknowledgements.AnyAsync(a => a.EventId == ackId)));

        // the same acknowledgement, its time in another offset (the same instant): a redelivery, nothing recorded
        await Broker.PublishAsync(AlertAcknowledged.ExchangeName, Acknowledgement(ackId, alertId, "accepted", at: at.ToOffset(TimeSpan.FromHours(-5))), Ct);
        // the same eventId saying something else: refused, naming the fields that differ, never their values
        var overridden = Acknowledgement(ackId, alertId, "overridden", at: at);
        var everything = Acknowledgement(ackId, Guid.NewGuid(), "accepted", by: "dr.PFPII", at: at.AddMinutes(-2))
            .Replace("reviewed with prescriber", "PFPII other reason", StringComparison.Ordinal);
        await Broker.PublishAsync(AlertAcknowledged.ExchangeName, overridden, Ct);
        await Broker.PublishAsync(AlertAcknowledged.ExchangeName, everything, Ct);

        var errors = await Broker.WaitForMessagesAsync(AckError, 2, Wait, Ct);
        Assert.Equal(2, errors.Count);
        var reasons = errors.ToDictionary(e => e.Payload, e => e.Headers["MT-Fault-Message"]);
        Assert.Equal(
            "Invalid event: eventId: already recorded for an acknowledgement that said something else (this one differs in outcome); "
            + "this one was not recorded: a new or corrected acknowledgement needs its own eventId",
            reasons[overridden]);
        Assert.Contains("(this one differs in alertId, acknowledgedBy, acknowledgedAt, reason)", reasons[everything], StringComparison.Ordinal);
        Assert.DoesNotContain("PFPII", reasons[everything], StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(1), Ct);
        Assert.Empty(await Broker.GetAsync(AckError, 10, Ct));
        var audit = Assert.Single(await worker.QueryAsync(db => db.Acknowledgements.AsNoTracking().ToListAsync()));
        Assert.Equal("accepted", audit.Outcome);
        Assert.Equal(at, audit.AcknowledgedAt);
    }

    [Fact]
    public async Task Copies_of_one_acknowledgement_consumed_at_once_record_one_row_and_log_no_error()
    {
        // found by an edge probe: two copies consumed at once each inserted, and the one the unique index refused was
        // logged as an error with its stack, then as a retry with it again
        var worker = await StartWorkerAsync();
        var now = Clock.GetUtcNow();
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-e6", "Zoloft 50 mg tablet", DaysAgo(now, 10), 30), Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-e6", "Ultram 50 mg tablet", DaysAgo(now, 1), 10), Ct);
        await worker.WaitForProcessedAsync(2, Wait, Ct);
        var alertId = (await FindingsAsync(worker)).Single().AlertId;
        await StopWorkerAsync(worker);

        // 20 copies wait in the queue, so the next worker is handed them all at once (its prefetch)
        var body = Acknowledgement(Guid.NewGuid(), alertId);
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Broker.PublishAsync(AlertAcknowledged.ExchangeName, body, Ct)));
        var logs = new LogCapture();
        worker = await StartWorkerAsync(services: s => s.AddSingleton<ILoggerProvider>(logs));
        await Broker.WaitForAcknowledgedAsync("regimen-monitor.alert-acknowledged", 20, TimeSpan.FromSeconds(60), Ct);

        Assert.Single(await worker.QueryAsync(db => db.Acknowledgements.AsNoTracking().ToListAsync()));
        Assert.Empty(await Broker.GetAsync(AckError, 10, Ct));
        var loud = logs.Entries.Where(e => e.Level >= LogLevel.Error || (e.Level >= LogLevel.Warning && e.Exception is not null)).ToList();
        Assert.True(loud.Count == 0, string.Join("\n", loud.Select(e => $"{e.Level}: {e.Message}")));
    }

    [Theory]
    [InlineData("accepted", true)]
    [InlineData("overridden", false)]
    public async Task An_acknowledgement_another_replica_records_first_is_compared_with_its_row_not_retried(string outcome, bool same)
    {
        var worker = await StartWorkerAsync();
        var now = Clock.GetUtcNow();
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-e7", "Zoloft 50 mg tablet", DaysAgo(now, 10), 30), Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-e7", "Ultram 50 mg tablet", DaysAgo(now, 1), 10), Ct);
        await worker.WaitForProcessedAsync(2, Wait, Ct);
        var alertId = (await FindingsAsync(worker)).Single().AlertId;
        var at = new DateTimeOffset(Clock.GetUtcNow().AddMinutes(-1).UtcDateTime.Ticks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var message = new AlertAcknowledged
        {
            EventId = Guid.NewGuid(), AlertId = alertId, AcknowledgedBy = "nurse.lee", AcknowledgedAt = at, Outcome = outcome, Reason = "reviewed with prescriber",
        };

        // the other replica's row (accepted) commits after this one looked for it and before its insert
        var options = new DbContextOptionsBuilder<RegimenDbContext>().AddInterceptors(new OtherReplicaFirst(Database.ConnectionString, new AlertAcknowledgement
        {
            EventId = message.EventId, AlertId = alertId, AcknowledgedBy = "nurse.lee", AcknowledgedAt = at, Outcome = "accepted", Reason = "reviewed with prescriber",
            RecordedAt = at,
        }));
        DatabaseDialect.For(DatabaseProvider.PostgreSql).UseProvider(options, Database.ConnectionString);
        await using var db = new RegimenDbContext(options.Options);
        var recorder = new AcknowledgementRecorder(db, Clock, Microsoft.Extensions.Options.Options.Create(new RegimenOptions()), NullLogger<AcknowledgementRecorder>.Instance);

        if (same)
        {
            Assert.False(await recorder.RecordAsync(message, Ct));
        }
        else
        {
            var refused = await Assert.ThrowsAsync<InvalidEventException>(() => recorder.RecordAsync(message, Ct));
            Assert.Contains("(this one differs in outcome)", refused.Message, StringComparison.Ordinal);
        }

        Assert.Equal("accepted", Assert.Single(await worker.QueryAsync(db => db.Acknowledgements.AsNoTracking().ToListAsync())).Outcome);
    }

    /// <summary>Records <paramref name="row"/> through a connection of its own as the first save of a context begins.</summary>
    private sealed class OtherReplicaFirst(string connectionString, AlertAcknowledgement row) : SaveChangesInterceptor
    {
        private bool _done;

        public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
        {
            if (!_done)
            {
                _done = true;
                var options = new DbContextOptionsBuilder<RegimenDbContext>();
                DatabaseDialect.For(DatabaseProvider.PostgreSql).UseProvider(options, connectionString);
                await using var other = new RegimenDbContext(options.Options);
                other.Acknowledgements.Add(row);
                await other.SaveChangesAsync(cancellationToken);
            }

            return result;
        }
    }

    [Fact]
    public async Task The_audit_trail_is_append_only_in_the_database()
    {
        var worker = await StartWorkerAsync();
        var now = Clock.GetUtcNow();
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-e3", "Zoloft 50 mg tablet", DaysAgo(now, 10), 30), Ct);
        await Broker.PublishAsync(MedicationDispensed.ExchangeName, Events.Dispense(Guid.NewGuid(), "PT-e3", "Ultram 50 mg tablet", DaysAgo(now, 1), 10), Ct);
        await worker.WaitForProcessedAsync(2, Wait, Ct);
        var alertId = (await FindingsAsync(worker)).Single().AlertId;
        await Broker.PublishAsync(AlertAcknowledged.ExchangeName, Acknowledgement(Guid.NewGuid(), alertId), Ct);
        await WaitUntilAsync(() => worker.QueryAsync(db => db.Acknowledgements.AnyAsync()));

        await using var connection = new NpgsqlConnection(Database.ConnectionString);
        await connection.OpenAsync(Ct);
        foreach (var sql in new[] { "UPDATE alert_acknowledgements SET outcome = 'accepted', reason = 'rewritten'", "DELETE FROM alert_acknowledgements" })
        {
            await using var command = new NpgsqlCommand(sql, connection);
            var refused = await Assert.ThrowsAsync<PostgresException>(() => command.ExecuteNonQueryAsync(Ct));
            Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        }

        Assert.Single(await worker.QueryAsync(db => db.Acknowledgements.ToListAsync()));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out");
            await Task.Delay(100, Ct);
        }
    }

    private static Guid AlertIdOf(BrokerMessage message)
    {
        using var json = message.Json();
        return json.RootElement.GetProperty("alertId").GetGuid();
    }

    private static string PatientOf(BrokerMessage message)
    {
        using var json = message.Json();
        return json.RootElement.GetProperty("patientId").GetString()!;
    }
}
