namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>A test on the real pipeline: its own broker vhost, its own PostgreSQL database, one worker host.</summary>
public abstract class PipelineTest : IAsyncLifetime
{
    internal RabbitMqTestBroker Broker { get; private set; } = null!;

    internal PostgresTestDatabase Database { get; private set; } = null!;

    internal WorkerTestHost Worker { get; private set; } = null!;

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        Broker = await RabbitMqTestBroker.CreateAsync(Ct);
        Database = await PostgresTestDatabase.CreateAsync(Ct);
        Worker = await WorkerTestHost.StartAsync(Broker.AmqpUri, Database.ConnectionString, Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await Worker.DisposeAsync();
        await Broker.DisposeAsync();
        await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
