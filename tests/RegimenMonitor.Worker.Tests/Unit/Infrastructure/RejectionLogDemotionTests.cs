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
        var services = new ServiceCollection();
        services.AddLogging(b => b.SetMinimumLevel(minimum).AddProvider(captured));
        services.AddRejectionLogDemotion();
        using var provider = services.BuildServiceProvider();
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

    private static void Write(ILogger logger, LogLevel level, Exception? exception) =>
        logger.Log(level, default, "entry", exception, (state, _) => state);

    private sealed class SerializationLikeException(Exception inner) : Exception("wrapped", inner);

    private sealed class Capture : ILoggerProvider
    {
        public ConcurrentQueue<(string Category, LogLevel Level, Exception? Exception)> Entries { get; } = new();

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
                owner.Entries.Enqueue((category, logLevel, exception));
        }
    }
}
