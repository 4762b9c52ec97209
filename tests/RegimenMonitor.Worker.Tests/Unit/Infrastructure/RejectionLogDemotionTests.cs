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
