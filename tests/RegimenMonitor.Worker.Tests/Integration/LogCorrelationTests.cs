using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>Log lines lead to their trace: the host's loggers see the current trace and span ids as a scope, and the console prints scopes.</summary>
public sealed class LogCorrelationTests
{
    [Fact]
    public void A_log_written_inside_a_span_carries_its_trace_and_span_ids_and_the_console_prints_them()
    {
        var recorder = new ScopeRecorder();
        var builder = RegimenMonitorHost.CreateBuilder([], HostRole.Tool, new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Information" });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(recorder);
        using var host = builder.Build();
        Assert.True(host.Services.GetRequiredService<IOptionsMonitor<SimpleConsoleFormatterOptions>>().CurrentValue.IncludeScopes);
        Assert.True(host.Services.GetRequiredService<IOptionsMonitor<JsonConsoleFormatterOptions>>().CurrentValue.IncludeScopes);

        using var source = new ActivitySource("log-correlation-test");
        using var listener = new ActivityListener
        {
            ShouldListenTo = s => s.Name == source.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
        };
        ActivitySource.AddActivityListener(listener);
        using (var activity = source.StartActivity("work"))
        {
            Assert.NotNull(activity);
            var logger = host.Services.GetRequiredService<ILogger<LogCorrelationTests>>();
            Log.Started(logger, MessagingTransport.InMemory, DatabaseProvider.Sqlite, "test");
            var scope = Assert.Single(recorder.Scopes);
            Assert.Equal(activity.TraceId.ToHexString(), scope["TraceId"]);
            Assert.Equal(activity.SpanId.ToHexString(), scope["SpanId"]);
        }
    }

    private sealed class ScopeRecorder : ILoggerProvider, ISupportExternalScope
    {
        private IExternalScopeProvider? _scopes;

        public List<Dictionary<string, string?>> Scopes { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Recorder(this);

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

        public void Dispose()
        {
        }

        private sealed class Recorder(ScopeRecorder owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => owner._scopes?.Push(state);

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                owner._scopes?.ForEachScope((scope, list) =>
                {
                    if (scope is IEnumerable<KeyValuePair<string, object?>> pairs && pairs.Any(p => p.Key == "TraceId"))
                    {
                        list.Add(pairs.ToDictionary(p => p.Key, p => p.Value?.ToString()));
                    }
                }, owner.Scopes);
            }
        }
    }
}
