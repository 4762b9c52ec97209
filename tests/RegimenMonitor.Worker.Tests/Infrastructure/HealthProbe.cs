using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RegimenMonitor.Worker.Infrastructure.Health;

namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>One answer of a health endpoint: HTTP status, overall status and each check's status and description.</summary>
internal sealed record HealthAnswer(HttpStatusCode Code, string Status, IReadOnlyDictionary<string, (string Status, string Description)> Checks);

/// <summary>Calls the worker's real health listener over HTTP, on the port it actually bound.</summary>
internal sealed class HealthProbe : IDisposable
{
    private readonly HttpClient _http;

    public HealthProbe(WorkerTestHost worker)
    {
        var listener = worker.Host.Services.GetRequiredService<HealthListener>();
        var address = Assert.Single(listener.Addresses);
        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(address.Host)), $"listening on loopback, not {address}");
        _http = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task<HealthAnswer> GetAsync(string path, CancellationToken ct)
    {
        using var response = await _http.GetAsync(path, ct);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        var checks = json.RootElement.GetProperty("checks").EnumerateArray().ToDictionary(
            c => c.GetProperty("name").GetString()!,
            c => (c.GetProperty("status").GetString()!, c.GetProperty("description").GetString() ?? string.Empty));
        return new HealthAnswer(response.StatusCode, json.RootElement.GetProperty("status").GetString()!, checks);
    }

    /// <summary>Polls until the endpoint answers with <paramref name="code"/> (state changes take a moment to be seen).</summary>
    public async Task<HealthAnswer> WaitForAsync(string path, HttpStatusCode code, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var answer = await GetAsync(path, ct);
            if (answer.Code == code)
            {
                return answer;
            }

            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"{path} still answers {(int)answer.Code} {answer.Status}: {string.Join("; ", answer.Checks.Select(c => $"{c.Key}={c.Value.Status} ({c.Value.Description})"))}");
            }

            await Task.Delay(250, ct);
        }
    }

    public void Dispose() => _http.Dispose();
}
