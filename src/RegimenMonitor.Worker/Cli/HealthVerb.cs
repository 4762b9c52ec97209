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
        try
        {
            using var response = await http.GetAsync(new Uri(address, path), ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!IsHealthResponse(body))
            {
                // another program on that port (a web server's page, a proxy's error): not ours to print or to trust
                var type = response.Content.Headers.ContentType?.MediaType ?? "no content type";
                throw new CliException(
                    $"{new Uri(address, path)} answered {(int)response.StatusCode} ({type}), but not with a RegimenMonitor health response: another program is listening there.",
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
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            var why = ex is HttpRequestException && NetworkErrors.Describe(NetworkErrors.Chain(ex).ToList()) is { } network
                ? $": {network}" // refused, unknown host: said at once, not after the timeout
                : $" within {Timeout.TotalSeconds:F0} s";
            throw new CliException($"no health listener answered at {address}{why}.",
                "is the worker running (`regimen-monitor run`)? This verb must see the same Health__Urls as the worker.", ExitCodes.Failure, ex);
        }
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
