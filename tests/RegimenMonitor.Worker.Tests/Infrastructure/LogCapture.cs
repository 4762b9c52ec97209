using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>
/// A logger provider that keeps every entry as a sink receives it: level, formatted message, exception and the state's
/// fields (what a structured sink such as the OTLP exporter writes).
/// </summary>
internal sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<LogEntry> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var fields = state is IEnumerable<KeyValuePair<string, object?>> pairs ? pairs.ToList() : [];
            owner.Entries.Enqueue(new LogEntry(logLevel, formatter(state, exception), exception, fields));
        }
    }
}

/// <summary>One captured entry.</summary>
internal sealed record LogEntry(LogLevel Level, string Message, Exception? Exception, List<KeyValuePair<string, object?>> Fields)
{
    /// <summary>Everything a sink could write: the message, the exception as text and every field.</summary>
    public string Text => string.Join("\n", [Message, Exception?.ToString() ?? string.Empty, .. Fields.Select(f => $"{f.Key}={f.Value}")]);
}
