using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.Json;
using System.Text;

namespace RegimenMonitor.Worker.Tests.Infrastructure;

/// <summary>
/// A private virtual host on the real RabbitMQ for one test, driven through the management HTTP API exactly as a
/// non-.NET publisher would use it. Deleted on dispose.
/// </summary>
internal sealed class RabbitMqTestBroker : IAsyncDisposable
{
    private readonly HttpClient _http;

    private RabbitMqTestBroker(HttpClient http, string virtualHost)
    {
        _http = http;
        VirtualHost = virtualHost;
    }

    public string VirtualHost { get; }

    public string AmqpUri => TestServices.AmqpForVirtualHost(VirtualHost);

    private string V => Uri.EscapeDataString(VirtualHost);

    /// <summary>A new virtual host on the fixture's broker; skips the test when there is no broker (see <see cref="RabbitMqFixture"/>).</summary>
    public static async Task<RabbitMqTestBroker> CreateAsync(CancellationToken ct)
    {
        await RabbitMqFixture.RequireAsync(ct);
        var http = new HttpClient { BaseAddress = TestServices.RabbitMqManagement, Timeout = TimeSpan.FromSeconds(30) };
        var token = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{TestServices.RabbitUser}:{TestServices.RabbitPassword}"));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", token);
        var broker = new RabbitMqTestBroker(http, "rm-test-" + Guid.NewGuid().ToString("N")[..12]);
        (await http.PutAsync($"api/vhosts/{broker.V}", null, ct)).EnsureSuccessStatusCode();
        var permissions = JsonContent.Create(new { configure = ".*", write = ".*", read = ".*" });
        (await http.PutAsync($"api/permissions/{broker.V}/{Uri.EscapeDataString(TestServices.RabbitUser)}", permissions, ct)).EnsureSuccessStatusCode();
        return broker;
    }

    /// <summary>
    /// As <see cref="CreateAsync"/>, for a test that stops and starts the broker with <c>rabbitmqctl</c>: that needs the
    /// broker the environment names, on this machine; with a container broker the test is skipped.
    /// </summary>
    public static async Task<RabbitMqTestBroker> CreateRestartableAsync(CancellationToken ct)
    {
        var endpoint = await RabbitMqFixture.RequireAsync(ct);
        if (endpoint.Source != ServiceSourceKind.Environment)
        {
            Assert.Skip($"stops the broker with rabbitmqctl: needs the local broker named by {RabbitMqFixture.Variable}, not a container");
        }

        return await CreateAsync(ct);
    }

    /// <summary>
    /// The broker node's disk free limit in bytes and whether its disk alarm is on, as the management API reports them
    /// (its statistics lag a few seconds behind <c>rabbitmqctl set_disk_free_limit</c>). For a few seconds after the
    /// node starts (a restart test just before) the node is listed without these statistics: waits up to 30 s for them.
    /// </summary>
    public async Task<(long Limit, bool Alarm)> DiskAsync(CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var nodes = await _http.GetFromJsonAsync<JsonArray>("api/nodes", ct);
            var node = Assert.Single(nodes!)!;
            if (node["disk_free_limit"] is { } limit && node["disk_free_alarm"] is { } alarm)
            {
                return (limit.GetValue<long>(), alarm.GetValue<bool>());
            }

            Assert.True(DateTime.UtcNow < deadline, $"the broker node reported no disk statistics within 30 s: {node.ToJsonString()}");
            await Task.Delay(250, ct);
        }
    }

    /// <summary>Publishes a body to an exchange through the management API; returns whether it was routed.</summary>
    public async Task<bool> PublishAsync(string exchange, string body, CancellationToken ct, string? contentType = "application/json",
        string routingKey = "", IDictionary<string, object>? headers = null, string? messageId = null)
    {
        var properties = new Dictionary<string, object> { ["delivery_mode"] = 2, ["headers"] = headers ?? new Dictionary<string, object>() };
        if (contentType is not null)
        {
            properties["content_type"] = contentType;
        }

        if (messageId is not null)
        {
            properties["message_id"] = messageId;
        }

        var request = new { properties, routing_key = routingKey, payload = body, payload_encoding = "string" };
        using var response = await _http.PostAsJsonAsync($"api/exchanges/{V}/{Uri.EscapeDataString(exchange)}/publish", request, ct);
        response.EnsureSuccessStatusCode();
        var result = await response.Content.ReadFromJsonAsync<JsonObject>(ct);
        return result?["routed"]?.GetValue<bool>() == true;
    }

    /// <summary>Takes (and acknowledges) up to <paramref name="count"/> messages from a queue.</summary>
    public async Task<IReadOnlyList<BrokerMessage>> GetAsync(string queue, int count, CancellationToken ct)
    {
        var request = new { count, ackmode = "ack_requeue_false", encoding = "auto" };
        using var response = await _http.PostAsJsonAsync($"api/queues/{V}/{Uri.EscapeDataString(queue)}/get", request, ct);
        if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
        {
            return [];
        }

        response.EnsureSuccessStatusCode();
        var array = await response.Content.ReadFromJsonAsync<JsonArray>(ct) ?? [];
        return array.Select(m => new BrokerMessage(
            m!["payload"]!.GetValue<string>(),
            m["routing_key"]?.GetValue<string>() ?? string.Empty,
            (m["properties"]?["headers"] as JsonObject)?.ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? string.Empty) ?? [],
            m["properties"]?["message_id"]?.GetValue<string>(),
            m["properties"]?["content_type"]?.GetValue<string>())).ToList();
    }

    /// <summary>Polls a queue until <paramref name="count"/> messages have been taken or the timeout passes.</summary>
    public async Task<List<BrokerMessage>> WaitForMessagesAsync(string queue, int count, TimeSpan timeout, CancellationToken ct)
    {
        var taken = new List<BrokerMessage>();
        var deadline = DateTime.UtcNow + timeout;
        while (taken.Count < count && DateTime.UtcNow < deadline)
        {
            try
            {
                taken.AddRange(await GetAsync(queue, count - taken.Count, ct));
            }
            catch (HttpRequestException ex) when (ex.StatusCode is System.Net.HttpStatusCode.BadRequest or System.Net.HttpStatusCode.InternalServerError
                                                  && DateTime.UtcNow < deadline)
            {
                // a queue the worker is declaring at this moment (a quorum queue without its leader yet, e.g. MassTransit's
                // _error queue created by the first fault) answers 400 for a moment, or 500 while its process starts: not
                // there yet, poll again
            }

            if (taken.Count < count)
            {
                await Task.Delay(200, ct);
            }
        }

        return taken;
    }

    /// <summary>Declares a durable exchange as the worker does (so a test can bind before the worker's first publish).</summary>
    public async Task DeclareExchangeAsync(string exchange, string type, CancellationToken ct) =>
        (await _http.PutAsJsonAsync($"api/exchanges/{V}/{Uri.EscapeDataString(exchange)}",
            new { type, durable = true, auto_delete = false }, ct)).EnsureSuccessStatusCode();

    /// <summary>A durable queue bound to <c>care.regimen-alerts</c> with <paramref name="bindingKey"/>, like a care team's.</summary>
    public async Task SubscribeToAlertsAsync(string queue, string bindingKey, CancellationToken ct)
    {
        await DeclareExchangeAsync(Contracts.RegimenAlertRaised.ExchangeName, "topic", ct);
        await DeclareQueueAsync(queue, Contracts.RegimenAlertRaised.ExchangeName, bindingKey, ct);
    }

    public async Task DeclareQueueAsync(string queue, string exchange, string bindingKey, CancellationToken ct)
    {
        (await _http.PutAsJsonAsync($"api/queues/{V}/{Uri.EscapeDataString(queue)}", new { durable = true, auto_delete = false }, ct)).EnsureSuccessStatusCode();
        (await _http.PostAsJsonAsync($"api/bindings/{V}/e/{Uri.EscapeDataString(exchange)}/q/{Uri.EscapeDataString(queue)}",
            new { routing_key = bindingKey }, ct)).EnsureSuccessStatusCode();
    }

    /// <summary>The exchange as the management API describes it (type, durable, …); null when it does not exist.</summary>
    public async Task<JsonObject?> GetExchangeAsync(string exchange, CancellationToken ct)
    {
        using var response = await _http.GetAsync($"api/exchanges/{V}/{Uri.EscapeDataString(exchange)}", ct);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>(ct) : null;
    }

    /// <summary>
    /// True once <paramref name="exchange"/> routes somewhere (MassTransit binds a wire exchange to its endpoint's
    /// exchange, which it bound to the queue first). Before that, a publish to the exchange is dropped.
    /// </summary>
    public async Task<bool> RoutesAsync(string exchange, CancellationToken ct)
    {
        using var response = await _http.GetAsync($"api/exchanges/{V}/{Uri.EscapeDataString(exchange)}/bindings/source", ct);
        return response.IsSuccessStatusCode && (await response.Content.ReadFromJsonAsync<JsonArray>(ct))?.Count > 0;
    }

    /// <summary>Closes every client connection of this virtual host, as an operator does in the management UI; returns how many.</summary>
    public async Task<int> CloseConnectionsAsync(CancellationToken ct)
    {
        var connections = await _http.GetFromJsonAsync<JsonArray>($"api/vhosts/{V}/connections", ct) ?? [];
        foreach (var connection in connections)
        {
            using var closed = await _http.DeleteAsync($"api/connections/{Uri.EscapeDataString((string)connection!["name"]!)}", ct);
        }

        return connections.Count;
    }

    /// <summary>
    /// The client-provided name (<c>connection_name</c>) and state (<c>running</c>, <c>blocking</c>, <c>blocked</c>, …)
    /// of every client connection of this virtual host. The management API refreshes them every few seconds.
    /// </summary>
    public async Task<IReadOnlyList<(string? Name, string? State)>> ConnectionsAsync(CancellationToken ct)
    {
        var connections = await _http.GetFromJsonAsync<JsonArray>($"api/vhosts/{V}/connections", ct) ?? [];
        return connections.Select(c => ((string?)c!["client_properties"]?["connection_name"], (string?)c["state"])).ToList();
    }

    public async Task<JsonObject?> GetQueueAsync(string queue, CancellationToken ct)
    {
        using var response = await _http.GetAsync($"api/queues/{V}/{Uri.EscapeDataString(queue)}", ct);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>(ct) : null;
    }

    /// <summary>
    /// Polls until the broker has counted <paramref name="count"/> acknowledgements on a queue (every delivery handled,
    /// duplicates included). The management API refreshes these statistics every few seconds, so this waits for them
    /// rather than sleeping a fixed time.
    /// </summary>
    public async Task WaitForAcknowledgedAsync(string queue, long count, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        long acked = 0;
        while ((acked = (await GetQueueAsync(queue, ct))?["message_stats"]?["ack"]?.GetValue<long>() ?? 0) < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{queue}: {acked} of {count} deliveries acknowledged");
            await Task.Delay(250, ct);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var _ = await _http.DeleteAsync($"api/vhosts/{V}");
        }
        catch (HttpRequestException)
        {
            // the broker may be restarting in a failure test; a leftover test vhost is harmless
        }

        _http.Dispose();
    }
}

internal sealed record BrokerMessage(string Payload, string RoutingKey, IReadOnlyDictionary<string, string> Headers, string? MessageId, string? ContentType = null)
{
    public JsonDocument Json() => JsonDocument.Parse(Payload);
}
