using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;

namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>The real worker host, composed exactly as Program.cs does, pointed at a test vhost and database.</summary>
internal sealed class WorkerTestHost : IAsyncDisposable
{
    private WorkerTestHost(IHost host) => Host = host;

    public IHost Host { get; }

    public static async Task<WorkerTestHost> StartAsync(string amqpUri, string postgres, CancellationToken ct,
        IDictionary<string, string?>? extra = null, Action<IServiceCollection>? services = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:RabbitMq"] = amqpUri,
            ["ConnectionStrings:Database"] = postgres,
            ["Database:Provider"] = "PostgreSql",
            ["Messaging:RetryLimit"] = "20",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Health:Urls"] = "http://127.0.0.1:0", // hosts run side by side: each health listener on a free port
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var builder = RegimenMonitorHost.CreateBuilder([], HostRole.Worker, settings);
        services?.Invoke(builder.Services);
        var host = builder.Build();
        await host.StartAsync(ct);
        return new WorkerTestHost(host);
    }

    public async Task<T> QueryAsync<T>(Func<RegimenDbContext, Task<T>> query)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<RegimenDbContext>());
    }

    public Task<int> ProcessedCountAsync() => QueryAsync(db => db.ProcessedEvents.CountAsync());

    /// <summary>Waits until the inbox holds <paramref name="count"/> rows (every distinct event committed).</summary>
    public async Task WaitForProcessedAsync(int count, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (await ProcessedCountAsync() < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"timed out: {await ProcessedCountAsync()} of {count} events committed");
            }

            await Task.Delay(100, ct);
        }
    }

    public Task<PatientRecord?> PatientAsync(string patientRef) =>
        QueryAsync(db => db.Patients.AsNoTracking().Include(p => p.Items).SingleOrDefaultAsync(p => p.PatientRef == patientRef));

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync(CancellationToken.None);
        Host.Dispose();
    }
}
