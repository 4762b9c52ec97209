using Testcontainers.RabbitMq;
using RegimenMonitor.Worker.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(RabbitMqFixture))]

namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>The broker the tests use (one per test process; each test then takes its own virtual host).</summary>
/// <param name="Amqp">AMQP URI of the default virtual host, with the credentials of an administrator.</param>
/// <param name="Management">Base address of the management HTTP API.</param>
/// <param name="Source">Where it came from (a container cannot be stopped with <c>rabbitmqctl</c>).</param>
internal sealed record RabbitMqEndpoint(Uri Amqp, Uri Management, ServiceSourceKind Source);

/// <summary>
/// The RabbitMQ fixture (an xunit assembly fixture): <c>RM_TEST_RABBITMQ</c> (and <c>RM_TEST_RABBITMQ_MANAGEMENT</c>,
/// default: the AMQP host on port 15672) win; else, if a Docker engine answers, one <c>rabbitmq:3.13-management</c>
/// container is started on first use and removed when the run ends; else every test that asks for the broker is
/// skipped with the reason. Resolved lazily, so a run of tests that need no broker starts nothing.
/// </summary>
public sealed class RabbitMqFixture : IAsyncLifetime
{
    internal const string Variable = "RM_TEST_RABBITMQ";
    internal const string ManagementVariable = "RM_TEST_RABBITMQ_MANAGEMENT";
    internal const string Image = "rabbitmq:3.13-management";
    private const int ManagementPort = 15672;

    private static RabbitMqFixture? s_current;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private RabbitMqContainer? _container;
    private RabbitMqEndpoint? _endpoint;
    private ServiceSource? _source;

    public ValueTask InitializeAsync()
    {
        s_current = this;
        return ValueTask.CompletedTask;
    }

    /// <summary>The broker, or the test is skipped (xunit's dynamic skip) with the reason there is none.</summary>
    internal static async Task<RabbitMqEndpoint> RequireAsync(CancellationToken ct)
    {
        var fixture = s_current ?? throw new InvalidOperationException("the RabbitMQ assembly fixture has not been initialised");
        var endpoint = await fixture.ResolveAsync(ct);
        if (endpoint is null)
        {
            Assert.Skip(fixture._source!.SkipReason!);
        }

        return endpoint;
    }

    /// <summary>The broker resolved by an earlier <see cref="RequireAsync"/> (for synchronous helpers).</summary>
    internal static RabbitMqEndpoint Resolved =>
        s_current?._endpoint ?? throw new InvalidOperationException("ask RabbitMqFixture.RequireAsync (RabbitMqTestBroker.CreateAsync) first");

    /// <summary>The endpoint named by the environment: the management API defaults to the AMQP host on 15672.</summary>
    internal static RabbitMqEndpoint FromEnvironment(string amqp, string? management) =>
        new(new Uri(amqp), new Uri(string.IsNullOrWhiteSpace(management) ? $"http://{new Uri(amqp).Host}:{ManagementPort}/" : management.Trim()),
            ServiceSourceKind.Environment);

    private async Task<RabbitMqEndpoint?> ResolveAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (_source is not null)
            {
                return _endpoint;
            }

            var source = ServiceSource.Choose("RabbitMQ", Variable, Environment.GetEnvironmentVariable(Variable), () => DockerGate.Available);
            if (source.Kind == ServiceSourceKind.Environment)
            {
                _endpoint = FromEnvironment(source.Value!, Environment.GetEnvironmentVariable(ManagementVariable));
            }
            else if (source.Kind == ServiceSourceKind.Container)
            {
                var container = new RabbitMqBuilder(Image)
                    .WithUsername("regimen_test")
                    .WithPassword("regimen_test")
                    .WithPortBinding(ManagementPort, assignRandomHostPort: true)
                    .Build();
                _container = container;
                await container.StartAsync(ct);
                var endpoint = new RabbitMqEndpoint(new Uri(container.GetConnectionString()),
                    new Uri($"http://{container.Hostname}:{container.GetMappedPublicPort(ManagementPort)}/"), ServiceSourceKind.Container);
                await WaitForManagementAsync(endpoint, ct);
                _endpoint = endpoint;
            }

            _source = source;
            return _endpoint;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>The container is "started" once AMQP listens; the management API may answer a moment later.</summary>
    private static async Task WaitForManagementAsync(RabbitMqEndpoint endpoint, CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = endpoint.Management, Timeout = TimeSpan.FromSeconds(5) };
        var user = Uri.UnescapeDataString(endpoint.Amqp.UserInfo.Split(':')[0]);
        var password = Uri.UnescapeDataString(endpoint.Amqp.UserInfo.Split(':', 2)[1]);
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue(
            "Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var response = await http.GetAsync("api/overview", ct);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (DateTimeOffset.UtcNow < deadline)
            {
                // not listening yet
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested && DateTimeOffset.UtcNow < deadline)
            {
                // the request timed out
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new TimeoutException("the RabbitMQ container's management API did not answer within 60 s");
            }

            await Task.Delay(250, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        _gate.Dispose();
    }
}
