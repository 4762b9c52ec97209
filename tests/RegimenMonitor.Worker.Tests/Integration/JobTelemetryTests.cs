using System.Collections.Concurrent;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Quartz;
using RegimenMonitor.Worker.Alerts;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>
/// Job runs are observed by the worker's Quartz job listener, not by the jobs: a failing run is logged (event 2010)
/// with the job's own exception, and the job runs normally at its next firing. On the embedded profile (SQLite, the
/// in-memory transport and scheduler); the failure is a database command refused by an interceptor the test adds.
/// </summary>
public sealed class JobTelemetryTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_failing_job_run_is_logged_with_its_own_exception_and_the_next_firing_runs_normally()
    {
        var path = Path.Combine(Path.GetTempPath(), $"rm-jobs-{Guid.NewGuid():N}.db");
        var refuse = new RefuseDeletes();
        var logs = new Capture();
        var runs = new Completions();
        try
        {
            var builder = RegimenMonitorHost.CreateBuilder([], HostRole.Worker, new Dictionary<string, string?>
            {
                ["Database:Provider"] = "Sqlite",
                ["ConnectionStrings:Database"] = $"Data Source={path};Pooling=False",
                ["Health:Enabled"] = "false",
                ["Logging:LogLevel:Default"] = "Warning",
            });
            builder.Services.AddSingleton<ILoggerProvider>(logs);
            builder.Services.AddSingleton<IJobListener>(runs);
            builder.Services.ConfigureDbContext<RegimenDbContext>(o => o.AddInterceptors(refuse));
            using var host = builder.Build();
            await host.StartAsync(Ct);
            try
            {
                var scheduler = await host.Services.GetRequiredService<ISchedulerFactory>().GetScheduler(Ct);

                refuse.Refusing = true;
                await scheduler.TriggerJob(new JobKey(RetentionJob.Name), Ct);
                var first = await runs.NextAsync(RetentionJob.Name, Wait);
                Assert.NotNull(first.Exception);
                Assert.False(first.RetryScheduled); // not retried at once: it runs again at its next firing
                var failed = await logs.WaitForAsync(2010, Wait);
                Assert.Equal(LogLevel.Error, failed.Level);
                Assert.Equal($"Job {RetentionJob.Name} failed; it runs again at its next firing", failed.Message);
                // the job's own exception, not the scheduler's wrapper of it
                var exception = Assert.IsType<InvalidOperationException>(failed.Exception);
                Assert.Equal(RefuseDeletes.Reason, exception.Message);

                refuse.Refusing = false;
                await scheduler.TriggerJob(new JobKey(RetentionJob.Name), Ct);
                var second = await runs.NextAsync(RetentionJob.Name, Wait);
                Assert.Null(second.Exception);
                Assert.Single(logs.Entries, e => e.EventId == 2010);
            }
            finally
            {
                await host.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Fails every DELETE while <see cref="Refusing"/> (only the retention job deletes here).</summary>
    private sealed class RefuseDeletes : DbCommandInterceptor
    {
        public const string Reason = "simulated: the database refused the purge";

        public volatile bool Refusing;

        public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(
            DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default) =>
            Refusing && command.CommandText.TrimStart().StartsWith("DELETE", StringComparison.OrdinalIgnoreCase)
                ? throw new InvalidOperationException(Reason)
                : ValueTask.FromResult(result);
    }

    /// <summary>Every completed job run, with the exception it ended with (null when it succeeded).</summary>
    private sealed class Completions : IJobListener
    {
        private readonly ConcurrentQueue<(string Job, Exception? Exception, bool RetryScheduled)> _completed = new();

        public string Name => nameof(Completions);

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
        {
            _completed.Enqueue((context.JobDetail.Key.Name, jobException, context.RetryScheduled));
            return ValueTask.CompletedTask;
        }

        /// <summary>Waits for the next completed run of <paramref name="job"/>: its exception (or null), and whether Quartz retries it.</summary>
        public async Task<(Exception? Exception, bool RetryScheduled)> NextAsync(string job, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (true)
            {
                while (_completed.TryDequeue(out var run))
                {
                    if (run.Job == job)
                    {
                        return (run.Exception, run.RetryScheduled);
                    }
                }

                Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for a run of {job}");
                await Task.Delay(50, Ct);
            }
        }
    }

    private sealed class Capture : ILoggerProvider
    {
        public ConcurrentQueue<(int EventId, LogLevel Level, string Message, Exception? Exception)> Entries { get; } = new();

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        /// <summary>The first entry with <paramref name="eventId"/> (listeners may be told in any order).</summary>
        public async Task<(int EventId, LogLevel Level, string Message, Exception? Exception)> WaitForAsync(int eventId, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (!Entries.Any(e => e.EventId == eventId))
            {
                Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for log event {eventId}");
                await Task.Delay(50, Ct);
            }

            return Assert.Single(Entries, e => e.EventId == eventId);
        }

        public void Dispose()
        {
        }

        private sealed class Logger(Capture owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                owner.Entries.Enqueue((eventId.Id, logLevel, formatter(state, exception), exception));
        }
    }
}
