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
/// logged by MassTransit as <c>S-FAULT</c> on every retry): the dispatcher logs it once per attempt as
/// <c>AlertUnroutable</c> (event 2011), with the outbox id and routing key. Every other MassTransit entry, and every
/// other category, passes unchanged.
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

    private sealed class Factory(LoggerFactory inner) : ILoggerFactory
    {
        public ILogger CreateLogger(string categoryName)
        {
            var logger = inner.CreateLogger(categoryName);
            return categoryName.StartsWith("MassTransit", StringComparison.Ordinal) ? new Demoting(logger) : logger;
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

            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
