namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>
/// The real pipeline (own vhost, own database, one worker) with OpenTelemetry export turned on, through the standard
/// OTEL_* settings given as configuration, towards an <see cref="OtlpTestCollector"/> inside the test.
/// </summary>
internal sealed class ExportingPipeline : IAsyncDisposable
{
    private bool _workerStopped;

    private ExportingPipeline(OtlpTestCollector collector, RabbitMqTestBroker broker, PostgresTestDatabase database, WorkerTestHost worker)
    {
        Collector = collector;
        Broker = broker;
        Database = database;
        Worker = worker;
    }

    public OtlpTestCollector Collector { get; }

    public RabbitMqTestBroker Broker { get; }

    public PostgresTestDatabase Database { get; }

    public WorkerTestHost Worker { get; }

    public static async Task<ExportingPipeline> StartAsync(string protocol, CancellationToken ct, IDictionary<string, string?>? extra = null)
    {
        var collector = await OtlpTestCollector.StartAsync(ct);
        var broker = await RabbitMqTestBroker.CreateAsync(ct);
        var database = await PostgresTestDatabase.CreateAsync(ct);
        var settings = collector.WorkerSettings(protocol);
        // our Information logs (start-up) are exported; the console stays quiet
        settings["Logging:LogLevel:Default"] = "Information";
        settings["Logging:Console:LogLevel:Default"] = "None";
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        var worker = await WorkerTestHost.StartAsync(broker.AmqpUri, database.ConnectionString, ct, settings);
        return new ExportingPipeline(collector, broker, database, worker);
    }

    /// <summary>Stops the worker: its providers flush everything still buffered to the collector.</summary>
    public async Task StopWorkerAsync()
    {
        if (!_workerStopped)
        {
            _workerStopped = true;
            await Worker.DisposeAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopWorkerAsync();
        await Broker.DisposeAsync();
        await Database.DisposeAsync();
        await Collector.DisposeAsync();
    }
}
