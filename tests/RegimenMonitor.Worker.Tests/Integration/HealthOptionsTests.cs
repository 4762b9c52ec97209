using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RegimenMonitor.Worker.Cli;
using RegimenMonitor.Worker.Hosting;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Health;

namespace RegimenMonitor.Worker.Tests.Integration;

/// <summary>Health and OTLP settings are validated at start-up; only the worker role listens, and the demo does not.</summary>
public sealed class HealthOptionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static IReadOnlyList<string> StartFails(Dictionary<string, string?> settings)
    {
        settings["Logging:LogLevel:Default"] = "None";
        using var host = RegimenMonitorHost.CreateBuilder([], HostRole.Tool, settings).Build();
        var ex = Assert.ThrowsAny<Exception>(() => host.StartAsync(Ct).GetAwaiter().GetResult());
        var failures = RegimenMonitor.Worker.Infrastructure.Configuration.ConfigurationErrors.Failures(ex);
        Assert.NotNull(failures);
        return failures;
    }

    [Fact]
    public void Bad_health_and_otlp_settings_are_all_reported_with_how_to_fix_them()
    {
        var failures = string.Join("\n", StartFails(new()
        {
            ["Health:Urls"] = "https://127.0.0.1:8443;http://127.0.0.1:8080/health;http://localhost",
            ["Health:DatabaseTimeout"] = "00:00:00",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "collector:4317",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http",
        }));
        Assert.Contains("'https://127.0.0.1:8443'", failures, StringComparison.Ordinal);
        Assert.Contains("'http://127.0.0.1:8080/health'", failures, StringComparison.Ordinal);
        Assert.Contains("Health:Urls entry 'http://localhost' has no port", failures, StringComparison.Ordinal);
        Assert.Contains("Health:DatabaseTimeout", failures, StringComparison.Ordinal);
        Assert.Contains("OTEL_EXPORTER_OTLP_ENDPOINT", failures, StringComparison.Ordinal);
        Assert.Contains("OTEL_EXPORTER_OTLP_PROTOCOL", failures, StringComparison.Ordinal);
    }

    [Theory]
    // the OTLP exporter throws on these when it is built: the run ended with exit 1 and the SDK's words (an edge probe)
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS", "Authorization: Bearer SECRET-TOKEN-1")]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS", "a=b,,SECRET-TOKEN-1")]
    [InlineData("OTEL_EXPORTER_OTLP_HEADERS", ",a=SECRET-TOKEN-1")]
    [InlineData("OTEL_METRIC_EXPORT_INTERVAL", "0")]
    [InlineData("OTEL_METRIC_EXPORT_INTERVAL", "00")]
    [InlineData("OTEL_METRIC_EXPORT_INTERVAL", "-5")]
    public void Otlp_headers_and_metric_interval_the_exporter_cannot_read_are_named(string key, string value)
    {
        // named before the host is built, as a value that does not parse: the exporter would throw first
        var thrown = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => RegimenMonitorHost.CreateBuilder([], HostRole.Tool, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "None",
            ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "http://127.0.0.1:4318",
            ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
            [key] = value,
        }));
        var failures = string.Join("\n", thrown.Failures);
        Assert.Contains(key + " must be", failures, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-TOKEN", failures, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("api-key=abc,tenant=a")]
    [InlineData("Authorization=Bearer%20abc,")] // URL-encoded, and a trailing comma ends the list
    [InlineData("a%3Db")] // decoded first: a=b
    [InlineData("")]
    public void Otlp_headers_the_exporter_reads_are_accepted(string headers) =>
        Assert.True(RegimenMonitor.Worker.Infrastructure.Observability.OtlpExportOptionsValidator.HeadersParse(headers));

    [Theory]
    // found by an independent edge probe: the second bind failed, and the run ended with exit 1 and "the port is
    // already in use (another worker, or another program)"
    [InlineData("http://127.0.0.1:18121;http://127.0.0.1:18121", "listens on the port of entry 'http://127.0.0.1:18121'")]
    [InlineData("http://LOCALHOST:18121;http://localhost:18121/", "listens on the port of entry 'http://LOCALHOST:18121'")]
    [InlineData("http://0.0.0.0:18121;http://127.0.0.1:18121", "listens on the port of entry 'http://0.0.0.0:18121'")]
    [InlineData("http://127.0.0.1:18121;http://*:18121", "listens on the port of entry 'http://127.0.0.1:18121'")]
    public void A_health_port_given_twice_is_named(string urls, string expected)
    {
        var failures = string.Join("\n", StartFails(new() { ["Health:Urls"] = urls }));
        Assert.Contains(expected, failures, StringComparison.Ordinal);
    }

    [Theory]
    // found by an independent edge probe: both read "has no port" (they have one), with the example
    // 'http://127.0.0.1:18121:8080', and the first showed the password
    [InlineData("http://monitor:SECRET-PW-1@127.0.0.1:18121", "Health:Urls entry 1 has a user name or password (not shown)")]
    [InlineData("http://127.0.0.1:18121#x", "Health:Urls entry 'http://127.0.0.1:18121#x' must be http://host:port with no path")]
    // a review: entries that do not parse as a URI were shown whole, password included
    [InlineData("http://admin:SECRET-PW-2@*:18121", "Health:Urls entry 1 has a user name or password (not shown)")]
    [InlineData("http://admin:SECRET-PW/3@127.0.0.1:18121", "Health:Urls entry 1 has a user name or password (not shown)")]
    public void A_health_url_with_user_info_or_a_fragment_is_named_for_what_it_has(string urls, string expected)
    {
        var failures = string.Join("\n", StartFails(new() { ["Health:Urls"] = urls }));
        Assert.Contains(expected, failures, StringComparison.Ordinal);
        Assert.DoesNotContain("has no port", failures, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET-PW", failures, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Urls_are_not_checked_when_the_listener_is_disabled_and_wildcard_hosts_are_accepted()
    {
        using var disabled = RegimenMonitorHost.CreateBuilder([], HostRole.Tool, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "None", ["Health:Enabled"] = "false", ["Health:Urls"] = "",
        }).Build();
        await disabled.StartAsync(Ct);
        await disabled.StopAsync(Ct);

        using var wildcard = RegimenMonitorHost.CreateBuilder([], HostRole.Tool, new Dictionary<string, string?>
        {
            ["Logging:LogLevel:Default"] = "None", ["Health:Urls"] = "http://*:8080;http://0.0.0.0:8081;http://[::1]:8082",
        }).Build();
        await wildcard.StartAsync(Ct);
        await wildcard.StopAsync(Ct);
    }

    [Theory]
    [InlineData(HostRole.Tool)]
    [InlineData(HostRole.Publisher)]
    internal void Tool_and_publisher_processes_have_no_health_listener(HostRole role)
    {
        using var host = RegimenMonitorHost.CreateBuilder([], role, new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "None" }).Build();
        Assert.Null(host.Services.GetService<HealthListener>());
        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s is HealthListener);
    }

    [Fact]
    public async Task The_demo_profile_runs_the_worker_without_opening_a_port()
    {
        var settings = DemoVerb.Settings();
        var file = Path.Combine(Path.GetTempPath(), $"rm-demo-health-{Guid.NewGuid():N}.db");
        settings["ConnectionStrings:Database"] = $"Data Source={file}";
        try
        {
            using (var host = RegimenMonitorHost.CreateBuilder([], HostRole.Worker, settings).Build())
            {
                await host.StartAsync(Ct);
                var listener = host.Services.GetRequiredService<HealthListener>();
                Assert.Empty(listener.Addresses);
                await host.StopAsync(Ct);
            }

            // the same worker with the listener on: it binds, which is what the assertion above would catch
            settings["Health:Enabled"] = "true";
            settings["Health:Urls"] = "http://127.0.0.1:0";
            using var listening = RegimenMonitorHost.CreateBuilder([], HostRole.Worker, settings).Build();
            await listening.StartAsync(Ct);
            Assert.Single(listening.Services.GetRequiredService<HealthListener>().Addresses);
            await listening.StopAsync(Ct);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" })
            {
                File.Delete(file + suffix);
            }
        }
    }
}
