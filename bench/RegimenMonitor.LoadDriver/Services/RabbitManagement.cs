using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace RegimenMonitor.LoadDriver.Services;

/// <summary>The RabbitMQ management HTTP API: virtual hosts for the runs, versions, queue depths and consumers.</summary>
internal sealed class RabbitManagement : IDisposable
{
    private readonly HttpClient _http;
    private readonly string _user;

    public RabbitManagement(Uri managementUri, Uri amqpUri)
    {
        ArgumentNullException.ThrowIfNull(managementUri);
        ArgumentNullException.ThrowIfNull(amqpUri);
        var userInfo = amqpUri.UserInfo.Split(':', 2);
        _user = Uri.UnescapeDataString(userInfo[0]);
        var password = userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : string.Empty;
        _http = new HttpClient { BaseAddress = managementUri, Timeout = TimeSpan.FromSeconds(15) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{_user}:{password}")));
    }

    /// <summary>RabbitMQ and Erlang versions; throws <see cref="ServiceUnavailableException"/> with what to do.</summary>
    public async Task<(string RabbitMq, string Erlang)> VersionsAsync(CancellationToken ct)
    {
        try
        {
            using var response = await _http.GetAsync("api/overview", ct);
            if (response.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
            {
                throw new ServiceUnavailableException(
                    $"RabbitMQ management API at {_http.BaseAddress} refused user '{_user}' ({(int)response.StatusCode}): the user needs the administrator tag to create virtual hosts.");
            }

            response.EnsureSuccessStatusCode();
            var overview = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
            return (overview?["rabbitmq_version"]?.GetValue<string>() ?? "?", overview?["erlang_version"]?.GetValue<string>() ?? "?");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            throw new ServiceUnavailableException(
                $"cannot reach the RabbitMQ management API at {_http.BaseAddress} ({ex.Message}). Start the services with `bash scripts/services.sh` "
                + "or point --rabbitmq-management at a broker with the rabbitmq_management plugin.", ex);
        }
    }

    public async Task CreateVirtualHostAsync(string name, CancellationToken ct)
    {
        (await _http.PutAsync($"api/vhosts/{Uri.EscapeDataString(name)}", null, ct)).EnsureSuccessStatusCode();
        var permissions = JsonContent.Create(new { configure = ".*", write = ".*", read = ".*" });
        (await _http.PutAsync($"api/permissions/{Uri.EscapeDataString(name)}/{Uri.EscapeDataString(_user)}", permissions, ct)).EnsureSuccessStatusCode();
    }

    public async Task DeleteVirtualHostAsync(string name)
    {
        using var response = await _http.DeleteAsync($"api/vhosts/{Uri.EscapeDataString(name)}");
        if (response.StatusCode != System.Net.HttpStatusCode.NotFound)
        {
            response.EnsureSuccessStatusCode();
        }
    }

    /// <summary>
    /// Every queue of a virtual host: name, messages (ready + unacknowledged) and consumers. Empty while the broker is
    /// unreachable or still loading its virtual hosts (a restart on a shared machine): callers poll again.
    /// </summary>
    public async Task<IReadOnlyList<QueueState>> QueuesAsync(string virtualHost, CancellationToken ct)
    {
        HttpResponseMessage response;
        try
        {
            response = await _http.GetAsync($"api/queues/{Uri.EscapeDataString(virtualHost)}?columns=name,messages,messages_ready,messages_unacknowledged,consumers", ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return [];
        }

        using var _ = response;
        if (response.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.ServiceUnavailable)
        {
            return [];
        }

        response.EnsureSuccessStatusCode();
        var array = await response.Content.ReadFromJsonAsync<JsonArray>(ct) ?? [];
        return [.. array.OfType<JsonObject>().Select(q => new QueueState(
            q["name"]?.GetValue<string>() ?? string.Empty,
            q["messages"]?.GetValue<long>() ?? 0,
            q["messages_ready"]?.GetValue<long>() ?? 0,
            q["messages_unacknowledged"]?.GetValue<long>() ?? 0,
            q["consumers"]?.GetValue<int>() ?? 0))];
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A queue as the management API last sampled it (its counters refresh every few seconds).</summary>
internal sealed record QueueState(string Name, long Messages, long Ready, long Unacknowledged, int Consumers);
