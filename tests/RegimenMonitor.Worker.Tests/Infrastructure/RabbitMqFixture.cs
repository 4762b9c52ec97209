using Testcontainers.RabbitMq;
using RegimenMonitor.Worker.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(RabbitMqFixture))]

namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>The broker the tests use (one per test process; each test then takes its own virtual host).</summary>
/// <param name="Amqp">AMQP URI of the default virtual host, with the credentials of an administrator.</param>
/// <param name="Management">Base address of the management HTTP API.</param>
/// <param name="Source">Where it came from (a container cannot be stopped with <c>rabbitmqctl</c>).</param>
public sealed record RabbitMqEndpoint(Uri Amqp, Uri Management, ServiceSourceKind Source);

/// <summary>
/// The RabbitMQ fixture: <c>RM_TEST_RABBITMQ</c> (and <c>RM_TEST_RABBITMQ_MANAGEMENT</c>, default: the AMQP host on port
/// 15672) win; else a <c>rabbitmq:3.13-management</c> container; else a skip (<see cref="ServiceFixture{TValue}"/>).
/// Each test then takes its own virtual host (<see cref="RabbitMqTestBroker"/>).
/// </summary>
public sealed class RabbitMqFixture : ServiceFixture<RabbitMqEndpoint>
{
    internal const string Variable = "RM_TEST_RABBITMQ";
    internal const string ManagementVariable = "RM_TEST_RABBITMQ_MANAGEMENT";
    internal const string Image = "rabbitmq:3.13-management";
    private const int ManagementPort = 15672;

    private static RabbitMqFixture? s_current;

    public override ValueTask InitializeAsync()
    {
        s_current = this;
        return ValueTask.CompletedTask;
    }

    /// <summary>The broker, or the test is skipped (xunit's dynamic skip) with the reason there is none.</summary>
    internal static Task<RabbitMqEndpoint> RequireAsync(CancellationToken ct) =>
        (s_current ?? throw new InvalidOperationException("the RabbitMQ assembly fixture has not been initialised")).RequireValueAsync(ct);

    /// <summary>The broker resolved by an earlier <see cref="RequireAsync"/> (for synchronous helpers).</summary>
    internal static RabbitMqEndpoint Resolved =>
        s_current?.Value ?? throw new InvalidOperationException("ask RabbitMqFixture.RequireAsync (RabbitMqTestBroker.CreateAsync) first");

    /// <summary>The endpoint named by the environment: the management API defaults to the AMQP host on 15672.</summary>
    internal static RabbitMqEndpoint FromEnvironment(string amqp, string? management) =>
        new(new Uri(amqp), new Uri(string.IsNullOrWhiteSpace(management) ? $"http://{new Uri(amqp).Host}:{ManagementPort}/" : management.Trim()),
            ServiceSourceKind.Environment);

    private protected override ServiceSource Choose() =>
        ServiceSource.Choose("RabbitMQ", Variable, Environment.GetEnvironmentVariable(Variable), () => DockerGate.Available);

    private protected override RabbitMqEndpoint FromEnvironment(string value) =>
        FromEnvironment(value, Environment.GetEnvironmentVariable(ManagementVariable));

    private protected override async Task<(RabbitMqEndpoint Value, IAsyncDisposable Container)> StartContainerAsync(CancellationToken ct)
    {
        var container = new RabbitMqBuilder(Image)
            .WithUsername("regimen_test")
            .WithPassword("regimen_test")
            .WithPortBinding(ManagementPort, assignRandomHostPort: true)
            .Build();
        await container.StartAsync(ct);
        var endpoint = new RabbitMqEndpoint(new Uri(container.GetConnectionString()),
            new Uri($"http://{container.Hostname}:{container.GetMappedPublicPort(ManagementPort)}/"), ServiceSourceKind.Container);
        await WaitForManagementAsync(endpoint, ct);
        return (endpoint, container);
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
}
