using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Infrastructure.Messaging;

namespace RegimenMonitor.Worker.Infrastructure.Observability;

/// <summary>
/// One log line per rejected message. <see cref="RejectedEventObserver"/> logs it (event type, message id, the
/// reason naming the field; never a value) at Warning. MassTransit logs every fault again, as <c>R-FAULT</c> at Error
/// with the exception's stack; for an <see cref="InvalidEventException"/> — bad input, not a fault of the worker —
/// this demotes MassTransit's entry to Debug, so the stack is there when asked for and a stream of bad messages does
/// not flood the error log. The same for an alert the broker returned as unroutable (<see cref="MassTransit.MessageReturnedException"/>,
/// logged by MassTransit as <c>S-FAULT</c> on every retry): the dispatcher logs the batch's unroutable alerts as one
/// <c>AlertsUnroutable</c> warning (event 2016, by routing key), each alert's outbox id at Debug (event 2011). A broker that cannot be reached is logged
/// by MassTransit on every reconnection attempt with the whole exception; a publish cancelled because the process
/// is stopping (logged as <c>S-FAULT</c> with the stack) goes to Debug, its caller saying what happened; those entries (and the bus start cancelled at
/// Messaging:StartTimeout) keep their level but carry the causes on one line instead of the stack (the stack stays at
/// Debug), and the "Failed to stop bus (Not Started)" that
/// follows a start that never connected goes to Debug. A database that goes away for a moment (a restart, a dropped
/// connection, a database not accepting connections) is logged the same way by EF Core, Quartz and our own jobs and
/// services (a failed command, a job that threw, the scheduler's error entry, the terminology refresh, each with the
/// whole stack): those entries become one Warning line each with the causes, the stack at Debug; the job runs again at
/// its next firing and the consumers retry. Every other entry of these categories, and every other category, passes
/// unchanged, except that in every category a database error's quoted row values are taken out
/// (<see cref="DatabaseErrorRedaction"/>). The health-check service's Error for an unhealthy readiness check is a
/// Warning.
/// </summary>
internal static class RejectionLogDemotion
{
    /// <summary>Wraps the host's logger factory (loggers for <c>MassTransit*</c> categories only).</summary>
    public static void AddRejectionLogDemotion(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Singleton<ILoggerFactory>(sp => new Factory(new LoggerFactory(
            sp.GetServices<ILoggerProvider>(),
            sp.GetRequiredService<IOptionsMonitor<LoggerFilterOptions>>(),
            sp.GetService<IOptions<LoggerFactoryOptions>>(),
            sp.GetService<IExternalScopeProvider>()))));
    }

    internal static bool IsRejection(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is InvalidEventException or MassTransit.MessageReturnedException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A failure to reach or keep the broker connection (MassTransit's or the RabbitMQ client's exception).</summary>
    internal static bool IsBrokerConnection(Exception? exception) =>
        exception is not null && NetworkErrors.Chain(exception).Any(e =>
            e is MassTransit.RabbitMqConnectionException || e.GetType().Namespace?.StartsWith("RabbitMQ.Client", StringComparison.Ordinal) == true);

    /// <summary>
    /// The acknowledgement of a message whose consumer channel the broker closed (a dropped or closed connection):
    /// MassTransit logs <c>T-FAULT</c> with the stack for each; the message is delivered again.
    /// </summary>
    internal static bool IsClosedChannel(Exception exception) =>
        NetworkErrors.Chain(exception).Any(e => e is System.Threading.Channels.ChannelClosedException);

    /// <summary>
    /// A database connection that failed or dropped (a transient provider error: PostgreSQL restarting or shutting a
    /// session down, a refused or reset socket), or a database that takes no writes now (a primary demoted in a failover,
    /// a standby: SQLSTATE 25006), as opposed to an error in what was asked of it.
    /// </summary>
    internal static bool IsDatabaseConnection(Exception? exception) =>
        exception is not null && NetworkErrors.Chain(exception).Any(e =>
            e is System.Data.Common.DbException { IsTransient: true } or System.Net.Sockets.SocketException
            || (e is Npgsql.PostgresException postgres
                && (PostgresOutageClasses.Contains(postgres.SqlState[..2], StringComparer.Ordinal) || postgres.SqlState == PostgresReadOnly))
            || e is Microsoft.Data.Sqlite.SqliteException { SqliteErrorCode: var code } && SqliteOutageCodes.Contains(code));

    /// <summary>
    /// The SQLite result codes that say the file is away or refusing this worker, as PostgreSQL's outage classes do
    /// (the same the SQLite dialect retries as an outage): busy (5) or locked (6) by another connection or process,
    /// read-only (8), an I/O error (10), full (13), cannot be opened (14). Until 2026-12-08 they were logged with their
    /// whole stack at Error on every dispatch run and retry, 1,250 lines in 72 s of a full disk (found by an
    /// independent fault probe), where PostgreSQL's were one line each.
    /// </summary>
    internal static readonly int[] SqliteOutageCodes = [5, 6, 8, 10, 13, 14];

    /// <summary>
    /// read_only_sql_transaction: what every write gets from a primary demoted in a failover or a hot standby, for as
    /// long as the failover takes. Until it counted as an outage such events had the ordinary retries (about 15 s) and
    /// then went to <c>_error</c>, and the review sweep resolved alerts for refills that were waiting there (found by an
    /// independent fault probe). No statement of ours asks for a read-only transaction, so it is never the event's fault.
    /// </summary>
    internal const string PostgresReadOnly = "25006";

    /// <summary>
    /// The SQLSTATE classes that say PostgreSQL is away or refusing this worker: connection exceptions (08), login
    /// refused (28), no such database (3D), insufficient resources (53), not accepting connections (55000) or a lock
    /// (55P03), an operator's intervention (57: shutting down, starting up), the server's system errors (58).
    /// </summary>
    internal static readonly string[] PostgresOutageClasses = ["08", "28", "3D", "53", "55", "57", "58"];

    /// <summary>The messages of an exception and its inner ones, on one line.</summary>
    internal static string Causes(Exception exception) =>
        string.Join(" | ", NetworkErrors.Chain(exception).Select(e => FirstLine(DatabaseErrorRedaction.Redact(e.Message))).Distinct(StringComparer.Ordinal));

    // a message that embeds its inner exception whole, stack included (Quartz's "Failed to obtain DB connection from
    // data source 'quartz': Npgsql.PostgresException …\n   at …"): its first line; the inner one is a cause of its own
    private static string FirstLine(string message) =>
        message.IndexOfAny(['\r', '\n']) is var end and >= 0 ? message[..end].TrimEnd() : message;

    /// <summary>
    /// The entry at <paramref name="level"/> as one line with the causes, and with its stack at Debug. Its message is
    /// cut to its first line: EF Core writes the whole exception, stack and all, into the message of its
    /// SaveChangesFailed (10000) and QueryIterationFailed (10100) entries, so the message alone would carry the stack.
    /// </summary>
    private static void OneLine<TState>(ILogger inner, LogLevel level, EventId eventId, TState state, Exception exception, Func<TState, Exception?, string> formatter)
    {
        inner.Log(level, eventId, state, null, (st, _) => $"{FirstLine(formatter(st, exception)).TrimEnd().TrimEnd('.', ':')}: {Causes(exception)}");
        if (inner.IsEnabled(LogLevel.Debug))
        {
            inner.Log(LogLevel.Debug, eventId, state, exception, formatter);
        }
    }

    private sealed class Factory(LoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName)
        {
            // every category: row values out of database errors (EF Core logs them whole, MassTransit with each fault)
            var logger = new Redacting(inner.CreateLogger(categoryName));
            if (categoryName.StartsWith("MassTransit", StringComparison.Ordinal))
            {
                return new Demoting(logger);
            }

            if (categoryName == HealthCheckCategory)
            {
                return new UnhealthyAsWarning(logger);
            }

            // our own jobs and services too (the terminology refresh, the alert jobs): an outage is one line each
            return categoryName.StartsWith("Quartz", StringComparison.Ordinal) || categoryName.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal)
                   || categoryName.StartsWith("RegimenMonitor", StringComparison.Ordinal)
                ? new DatabaseOutage(logger, categoryName)
                : logger;
        }

        public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

        public void Dispose() => inner.Dispose();
    }

    private sealed class Demoting(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel > LogLevel.Debug && IsRejection(exception))
            {
                logLevel = LogLevel.Debug;
                if (!inner.IsEnabled(logLevel))
                {
                    return;
                }
            }

            if (logLevel > LogLevel.Debug && exception is not null
                && (IsBrokerConnection(exception) || (exception is OperationCanceledException && formatter(state, exception).StartsWith("Bus start", StringComparison.Ordinal))
                    || (IsClosedChannel(exception) && formatter(state, exception).StartsWith("T-FAULT", StringComparison.Ordinal))))
            {
                // the connection comes back by itself and the unacknowledged messages are delivered again: a warning
                // (a consumer channel shut down by the broker is logged once per message it held, at Error)
                OneLine(inner, logLevel > LogLevel.Warning ? LogLevel.Warning : logLevel, eventId, state, exception, formatter);
                return;
            }

            // a message retried because the database is away (R-RETRY, one per message in flight): one line with the causes;
            // so is a retry after a replica wrote the same patient meanwhile (DbUpdateConcurrencyException, an expected race
            // the retry resolves; found with its stack at Warning by an independent fault probe). A retry for anything else
            // keeps its stack: it may be a fault of ours
            if (logLevel > LogLevel.Debug && exception is not null
                && (IsDatabaseConnection(exception)
                    || (logLevel <= LogLevel.Warning && NetworkErrors.Chain(exception).Any(e => e is Microsoft.EntityFrameworkCore.DbUpdateConcurrencyException)
                        && formatter(state, exception).StartsWith("R-RETRY", StringComparison.Ordinal))))
            {
                OneLine(inner, LogLevel.Warning, eventId, state, exception, formatter);
                return;
            }

            // an acknowledgement cancelled because the process is stopping (T-FAULT, OperationCanceledException in BasicAck,
            // one per message a consumer still held: 1,024 Error stacks at a stop after a broker restart, found by an
            // independent fault probe): the broker delivers those messages again, and a duplicate changes nothing
            if (logLevel > LogLevel.Debug && exception is not null && exception is OperationCanceledException
                && formatter(state, exception).StartsWith("T-FAULT", StringComparison.Ordinal))
            {
                logLevel = LogLevel.Debug;
                if (!inner.IsEnabled(logLevel))
                {
                    return;
                }
            }

            // a publish cancelled because the process is stopping (a verb interrupted, the worker shutting down): the
            // caller reports it (replay's "interrupted", the dispatcher's retry); MassTransit's S-FAULT stack only at Debug
            if (logLevel > LogLevel.Debug && exception is not null && NetworkErrors.Chain(exception).Any(e => e is OperationCanceledException)
                && formatter(state, exception).StartsWith("S-FAULT", StringComparison.Ordinal))
            {
                logLevel = LogLevel.Debug;
                if (!inner.IsEnabled(logLevel))
                {
                    return;
                }
            }

            if (logLevel == LogLevel.Warning && exception is null && NotStartedStop(formatter(state, null)))
            {
                logLevel = LogLevel.Debug;
                if (!inner.IsEnabled(logLevel))
                {
                    return;
                }
            }

            inner.Log(logLevel, eventId, state, exception, formatter);
        }

        private static bool NotStartedStop(string message) =>
            message.StartsWith("Failed to stop bus", StringComparison.Ordinal) && message.EndsWith("(Not Started)", StringComparison.Ordinal);
    }

    /// <summary>
    /// An entry whose exception holds a database error that quotes row values (<see cref="DatabaseErrorRedaction"/>)
    /// is written with them taken out: of the exception, of the message (EF Core puts the whole exception in it) and of
    /// the fields a structured sink exports. Every other entry passes unchanged.
    /// </summary>
    private sealed class Redacting(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel))
            {
                return;
            }

            var redacted = DatabaseErrorRedaction.Exception(exception);
            if (ReferenceEquals(redacted, exception))
            {
                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }

            var message = DatabaseErrorRedaction.Redact(formatter(state, exception));
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs
                ? pairs.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value switch
                {
                    string text => DatabaseErrorRedaction.Redact(text),
                    Exception e => DatabaseErrorRedaction.Redact(e.ToString()),
                    _ => p.Value,
                })).ToList()
                : [];
            inner.Log(logLevel, eventId, new RedactedState(fields, message), redacted, static (s, _) => s.Message);
        }
    }

    /// <summary>The health-check service's category: it logs every unhealthy check of every probe at Error.</summary>
    internal const string HealthCheckCategory = "Microsoft.Extensions.Diagnostics.HealthChecks.DefaultHealthCheckService";

    /// <summary>
    /// A readiness check that fails (the bus not started yet, the database away) is a state the probe reports and the
    /// worker recovers from by itself, logged with its cause by the part concerned: one Warning line per probe, not an
    /// Error every few seconds for as long as it lasts, and without the check's exception, whose stack goes to Debug (an
    /// independent fault probe: MassTransit's check carried the broker's connection failure, 3,212 stack lines in a
    /// minute of a broker away at start with a probe every second).
    /// </summary>
    private sealed class UnhealthyAsWarning(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel == LogLevel.Error ? LogLevel.Warning : logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var level = logLevel == LogLevel.Error ? LogLevel.Warning : logLevel;
            if (exception is null || level < LogLevel.Warning)
            {
                inner.Log(level, eventId, state, exception, formatter);
                return;
            }

            if (ReferenceEquals(DatabaseErrorRedaction.Exception(exception), exception))
            {
                inner.Log(level, eventId, state, null, formatter);
            }
            else
            {
                // without its exception the redacting logger below would not know the entry holds row values: taken out here
                // (a review), the fields with them (only the message is written)
                var message = DatabaseErrorRedaction.Redact(formatter(state, exception));
                inner.Log(level, eventId, message, null, static (m, _) => m);
            }

            if (inner.IsEnabled(LogLevel.Debug))
            {
                inner.Log(LogLevel.Debug, eventId, state, exception, formatter);
            }
        }
    }

    /// <summary>A redacted entry's fields (for structured sinks) and its message.</summary>
    private sealed class RedactedState(IReadOnlyList<KeyValuePair<string, object?>> fields, string message) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public string Message { get; } = message;

        public int Count => fields.Count;

        public KeyValuePair<string, object?> this[int index] => fields[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => fields.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => Message;
    }

    /// <summary>
    /// EF Core's connection, command and transaction errors (events 20004, 20102 and 20205) logged without the
    /// exception: the failure is logged again, with its causes, by whoever receives it (the consumer's retry, the writer,
    /// the job), so these entries, one per connection attempt for as long as the database is away, go to Debug (20205
    /// found at Error by an independent fault probe, for each session <c>pg_terminate_backend</c> ended).
    /// </summary>
    internal static bool IsEfCoreErrorWithoutCause(string category, EventId eventId, Exception? exception) =>
        exception is null
        && ((category == "Microsoft.EntityFrameworkCore.Database.Connection" && eventId.Id == 20004)
            || (category == "Microsoft.EntityFrameworkCore.Database.Command" && eventId.Id == 20102)
            || (category == "Microsoft.EntityFrameworkCore.Database.Transaction" && eventId.Id == 20205));

    /// <summary>
    /// in_failed_sql_transaction: a statement sent in a transaction an earlier error aborted. Quartz's job store gets it
    /// for its row lock after the database refused a write in the same transaction (a database turned read-only, found
    /// by an independent fault probe: 31 Error entries with stacks in 8 minutes); the first error is the outage.
    /// </summary>
    internal const string PostgresAbortedTransaction = "25P02";

    /// <summary>Quartz's entries for a transaction an outage aborted (<see cref="PostgresAbortedTransaction"/>).</summary>
    internal static bool IsQuartzAbortedTransaction(string category, Exception? exception) =>
        category.StartsWith("Quartz", StringComparison.Ordinal) && exception is not null
        && NetworkErrors.Chain(exception).Any(e => e is Npgsql.PostgresException { SqlState: PostgresAbortedTransaction });

    /// <summary>
    /// An entry whose failure is logged again, with its causes, by whoever receives it, so at Debug: EF Core's failed
    /// save or query (events 10000 and 10100) while the database is away or refuses writes for want of a resource (the
    /// consumer's retry line, the writer's, the job's event 2010 tell it), and Quartz's two entries for a job that threw
    /// (<c>JobRunShell</c> "threw an unhandled Exception", <c>ErrorLogger</c> "threw an exception."), which event 2010
    /// tells. Found by an independent fault probe: a 73-s full disk wrote 767 warnings (577 of them EF Core's), and every
    /// failed dispatch run three or four lines that said the same.
    /// </summary>
    internal static bool IsReportedByItsReceiver(string category, EventId eventId, string message, Exception? exception) =>
        exception is not null
        && (((category == "Microsoft.EntityFrameworkCore.Update" && eventId.Id == 10000) || (category == "Microsoft.EntityFrameworkCore.Query" && eventId.Id == 10100))
                && IsDatabaseConnection(exception)
            || (category == "Quartz.Core.JobRunShell" && message.StartsWith("Job ", StringComparison.Ordinal) && message.Contains(" threw an unhandled Exception", StringComparison.Ordinal))
            || (category == "Quartz.Core.ErrorLogger" && message.StartsWith("Job ", StringComparison.Ordinal) && message.EndsWith(" threw an exception.", StringComparison.Ordinal)));

    private sealed class DatabaseOutage(ILogger inner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel > LogLevel.Debug && exception is not null && (category.StartsWith("Quartz.Core", StringComparison.Ordinal) || category.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal))
                && IsReportedByItsReceiver(category, eventId, formatter(state, exception), exception))
            {
                logLevel = LogLevel.Debug;
                if (!inner.IsEnabled(logLevel))
                {
                    return;
                }

                inner.Log(logLevel, eventId, state, exception, formatter);
                return;
            }

            if (logLevel >= LogLevel.Warning && (IsDatabaseConnection(exception) || IsQuartzAbortedTransaction(category, exception)))
            {
                OneLine(inner, LogLevel.Warning, eventId, state, exception!, formatter);
                return;
            }

            if (logLevel > LogLevel.Debug && IsEfCoreErrorWithoutCause(category, eventId, exception))
            {
                logLevel = LogLevel.Debug;
                if (!inner.IsEnabled(logLevel))
                {
                    return;
                }
            }

            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
