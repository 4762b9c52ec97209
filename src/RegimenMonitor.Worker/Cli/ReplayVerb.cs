using System.Diagnostics;
using System.Text.Json;
using MassTransit;
using RegimenMonitor.Contracts;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Regimens;

namespace RegimenMonitor.Worker.Cli;

/// <summary>
/// Publishes an NDJSON file to the configured broker, each line to its exchange, with a progress bar on stderr and
/// the summary on stdout. A bad line is reported with its number and skipped. Exit codes: 0 all published, 2 some
/// lines skipped or the file missing, 1 nothing could be done (no broker configured, broker unreachable or refusing).
/// </summary>
internal static class ReplayVerb
{
    private const int InFlight = 256;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long publishes may wait for the broker's confirmation: milliseconds normally; a connection the broker closed
    /// under a publish can leave it waiting for good, and a broker blocking publishers (a memory alarm) holds it too.
    /// </summary>
    internal static readonly TimeSpan ConfirmTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long the bus may take to stop (the worker's, MassTransit's default, is 30 s). Every publish the verb counts
    /// as confirmed was confirmed before the bus stops, so the stop only closes the connection: on a broker blocking
    /// publishers (a disk or memory alarm) that close never completes, and the verb exited 30 s after its
    /// <see cref="ConfirmTimeout"/> (its message is printed once the host is disposed).
    /// </summary>
    internal static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(3);

    /// <summary>The summary line gives a rate from this many events on: below, it says nothing (found by a newcomer probe: "1 events/s" for 2).</summary>
    internal const int RateFrom = 100;

    public static async Task<int> RunAsync(FileInfo file, TextWriter output, TextWriter error, CancellationToken ct, IDictionary<string, string?>? overrides = null,
        string[]? arguments = null, bool json = false, bool check = false)
    {
        if (InputFiles.Problem(file) is { } problem)
        {
            return CliFailure.Report(problem, "replay", database: null, verbose: false, error);
        }

        // A regular file is checked before anything else; a pipe or standard input is read once, as it is published,
        // so it is found empty only at its end (reading it here first took what the publishing read then missed).
        var regular = InputFiles.IsRegularFile(file) ?? InputFiles.ContentLength(file) > 0;
        if (regular && !await HasLinesAsync(file, ct))
        {
            // as evaluate: an empty file is a mistake (the wrong file, an export that failed), not a replay of nothing
            return CliFailure.Report(NoEvents(file), "replay", database: null, verbose: false, error);
        }

        if (check)
        {
            return await CheckAsync(file, regular, output, error, overrides, arguments, json, ct);
        }

        var builder = RegimenMonitorHost.CreateBuilder(arguments ?? [], HostRole.Publisher, overrides);
        builder.Services.PostConfigure<MassTransitHostOptions>(o => (o.StopTimeout, o.ConsumerStopTimeout) = (StopTimeout, StopTimeout));
        if (MessagingOptions.TransportIn(builder.Configuration) != MessagingTransport.RabbitMq)
        {
            var transportSet = builder.Configuration.GetSection(MessagingOptions.SectionName)[nameof(MessagingOptions.Transport)] is { Length: > 0 };
            var cause = transportSet
                ? "Messaging__Transport=InMemory leaves nothing to publish to; replay needs RabbitMQ: unset Messaging__Transport (or set it to RabbitMq) and set ConnectionStrings__RabbitMq."
                : "no broker configured; set ConnectionStrings__RabbitMq (e.g. amqp://user:password@localhost:5672/).";
            await error.WriteLineAsync("regimen-monitor replay: " + cause);
            if (json)
            {
                await output.WriteLineAsync(Failed("no-broker", cause, 0, 0, 0, [], null));
            }

            return 1;
        }

        // counted on the bytes (a line is never held); a device or pipe has no length and no total: its count alone
        var totalLines = !regular ? -1 : InputFiles.ContentLength(file) > 0 ? NdjsonEvents.CountLines(file.FullName) : 0;
        using var host = builder.Build();
        try
        {
            ServiceChecks.ValidateConfiguration(host.Services);
        }
        catch (Exception ex) when (ConfigurationErrors.Failures(ex) is not null)
        {
            // every failure, then the fix, as every verb reports them
            return CliFailure.Report(ex, "replay", database: null, verbose: false, error);
        }

        int published = 0, skipped = 0, number = 0, returned = 0;
        // --json: one entry per skipped line (as many as skipped); why reading stopped early is apart, in stopped
        var badLines = new List<object>();
        object? stopped = null;
        // what an exit-1 failure is, for --json (found by a newcomer probe: it printed nothing on stdout), as it goes on
        var failed = "broker";
        try
        {
            // One bounded connection attempt first: a wrong host, port, password or vhost ends here with what to fix
            // instead of the bus retrying silently.
            var messaging = host.Services.GetRequiredService<IOptions<MessagingOptions>>().Value;
            await ServiceChecks.CheckBrokerAsync(messaging.RabbitMqConnectionString!, error, ct);
            using (var starting = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                starting.CancelAfter(StartTimeout);
                try
                {
                    await host.StartAsync(starting.Token);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new CliException($"the bus did not start within {StartTimeout.TotalSeconds:F0} s although the broker accepted a connection.",
                        "check the broker's health (`rabbitmqctl status`) and run again with --verbose.", ExitCodes.Failure);
                }
            }

            var bus = host.Services.GetRequiredService<IBus>();
            // the worker's own checks, as configured: a line it would refuse is not published, one it would accept is
            var regimen = host.Services.GetRequiredService<IOptions<RegimenOptions>>().Value;
            var defaultDaysSupply = regimen.DefaultDaysSupply;
            var limit = EventTimeLimit.From(host.Services.GetRequiredService<TimeProvider>(), regimen.MaxFutureSkew);
            var progress = new ProgressBar(error, totalLines);
            var stopwatch = Stopwatch.StartNew();
            var pending = new List<Task>(InFlight);
            failed = "unconfirmed";
            async Task CountReturnedAsync(Task<bool> publish)
            {
                if (!await publish)
                {
                    Interlocked.Increment(ref returned);
                }
            }

            void Stopped(string reason)
            {
                // not a line skipped: the lines after it are not read (until 2026-12-06 it was a further entry of badLines,
                // one more than skipped counted; found by an independent probe)
                stopped = new { line = number, reason };
                progress.Interrupt($"line {number}: {reason}");
            }

            try
            {
                // not NDJSON (/dev/zero, a binary file): what was published stays published, the rest is not read; its bad
                // lines were skipped, so the verb ends with exit 2
                await foreach (var line in NdjsonEvents.ReadLinesAsync(file.FullName, Stopped, ct))
                {
                    number++;
                    progress.Report(number);
                    if (line.IsBlank)
                    {
                        continue;
                    }

                    if (NdjsonEvents.TryParse(line, number, defaultDaysSupply, limit, out var parsed, out var reason))
                    {
                        var publish = PublishMandatoryAsync(bus, parsed!.Message, ct);
                        if (published == 0)
                        {
                            // the first event tells whether anything listens; nothing was delivered, nothing else is sent
                            await ConfirmedAsync(publish, 0, ct);
                            if (!await publish)
                            {
                                failed = "no-queue";
                                throw NoQueue(parsed.Message);
                            }
                        }

                        pending.Add(CountReturnedAsync(publish));
                        published++;
                        if (pending.Count >= InFlight)
                        {
                            await ConfirmedAsync(Task.WhenAll(pending), published - pending.Count, ct);
                            pending.Clear();
                        }
                    }
                    else
                    {
                        skipped++;
                        badLines.Add(new { line = number, reason });
                        progress.Interrupt($"line {number}: skipped: {reason}");
                    }
                }

                await ConfirmedAsync(Task.WhenAll(pending), published - pending.Count, ct);
            }
            catch (Exception ex) when (ct.IsCancellationRequested && Infrastructure.Observability.NetworkErrors.Chain(ex).Any(e => e is OperationCanceledException))
            {
                // events on the broker cannot be taken back: say how far it got (the verb then prints "interrupted.", exit 1)
                var confirmed = published - pending.Count + pending.Count(p => p.IsCompletedSuccessfully);
                progress.Complete();
                await error.WriteLineAsync($"regimen-monitor replay: stopped at line {number}: {published} event(s) published, {confirmed} of them confirmed by the broker, {skipped} bad line(s) skipped. Replaying the whole file again is safe: the worker applies each event once.");
                if (json)
                {
                    await output.WriteLineAsync(JsonSerializer.Serialize(new { interrupted = true, lastLine = number, published, confirmed, skipped, badLines, stopped }, WireJson.Options));
                }

                throw;
            }

            progress.Report(number, force: true);
            progress.Complete();
            if (published == 0 && skipped == 0 && stopped is null)
            {
                throw NoEvents(file); // a pipe without events (a regular file was refused before the broker was asked)
            }

            if (returned > 0)
            {
                failed = "not-delivered";
                throw new CliException(
                    $"{returned} of {published} event(s) were routed to no queue and were not delivered (the worker's queues were unbound while the file was replayed).",
                    "start `regimen-monitor run` (it declares and binds its queues), then replay the file again: the worker applies each event once, so the events already delivered change nothing.",
                    ExitCodes.Failure);
            }

            var seconds = Math.Max(stopwatch.Elapsed.TotalSeconds, 0.001);
            await output.WriteLineAsync(json
                ? JsonSerializer.Serialize(new { published, skipped, badLines, stopped, seconds = Math.Round(seconds, 3) }, WireJson.Options)
                : $"replay: published {published}, skipped {skipped} bad line(s){(stopped is null ? "" : $", reading stopped after line {number}")}, in {seconds:F1} s{(published < RateFrom ? "" : $" ({published / seconds:F0} event(s)/s)")}");
            await host.StopAsync(CancellationToken.None);
            return skipped == 0 && stopped is null ? 0 : 2;
        }
        catch (CliException ex) when (json && ex.ExitCode == ExitCodes.Failure)
        {
            // the cause as on stderr (it names no patient, product or line content), with how far the replay got
            await output.WriteLineAsync(Failed(failed, ex.Message, number, published, skipped, badLines, stopped));
            throw;
        }
        catch (Exception ex) when (json && ex is not CliException and not OperationCanceledException)
        {
            // any other failure while publishing (a connection dropped mid-file) exits 1 too: a script reading stdout
            // still gets the document; its cause, in the program's words, is on stderr
            await output.WriteLineAsync(Failed("broker", "the replay stopped on an error while publishing; its cause is on stderr", number, published, skipped, badLines, stopped));
            throw;
        }
    }

    /// <summary>
    /// <c>--check</c>: reads every line as the publishing run would and publishes nothing, so a feed is checked before it
    /// reaches a worker whose alerts go to a care team (until then the docs gave a loop of <c>jq</c> and <c>evaluate</c>
    /// per patient). No broker is needed. A bad line is reported with its number, as the publishing run reports it, and
    /// so, apart, is a line whose <c>eventId</c> an earlier line gave to an event that says something else (it would be
    /// published, and the worker applies one of the two and refuses the other to <c>_error</c>); a repeat saying the same
    /// is a duplicate, counted apart. Exit 0 when every line would be published and applied as it says, 2 otherwise. What depends on what the worker has stored (an earlier report of the same statement, an
    /// <c>eventId</c> it applied before) is not checked here.
    /// </summary>
    private static async Task<int> CheckAsync(FileInfo file, bool regular, TextWriter output, TextWriter error, IDictionary<string, string?>? overrides,
        string[]? arguments, bool json, CancellationToken ct)
    {
        // the configured limits, as the worker and the publishing run read them; the host is built, never started
        var builder = RegimenMonitorHost.CreateBuilder(arguments ?? [], HostRole.Publisher, overrides);
        using var host = builder.Build();
        try
        {
            ServiceChecks.ValidateConfiguration(host.Services);
        }
        catch (Exception ex) when (ConfigurationErrors.Failures(ex) is not null)
        {
            return CliFailure.Report(ex, "replay", database: null, verbose: false, error);
        }

        var regimen = host.Services.GetRequiredService<IOptions<RegimenOptions>>().Value;
        var limit = EventTimeLimit.From(host.Services.GetRequiredService<TimeProvider>(), regimen.MaxFutureSkew);
        var totalLines = !regular ? -1 : InputFiles.ContentLength(file) > 0 ? NdjsonEvents.CountLines(file.FullName) : 0;
        var progress = new ProgressBar(error, totalLines);
        var stopwatch = Stopwatch.StartNew();
        int events = 0, skipped = 0, duplicates = 0, conflicts = 0, number = 0;
        var badLines = new List<object>();
        var conflictLines = new List<object>();
        object? stopped = null;
        // eventId is the worker's idempotency key: the line that first gave it, and what its event says
        var firstLines = new Dictionary<Guid, (int Line, RegimenChange Change)>();
        void Stopped(string reason)
        {
            stopped = new { line = number, reason };
            progress.Interrupt($"line {number}: {reason}");
        }

        void Bad(string reason)
        {
            skipped++;
            badLines.Add(new { line = number, reason });
            progress.Interrupt($"line {number}: {reason}");
        }

        await foreach (var line in NdjsonEvents.ReadLinesAsync(file.FullName, Stopped, ct))
        {
            number++;
            progress.Report(number);
            if (line.IsBlank)
            {
                continue;
            }

            if (!NdjsonEvents.TryParse(line, number, regimen.DefaultDaysSupply, limit, out var parsed, out var reason))
            {
                Bad(reason!);
                continue;
            }

            var change = parsed!.Change;
            if (firstLines.TryGetValue(change.EventId, out var first))
            {
                if (EventFingerprint.Of(first.Change) == EventFingerprint.Of(change))
                {
                    duplicates++; // published, and skipped by the worker as a duplicate: nothing wrong
                }
                else
                {
                    // published as replay publishes it, but the worker applies one of the two and refuses the other to
                    // _error (the one that reaches it second, which is not always the later line); the fields are named,
                    // never their values
                    conflicts++;
                    var differing = string.Join(", ", EventFingerprint.Differing(first.Change, change));
                    var conflict = $"eventId is already on line {first.Line} for an event that says something else (this one differs in {differing}): the worker applies one of the two and refuses the other to _error: {EventConflict.Advice}";
                    conflictLines.Add(new { line = number, reason = conflict });
                    progress.Interrupt($"line {number}: {conflict}");
                }
            }
            else
            {
                firstLines.Add(change.EventId, (number, change));
            }

            events++;
        }

        progress.Report(number, force: true);
        progress.Complete();
        if (events == 0 && skipped == 0 && stopped is null)
        {
            return CliFailure.Report(NoEvents(file), "replay", database: null, verbose: false, error); // a pipe without events
        }

        var seconds = Math.Max(stopwatch.Elapsed.TotalSeconds, 0.001);
        await output.WriteLineAsync(json
            ? JsonSerializer.Serialize(new { check = true, events, duplicates, conflicts, conflictLines, published = 0, skipped, badLines, stopped, seconds = Math.Round(seconds, 3) }, WireJson.Options)
            : $"replay --check: {events} event(s) would be published{(duplicates == 0 ? "" : $" ({duplicates} repeating an earlier line's event, which the worker skips)")}"
              + $"{(conflicts == 0 ? "" : $", {conflicts} reusing an earlier line's eventId for another event (one of each pair is refused)")}, {skipped} bad line(s)"
              + $"{(stopped is null ? "" : $", reading stopped after line {number}")}; nothing published, in {seconds:F1} s");
        return skipped == 0 && conflicts == 0 && stopped is null ? 0 : 2;
    }

    /// <summary>
    /// The <c>--json</c> document of a failure (exit 1): <c>failed</c> says which (<c>no-broker</c>, <c>broker</c>,
    /// <c>no-queue</c>, <c>not-delivered</c>, <c>unconfirmed</c>), <c>reason</c> is the cause printed on stderr.
    /// </summary>
    private static string Failed(string failed, string reason, int lastLine, int published, int skipped, List<object> badLines, object? stopped) =>
        JsonSerializer.Serialize(new { failed, reason, lastLine, published, skipped, badLines, stopped }, WireJson.Options);

    /// <summary>
    /// Waits for publishes to be confirmed, at most <see cref="ConfirmTimeout"/>; then fails with what to do instead of
    /// waiting for good. Replaying again is safe: the worker applies each event once.
    /// </summary>
    private static async Task ConfirmedAsync(Task publishes, int confirmedBefore, CancellationToken ct)
    {
        try
        {
            await publishes.WaitAsync(ConfirmTimeout, ct);
        }
        catch (TimeoutException)
        {
            throw Unconfirmed(confirmedBefore);
        }
    }

    private static CliException Unconfirmed(int confirmedBefore) =>
        new($"the broker confirmed no publish for {ConfirmTimeout.TotalSeconds:F0} s after {confirmedBefore} event(s) were confirmed: the connection was lost, or the broker is blocking publishers (a memory or disk alarm).",
            "check the broker (`regimen-monitor health`, `rabbitmqctl status`), then replay the file again: the worker applies each event once, so the events already delivered change nothing.",
            ExitCodes.Failure);

    /// <summary>
    /// Publishes with the broker's mandatory flag: false when the broker returned the event because no queue is bound to
    /// its exchange (a confirmed publish to an exchange without queues is otherwise dropped without a word).
    /// </summary>
    private static async Task<bool> PublishMandatoryAsync(IBus bus, object message, CancellationToken ct)
    {
        try
        {
            await bus.Publish(message, message.GetType(), context =>
            {
                if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
                {
                    rabbit.Mandatory = true;
                }
            }, ct);
            return true;
        }
        catch (MessageReturnedException)
        {
            return false;
        }
    }

    private static CliException NoQueue(object message) =>
        new($"the broker routed the first event ({ExchangeOf(message)}) to no queue: no worker has declared and bound its queues on this virtual host yet, so nothing would receive the events. Nothing was delivered.",
            "start `regimen-monitor run` once against this broker and virtual host (it declares and binds its queues when it starts; it may stop again), then replay the file.",
            ExitCodes.Failure);

    private static string ExchangeOf(object message) => message switch
    {
        MedicationDispensed => $"exchange {MedicationDispensed.ExchangeName}",
        SupplementReported => $"exchange {SupplementReported.ExchangeName}",
        _ => $"a {message.GetType().Name}",
    };

    private static CliException NoEvents(FileInfo file) =>
        new($"{InputFiles.Given(file)} holds no events; nothing published.",
            "give the events to publish, one JSON object per line (README, \"NDJSON files\").", ExitCodes.Usage);

    // true once a line that is not blank is read (a line that cannot be read counts: it is reported later)
    private static async Task<bool> HasLinesAsync(FileInfo file, CancellationToken ct)
    {
        await foreach (var line in NdjsonEvents.ReadLinesAsync(file.FullName, ct))
        {
            if (!line.IsBlank)
            {
                return true;
            }
        }

        return false;
    }
}
