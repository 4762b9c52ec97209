namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>
/// What the service fixtures (xunit assembly fixtures) share: the service is resolved once, on first use, by
/// <see cref="ServiceSource.Choose"/> — the environment variable wins; else, if a Docker engine answers, one
/// Testcontainers container is started and removed when the run ends; else every test that asks for the service is
/// skipped with the reason. Resolved lazily, so a run of tests that need no such service starts nothing.
/// </summary>
/// <typeparam name="TValue">What a test needs of the service (a connection string, an endpoint).</typeparam>
public abstract class ServiceFixture<TValue> : IAsyncLifetime
    where TValue : class
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IAsyncDisposable? _container;
    private ServiceSource? _source;

    /// <summary>The service resolved by an earlier <see cref="RequireValueAsync"/>; null before that or when skipped.</summary>
    private protected TValue? Value { get; private set; }

    public abstract ValueTask InitializeAsync();

    /// <summary>Where the service comes from: <see cref="ServiceSource.Choose"/> with its name and variable.</summary>
    private protected abstract ServiceSource Choose();

    /// <summary>The service named by the environment variable's value.</summary>
    private protected abstract TValue FromEnvironment(string value);

    /// <summary>Starts a container; returns the service in it and the container (disposed when the run ends).</summary>
    private protected abstract Task<(TValue Value, IAsyncDisposable Container)> StartContainerAsync(CancellationToken ct);

    /// <summary>The service, or the test is skipped (xunit's dynamic skip) with the reason there is none.</summary>
    private protected async Task<TValue> RequireValueAsync(CancellationToken ct)
    {
        var value = await ResolveAsync(ct);
        if (value is null)
        {
            Assert.Skip(_source!.SkipReason!);
        }

        return value;
    }

    private async Task<TValue?> ResolveAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_source is not null)
            {
                return Value;
            }

            var source = Choose();
            if (source.Kind == ServiceSourceKind.Environment)
            {
                Value = FromEnvironment(source.Value!);
            }
            else if (source.Kind == ServiceSourceKind.Container)
            {
                var (value, container) = await StartContainerAsync(ct);
                _container = container;
                Value = value;
            }

            _source = source;
            return Value;
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        _gate.Dispose();
        GC.SuppressFinalize(this);
    }
}
