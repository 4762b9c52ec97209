using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Cli;

/// <summary>
/// <c>regimen-monitor health [--live]</c>: asks a running worker's health listener (the first of
/// <c>Health:Urls</c>, a wildcard host asked on loopback) for <c>/health/ready</c> (or <c>/health/live</c>) and exits
/// 0 when it answers 200, 1 otherwise. The container image's HEALTHCHECK; needs no curl in the image.
/// </summary>
internal static class HealthVerb
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(CliContext context, bool live, CancellationToken ct)
    {
        // the configuration as every verb reads and checks it (a misspelt key, a value that does not parse or is out of
        // range, in any section: exit 2 with the fix), so a typo is named here, not mistaken for a worker that is down
        HealthOptions options;
        using (var host = RegimenMonitorHost.CreateBuilder(context.HostArguments(), HostRole.Tool).Build())
        {
            ServiceChecks.ValidateConfiguration(host.Services);
            options = host.Services.GetRequiredService<IOptions<HealthOptions>>().Value;
        }

        if (!options.Enabled || options.UrlList.Count == 0)
        {
            throw new CliException("the health listener is disabled (Health:Enabled=false or Health:Urls empty), so there is nothing to ask.",
                "enable it (Health__Enabled=true, Health__Urls=http://0.0.0.0:8080 in a container), or remove the health check.", ExitCodes.Usage);
        }

        var address = Local(options.UrlList[0]);
        var path = live ? "/health/live" : "/health/ready";
        using var http = new HttpClient { Timeout = Timeout };
        // the whole exchange, the answer's body included, within the timeout (HttpClient's own covers the headers only
        // once the body is read as a stream)
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Timeout);
        try
        {
            using var response = await http.GetAsync(new Uri(address, path), HttpCompletionOption.ResponseHeadersRead, deadline.Token);
            // read up to MaxBody: an answer that never ends was buffered to 860 MB in 5 s, then reported as no answer
            // (found by an independent edge probe); the worker's is about 1 KB
            var body = await ReadBoundedAsync(response.Content, deadline.Token);
            if (body is null || !IsHealthResponse(body))
            {
                // another program on that port (a web server's page, a proxy's error): not ours to print or to trust
                var type = response.Content.Headers.ContentType?.MediaType ?? "no content type";
                throw new CliException(
                    $"{new Uri(address, path)} answered {(int)response.StatusCode} ({type}){(body is null ? $" with more than {MaxBody / 1024} KiB," : ", but")} not with a RegimenMonitor health response: another program is listening there.",
                    "point Health__Urls at the worker's health listener (the same Health__Urls the worker runs with), or move the other program.",
                    ExitCodes.Failure);
            }

            await context.Output.WriteLineAsync(body);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return ExitCodes.Success;
            }

            await context.Error.WriteLineAsync($"regimen-monitor health: {new Uri(address, path)} answered {(int)response.StatusCode}: not {(live ? "live" : "ready")} (the checks above say which part).");
            return ExitCodes.Failure;
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException && !ct.IsCancellationRequested)
        {
            var why = ex is HttpRequestException && NetworkErrors.Describe(NetworkErrors.Chain(ex).ToList()) is { } network
                ? $": {network}" // refused, unknown host: said at once, not after the timeout
                : ex is IOException
                    ? ": the connection closed before the answer was complete" // read as a stream since the bounded read (a review)
                    : $" within {Timeout.TotalSeconds:F0} s";
            throw new CliException($"no health listener answered at {address}{why}.",
                "is the worker running (`regimen-monitor run`)? This verb must see the same Health__Urls as the worker.", ExitCodes.Failure, ex);
        }
    }

    /// <summary>The most of an answer's body this verb reads: the worker's is about 1 KB.</summary>
    internal const int MaxBody = 64 * 1024;

    /// <summary>The body as UTF-8 text, or null when it is longer than <see cref="MaxBody"/> (the rest is not read).</summary>
    private static async Task<string?> ReadBoundedAsync(HttpContent content, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        var buffer = new byte[MaxBody + 1];
        var length = 0;
        int read;
        while (length < buffer.Length && (read = await stream.ReadAsync(buffer.AsMemory(length), ct)) > 0)
        {
            length += read;
        }

        return length > MaxBody ? null : System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }

    /// <summary>The worker's answer: a JSON object with a <c>status</c> string and a <c>checks</c> array.</summary>
    internal static bool IsHealthResponse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("status", out var status) && status.ValueKind == JsonValueKind.String
                && root.TryGetProperty("checks", out var checks) && checks.ValueKind == JsonValueKind.Array;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>A listener on all interfaces (0.0.0.0, *, +, [::]) is asked on loopback.</summary>
    internal static Uri Local(string url)
    {
        var candidate = url.Replace("://*:", "://0.0.0.0:", StringComparison.Ordinal).Replace("://+:", "://0.0.0.0:", StringComparison.Ordinal);
        var builder = new UriBuilder(candidate);
        if (builder.Host is "0.0.0.0" or "[::]" or "::")
        {
            builder.Host = "127.0.0.1";
        }

        return builder.Uri;
    }
}
