using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RegimenMonitor.Worker.Infrastructure.Messaging;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Tests.Unit.Infrastructure;

/// <summary>A rejected message is one Warning line (ours); MassTransit's fault entry with the stack only at Debug.</summary>
public sealed class RejectionLogDemotionTests
{
    [Theory]
    [InlineData(LogLevel.Information, false)]
    [InlineData(LogLevel.Debug, true)]
    public void MassTransit_fault_entries_for_invalid_events_are_debug_only(LogLevel minimum, bool expectDebug)
    {
        var captured = new Capture();
        using var provider = Logging(minimum, captured);
        var factory = provider.GetRequiredService<ILoggerFactory>();

        var transport = factory.CreateLogger("MassTransit.ReceiveTransport");
        Write(transport, LogLevel.Error, new InvalidEventException(["patientId is required"]));
        Write(transport, LogLevel.Error, new SerializationLikeException(new InvalidEventException(["eventId is required"])));
        Write(transport, LogLevel.Error, new TimeoutException("database"));
        // an unroutable alert: the dispatcher's own AlertUnroutable line says it, without a stack per retry
        Write(factory.CreateLogger("MassTransit"), LogLevel.Error, new MassTransit.MessageReturnedException("NO_ROUTE"));
        Write(factory.CreateLogger("RegimenMonitor.Worker.Infrastructure.Observability.RejectedEventObserver"), LogLevel.Warning, null);

        Assert.Single(captured.Entries, e => e.Level == LogLevel.Error && e.Exception is TimeoutException);
        Assert.DoesNotContain(captured.Entries, e => e.Level > LogLevel.Debug && e.Exception is MassTransit.MessageReturnedException);
        Assert.Single(captured.Entries, e => e.Level == LogLevel.Warning && e.Category.EndsWith("RejectedEventObserver", StringComparison.Ordinal));
        Assert.DoesNotContain(captured.Entries, e => e.Level > LogLevel.Debug && RejectionLogDemotion.IsRejection(e.Exception));
        Assert.Equal(expectDebug ? 3 : 0, captured.Entries.Count(e => e.Level == LogLevel.Debug));
    }

    [Theory]
    [InlineData(LogLevel.Information, false)]
    [InlineData(LogLevel.Debug, true)]
    public void A_database_outage_is_one_warning_line_per_entry_with_its_causes(LogLevel minimum, bool expectDebug)
    {
        var captured = new Capture();
        using var provider = Logging(minimum, captured);
        var factory = provider.GetRequiredService<ILoggerFactory>();
        var shutdown = new Npgsql.NpgsqlException("Exception while reading from stream", new System.IO.EndOfStreamException("Attempted to read past the end of the stream."));
        var refused = new InvalidOperationException("An exception was thrown while attempting to evaluate a LINQ query.",
            new Npgsql.NpgsqlException("Failed to connect to 127.0.0.1:5432", new System.Net.Sockets.SocketException(111)));

        factory.CreateLogger("Microsoft.EntityFrameworkCore.Database.Command").Log(LogLevel.Error, default, "Failed executing DbCommand", shutdown, (state, _) => state);
        factory.CreateLogger("Quartz.Impl.AdoJobStore.JobStoreTX").Log(LogLevel.Error, default, "ClusterManager: Error managing cluster", refused, (state, _) => state);
        // a fault in what was asked, not in reaching the database, keeps its level and stack
        factory.CreateLogger("Quartz.Core.ErrorLogger").Log(LogLevel.Error, default, "Job threw", new InvalidOperationException("bug"), (state, _) => state);

        var warnings = captured.Entries.Where(e => e.Level == LogLevel.Warning).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Null(w.Exception));
        Assert.Equal("Failed executing DbCommand: Exception while reading from stream | Attempted to read past the end of the stream.", warnings[0].Message);
        Assert.Contains("Failed to connect to 127.0.0.1:5432", warnings[1].Message, StringComparison.Ordinal);
        Assert.Single(captured.Entries, e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException { Message: "bug" });
        Assert.Equal(expectDebug ? 2 : 0, captured.Entries.Count(e => e.Level == LogLevel.Debug));
    }

    [Fact]
    public void A_database_that_does_not_accept_connections_is_one_line_in_our_own_categories_too()
    {
        var captured = new Capture();
        using var provider = Logging(LogLevel.Information, captured);
        var factory = provider.GetRequiredService<ILoggerFactory>();
        var refusing = new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
            new Npgsql.PostgresException("database \"regimen\" is not currently accepting connections", "FATAL", "FATAL", "55000"));

        factory.CreateLogger("RegimenMonitor.Worker.Terminology.TerminologyRefresher").Log(LogLevel.Warning, default, "Checking the database for a new terminology import failed", refusing, (state, _) => state);
        factory.CreateLogger("Microsoft.EntityFrameworkCore.Query").Log(LogLevel.Warning, default, "An exception occurred while iterating over the results of a query", refusing, (state, _) => state);
        // a data error in our own category keeps its stack
        factory.CreateLogger("RegimenMonitor.Worker.Alerts.AlertDispatcher").Log(LogLevel.Error, default, "Dispatch failed",
            new Npgsql.PostgresException("value too long", "ERROR", "ERROR", "22001"), (state, _) => state);

        var warnings = captured.Entries.Where(e => e.Level == LogLevel.Warning).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Null(w.Exception));
        Assert.All(warnings, w => Assert.Contains("is not currently accepting connections", w.Message, StringComparison.Ordinal));
        Assert.Single(captured.Entries, e => e.Level == LogLevel.Error && e.Exception is Npgsql.PostgresException { SqlState: "22001" });
    }

    [Theory]
    [InlineData(LogLevel.Information)]
    [InlineData(LogLevel.Debug)]
    public void Ef_cores_save_and_query_failures_and_quartzs_job_entries_during_an_outage_are_left_to_their_receivers(LogLevel minimum)
    {
        // found by an independent fault probe: a 73-s full disk wrote 767 warnings, 577 of them EF Core's, each failure
        // told again by the consumer's retry line or the job's event 2010; a failed job run three or four lines
        var captured = new Capture();
        using var provider = Logging(minimum, captured);
        var factory = provider.GetRequiredService<ILoggerFactory>();
        var broken = new InvalidOperationException("An exception has been raised that is likely due to a transient failure.",
            new Npgsql.NpgsqlException("Exception while writing to stream", new System.IO.IOException("Broken pipe")));
        // EF Core's own templates end with "{newline}{exception}": the message holds the exception's ToString, stack and all
        string Template(string head, Exception e) => head + Environment.NewLine + e;

        factory.CreateLogger("Microsoft.EntityFrameworkCore.Update").Log(LogLevel.Error, new EventId(10000, "SaveChangesFailed"),
            "save", broken, (_, e) => Template("An exception occurred in the database while saving changes for context type 'RegimenDbContext'.", e!));
        factory.CreateLogger("Microsoft.EntityFrameworkCore.Query").Log(LogLevel.Error, new EventId(10100, "QueryIterationFailed"),
            "query", broken, (_, e) => Template("An exception occurred while iterating over the results of a query for context type 'RegimenDbContext'.", e!));

        // Quartz's job shell ends its message with ": " before the exception it would print; its error logger repeats it
        factory.CreateLogger("Quartz.Core.JobRunShell").Log(LogLevel.Error, new EventId(1053), "job", broken, (_, _) => "Job DEFAULT.alert-dispatch threw an unhandled Exception: ");
        factory.CreateLogger("Quartz.Core.ErrorLogger").Log(LogLevel.Error, new EventId(1081), "job", new InvalidOperationException("a fault of the job"),
            (_, _) => "Job (DEFAULT.alert-dispatch threw an exception.");
        // a save that fails for what was asked of it (a value too long) is no outage: it keeps its level
        var tooLong = new Microsoft.EntityFrameworkCore.DbUpdateException("An error occurred while saving the entity changes.",
            new Npgsql.PostgresException("value too long", "ERROR", "ERROR", "22001"));
        factory.CreateLogger("Microsoft.EntityFrameworkCore.Update").Log(LogLevel.Error, new EventId(10000, "SaveChangesFailed"),
            "save", tooLong, (_, e) => Template("An exception occurred in the database while saving changes for context type 'RegimenDbContext'.", e!));

        var error = Assert.Single(captured.Entries, e => e.Level > LogLevel.Debug);
        Assert.Equal((LogLevel.Error, "Microsoft.EntityFrameworkCore.Update"), (error.Level, error.Category));
        Assert.Equal(minimum == LogLevel.Debug ? 4 : 0, captured.Entries.Count(e => e.Level == LogLevel.Debug && e.Exception is not null));
    }

    [Fact]
    public void A_cause_whose_message_embeds_a_stack_is_cut_to_its_first_line()
    {
        var refusing = new Npgsql.PostgresException("database \"regimen\" is not currently accepting connections", "FATAL", "FATAL", "55000");
        // Quartz's job store puts its inner exception, stack and all, into its own message
        var quartz = new InvalidOperationException(
            "Failed to obtain DB connection from data source 'quartz': Npgsql.PostgresException (0x80004005): 55000: database \"regimen\" is not currently accepting connections\n   at Npgsql.Internal.NpgsqlConnector.Open()",
            refusing);

        var causes = RejectionLogDemotion.Causes(quartz);

        Assert.DoesNotContain("\n", causes, StringComparison.Ordinal);
        Assert.DoesNotContain(" at Npgsql", causes, StringComparison.Ordinal);
        Assert.EndsWith("| 55000: database \"regimen\" is not currently accepting connections", causes, StringComparison.Ordinal);
    }

    [Fact]
    public void Quartzs_entries_for_a_transaction_an_outage_aborted_are_one_warning_line_each()
    {
        // found by an independent fault probe: the database read-only for 8 minutes, Quartz's row lock got 25P02 and
        // logged 31 Error entries with stacks ("Error handling misfires", "An error occurred during retry")
        var captured = new Capture();
        using var provider = Logging(LogLevel.Information, captured);
        var factory = provider.GetRequiredService<ILoggerFactory>();
        var aborted = new InvalidOperationException("Failure obtaining db row lock: 25P02: current transaction is aborted, commands ignored until end of transaction block",
            new Npgsql.PostgresException("current transaction is aborted, commands ignored until end of transaction block", "ERROR", "ERROR", "25P02"));

        factory.CreateLogger("Quartz.Impl.AdoJobStore.MisfireHandler").Log(LogLevel.Error, new EventId(3607), "Error handling misfires", aborted, (state, _) => state);
        factory.CreateLogger("Quartz.Core.ErrorLogger").Log(LogLevel.Error, new EventId(1080), "An error occurred during retry (scheduler: regimen-monitor)", aborted, (state, _) => state);
        // our own code's 25P02 keeps its level and stack: a statement of ours sent into an aborted transaction is a bug
        factory.CreateLogger("RegimenMonitor.Worker.Alerts.AlertDispatcher").Log(LogLevel.Error, default, "dispatch", aborted, (state, _) => state);

        var warnings = captured.Entries.Where(e => e.Level == LogLevel.Warning).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Null(w.Exception));
        Assert.All(warnings, w => Assert.EndsWith("25P02: current transaction is aborted, commands ignored until end of transaction block", w.Message, StringComparison.Ordinal));
        Assert.Single(captured.Entries, e => e.Level == LogLevel.Error && e.Category.EndsWith("AlertDispatcher", StringComparison.Ordinal) && e.Exception is not null);
    }

    [Theory]
    // found by an independent fault probe: on the embedded SQLite default a full disk or a file another process held
    // locked was logged with its whole stack at Error on every dispatch run and retry (1,250 lines in 72 s)
    [InlineData(13, "SQLite Error 13: 'database or disk is full'.")]
    [InlineData(5, "SQLite Error 5: 'database is locked'.")]
    [InlineData(8, "SQLite Error 8: 'attempt to write a readonly database'.")]
    [InlineData(6, "SQLite Error 6: 'database table is locked'.")]
    [InlineData(10, "SQLite Error 10: 'disk I/O error'.")]
    [InlineData(14, "SQLite Error 14: 'unable to open database file'.")]
    public void A_sqlite_file_that_is_full_locked_or_read_only_is_one_warning_line_per_entry(int code, string message)
    {
        var captured = new Capture();
        using var provider = Logging(LogLevel.Information, captured);
        var factory = provider.GetRequiredService<ILoggerFactory>();
        var refusing = new Microsoft.Data.Sqlite.SqliteException(message, code);

        factory.CreateLogger("MassTransit.ReceiveTransport").Log(LogLevel.Warning, default, "R-RETRY rabbitmq://host/regimen-monitor.medication-dispensed", refusing, (state, _) => state);
        factory.CreateLogger("RegimenMonitor.Worker.Alerts.AlertDispatchJob").Log(LogLevel.Error, default, "Alert dispatch failed", refusing, (state, _) => state);
        factory.CreateLogger("Quartz.Impl.AdoJobStore.JobStoreTX").Log(LogLevel.Error, default, "Failed to obtain DB connection from data source 'quartz'",
            new InvalidOperationException("wrapped", refusing), (state, _) => state);
        // a constraint violation is a fault in what was asked, not the file: its stack stays
        factory.CreateLogger("RegimenMonitor.Worker.Alerts.AlertDispatchJob").Log(LogLevel.Error, default, "Alert dispatch failed",
            new Microsoft.Data.Sqlite.SqliteException("SQLite Error 19: 'UNIQUE constraint failed'.", 19), (state, _) => state);

        var lines = captured.Entries.Where(e => e.Level == LogLevel.Warning).ToList();
        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.Null(l.Exception));
        Assert.All(lines, l => Assert.Contains(message, l.Message, StringComparison.Ordinal));
        Assert.Single(captured.Entries, e => e.Level == LogLevel.Error && e.Exception is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: 19 });
    }

    [Fact]
    public void Messages_retried_while_the_database_is_away_and_ef_cores_causeless_errors_are_no_stack_floods()
    {
        var captured = new Capture();
        using var provider = Logging(LogLevel.Information, captured);
        var factory = provider.GetRequiredService<ILoggerFactory>();
        var refusing = new Npgsql.PostgresException("database \"regimen\" is not currently accepting connections", "FATAL", "FATAL", "55000");

        // MassTransit's retry of each message in flight: one Warning line with the cause, no stack
        factory.CreateLogger("MassTransit.ReceiveTransport").Log(LogLevel.Warning, default, "R-RETRY rabbitmq://host/regimen-monitor.medication-dispensed", refusing, (state, _) => state);
        // EF Core's entries for the same failure, without the exception (the retry above names the cause): Debug only
        factory.CreateLogger("Microsoft.EntityFrameworkCore.Database.Connection").Log(LogLevel.Error, new EventId(20004), "An error occurred using the connection to database 'regimen'", null, (state, _) => state);
        factory.CreateLogger("Microsoft.EntityFrameworkCore.Database.Command").Log(LogLevel.Error, new EventId(20102), "Failed executing DbCommand (12ms)", null, (state, _) => state);
        factory.CreateLogger("Microsoft.EntityFrameworkCore.Database.Transaction").Log(LogLevel.Error, new EventId(20205), "An error occurred using a transaction.", null, (state, _) => state);
        // a retry for a fault in what was asked keeps its stack; another EF Core error keeps its level
        factory.CreateLogger("MassTransit.ReceiveTransport").Log(LogLevel.Warning, default, "R-RETRY", new InvalidOperationException("bug"), (state, _) => state);
        factory.CreateLogger("Microsoft.EntityFrameworkCore.Update").Log(LogLevel.Error, new EventId(10000), "An exception occurred in the database while saving changes", null, (state, _) => state);

        // a replica's concurrent write to the same patient, retried: one line too (probe-fault10 L1)
        factory.CreateLogger("MassTransit.ReceiveTransport").Log(LogLevel.Warning, default, "R-RETRY rabbitmq://host/regimen-monitor.supplement-reported",
            new Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException("1 of 1 patient(s) changed since they were read in this group"), (state, _) => state);

        var race = Assert.Single(captured.Entries, e => e.Message.StartsWith("R-RETRY rabbitmq://host/regimen-monitor.supplement-reported", StringComparison.Ordinal));
        Assert.Equal((LogLevel.Warning, (Exception?)null), (race.Level, race.Exception));
        Assert.EndsWith(": 1 of 1 patient(s) changed since they were read in this group", race.Message, StringComparison.Ordinal);
        var retry = Assert.Single(captured.Entries, e => e.Message.StartsWith("R-RETRY rabbitmq://host/regimen-monitor.medication-dispensed", StringComparison.Ordinal));
        Assert.Equal((LogLevel.Warning, (Exception?)null), (retry.Level, retry.Exception));
        Assert.EndsWith(": 55000: database \"regimen\" is not currently accepting connections", retry.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(captured.Entries, e => e.Category.StartsWith("Microsoft.EntityFrameworkCore.Database", StringComparison.Ordinal));
        Assert.Single(captured.Entries, e => e.Level == LogLevel.Warning && e.Exception is InvalidOperationException { Message: "bug" });
        Assert.Single(captured.Entries, e => e.Level == LogLevel.Error && e.Category == "Microsoft.EntityFrameworkCore.Update");
    }

    [Theory]
    [InlineData(LogLevel.Information, false)]
    [InlineData(LogLevel.Debug, true)]
    public void An_unreachable_broker_is_one_line_per_attempt_with_its_causes(LogLevel minimum, bool expectDebug)
    {
        var captured = new Capture();
        using var provider = Logging(minimum, captured);
        var bus = provider.GetRequiredService<ILoggerFactory>().CreateLogger("MassTransit");

        var refused = new MassTransit.RabbitMqConnectionException("Broker unreachable: user@host:1/",
            new RabbitMQ.Client.Exceptions.BrokerUnreachableException(new AggregateException(new System.Net.Sockets.SocketException(111))));
        bus.Log(LogLevel.Warning, default, "Connection Failed: rabbitmq://host:1/", refused, (state, _) => state);
        bus.Log(LogLevel.Warning, default, "Bus start canceled: rabbitmq://host:1/", new OperationCanceledException(), (state, _) => state);
        bus.Log(LogLevel.Warning, default, "Failed to stop bus: rabbitmq://host:1/bus?temporary=true (Not Started)", null, (state, _) => state);
        bus.Log(LogLevel.Warning, default, "Failed to stop bus: rabbitmq://host:1/bus?temporary=true (Faulted)", null, (state, _) => state);

        var warnings = captured.Entries.Where(e => e.Level == LogLevel.Warning).ToList();
        Assert.Equal(3, warnings.Count);
        Assert.All(warnings, w => Assert.Null(w.Exception));
        Assert.StartsWith("Connection Failed: rabbitmq://host:1/: Broker unreachable: user@host:1/ | ", warnings[0].Message, StringComparison.Ordinal);
        Assert.Contains("None of the specified endpoints were reachable", warnings[0].Message, StringComparison.Ordinal);
        Assert.Equal("Bus start canceled: rabbitmq://host:1/: The operation was canceled.", warnings[1].Message);
        Assert.EndsWith("(Faulted)", warnings[2].Message, StringComparison.Ordinal); // only the stop of a bus that never started is demoted
        var debug = captured.Entries.Where(e => e.Level == LogLevel.Debug).ToList();
        Assert.Equal(expectDebug ? 3 : 0, debug.Count); // the two stacks and the not-started stop
        Assert.Equal(expectDebug ? 2 : 0, debug.Count(e => e.Exception is not null));
    }

    [Fact]
    public void A_connection_the_broker_closed_is_a_warning_line_per_entry_without_stacks()
    {
        var captured = new Capture();
        using var provider = Logging(LogLevel.Information, captured);
        var transport = provider.GetRequiredService<ILoggerFactory>().CreateLogger("MassTransit.ReceiveTransport");

        // the consumer channel shut down by the broker (logged at Error for each message it held) and the acknowledgements
        // that could not be sent (T-FAULT with the stack); the messages are delivered again
        var forced = new RabbitMQ.Client.Exceptions.OperationInterruptedException(
            new RabbitMQ.Client.Events.ShutdownEventArgs(RabbitMQ.Client.ShutdownInitiator.Peer, 320, "CONNECTION_FORCED - Closed via management plugin"));
        transport.Log(LogLevel.Error, default, "Consumer Channel Shutdown: rabbitmq://host/regimen-monitor.medication-dispensed - amq.ctag-1", forced, (state, _) => state);
        transport.Log(LogLevel.Error, default, "T-FAULT rabbitmq://host/regimen-monitor.medication-dispensed 1a5a0000",
            new System.Threading.Channels.ChannelClosedException(), (state, _) => state);
        // a transport fault for another reason keeps its level and stack
        transport.Log(LogLevel.Error, default, "T-FAULT rabbitmq://host/x", new InvalidOperationException("bug"), (state, _) => state);
        // an acknowledgement cancelled by the stop (probe-fault10 M1: 1,024 Error stacks): Debug only, the message comes again
        transport.Log(LogLevel.Error, default, "T-FAULT rabbitmq://host/regimen-monitor.medication-dispensed 1a5b0000", new OperationCanceledException(), (state, _) => state);

        var warnings = captured.Entries.Where(e => e.Level == LogLevel.Warning).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Null(w.Exception));
        Assert.Contains("CONNECTION_FORCED", warnings[0].Message, StringComparison.Ordinal);
        Assert.EndsWith(": The channel has been closed.", warnings[1].Message, StringComparison.Ordinal);
        Assert.Single(captured.Entries, e => e.Level == LogLevel.Error && e.Exception is InvalidOperationException { Message: "bug" });
        Assert.DoesNotContain(captured.Entries, e => e.Message.Contains("1a5b0000", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unhealthy_readiness_check_is_a_warning_per_probe_not_an_error()
    {
        var captured = new Capture();
        using var provider = Logging(LogLevel.Information, captured);
        var health = provider.GetRequiredService<ILoggerFactory>().CreateLogger(RejectionLogDemotion.HealthCheckCategory);

        health.Log(LogLevel.Error, new EventId(103, "HealthCheckEnd"), "Health check masstransit-bus with status Unhealthy completed after 0.1ms with message 'Not ready: not started'", null, (state, _) => state);
        health.Log(LogLevel.Warning, new EventId(103, "HealthCheckEnd"), "Health check database with status Degraded completed after 1ms", null, (state, _) => state);
        // another category's Error stays one
        provider.GetRequiredService<ILoggerFactory>().CreateLogger("Microsoft.Extensions.Hosting.Internal.Host").Log(LogLevel.Error, default, "host error", null, (state, _) => state);

        Assert.Equal(2, captured.Entries.Count(e => e.Level == LogLevel.Warning && e.Category == RejectionLogDemotion.HealthCheckCategory));
        Assert.Contains(captured.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("Not ready: not started", StringComparison.Ordinal));
        Assert.Single(captured.Entries, e => e.Level == LogLevel.Error);
    }

    [Theory]
    [InlineData(LogLevel.Information, 0)]
    [InlineData(LogLevel.Debug, 1)]
    public void A_failing_readiness_checks_exception_is_no_stack_per_probe(LogLevel minimum, int atDebug)
    {
        // found by an independent fault probe: MassTransit's check carries the broker's connection failure, and every
        // probe printed its stack at Warning while the broker was away at start
        var captured = new Capture();
        using var provider = Logging(minimum, captured);
        var health = provider.GetRequiredService<ILoggerFactory>().CreateLogger(RejectionLogDemotion.HealthCheckCategory);
        var failure = new InvalidOperationException("Broker unreachable", new System.Net.Sockets.SocketException(111));

        health.Log(LogLevel.Warning, new EventId(103, "HealthCheckEnd"), "Health check masstransit-bus with status Degraded completed after 0.3ms", failure, (state, _) => state);
        health.Log(LogLevel.Error, new EventId(103, "HealthCheckEnd"), "Health check database with status Unhealthy completed after 2001ms", failure, (state, _) => state);

        var warnings = captured.Entries.Where(e => e.Level == LogLevel.Warning).ToList();
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, e => Assert.Null(e.Exception));
        Assert.Equal(2 * atDebug, captured.Entries.Count(e => e.Level == LogLevel.Debug && e.Exception == failure));
    }

    private static ServiceProvider Logging(LogLevel minimum, Capture captured)
    {
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(minimum).AddProvider(captured));
        services.AddRejectionLogDemotion();
        return services.BuildServiceProvider();
    }

    private static void Write(ILogger logger, LogLevel level, Exception? exception) =>
        logger.Log(level, default, "entry", exception, (state, _) => state);

    private sealed class SerializationLikeException(Exception inner) : Exception("wrapped", inner);

    private sealed class Capture : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, Exception? Exception, string Message)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(Capture owner, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Enqueue((category, logLevel, exception, formatter(state, exception)));
        }
    }
}
