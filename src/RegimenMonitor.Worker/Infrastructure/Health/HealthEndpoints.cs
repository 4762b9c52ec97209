using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Infrastructure.Configuration;

namespace RegimenMonitor.Worker.Infrastructure.Health;

/// <summary>
/// Health checks and the worker's health listener. <c>/health/live</c>: the process is up (checks tagged
/// <see cref="LiveTag"/>, none today). <c>/health/ready</c>: every check tagged <see cref="ReadyTag"/> — the broker
/// (MassTransit registers its bus check with that tag itself), the database (here), the scheduler and the outbox
/// (registered with the jobs, in <c>Hosting/SchedulingConfiguration.cs</c>). Another readiness check is one line where
/// its services are registered: <c>services.AddHealthChecks().AddCheck&lt;T&gt;("name", tags: [HealthEndpoints.ReadyTag]);</c>
/// </summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";
    public const string LiveTag = "live";
    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    public static void AddRegimenMonitorHealth(this IServiceCollection services, HostRole role)
    {
        services.AddOptions<HealthOptions>().BindConfiguration(HealthOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<HealthOptions>, HealthOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<WriteRefusals>();
        services.AddSingleton<WriteProgress>();
        services.AddSingleton<DatabaseHealthCheck>(); // one per host: it shares a probe under way between requests
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>(DatabaseHealthCheck.Name, tags: [ReadyTag]);
        if (role == HostRole.Worker)
        {
            services.AddSingleton<HealthListener>();
            services.AddHostedService(sp => sp.GetRequiredService<HealthListener>());
        }
    }

    /// <summary>
    /// Answers one request. Ready: 200 only when every readiness check is Healthy — MassTransit reports a bus whose
    /// receive endpoints are down (broker stopped) as Degraded, and a worker that cannot consume is not ready. Live:
    /// 200 unless a liveness check is Unhealthy. 503 otherwise; 404 for any other path.
    /// </summary>
    public static async Task HandleAsync(HttpContext context, HealthCheckService checks)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(checks);
        var tag = context.Request.Path.Value switch
        {
            LivePath => LiveTag,
            ReadyPath => ReadyTag,
            _ => null,
        };
        if (tag is null || !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method)))
        {
            context.Response.StatusCode = tag is null ? StatusCodes.Status404NotFound : StatusCodes.Status405MethodNotAllowed;
            return;
        }

        var report = await checks.CheckHealthAsync(r => r.Tags.Contains(tag), context.RequestAborted);
        var up = tag == ReadyTag ? report.Status == HealthStatus.Healthy : report.Status != HealthStatus.Unhealthy;
        context.Response.StatusCode = up ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await JsonSerializer.SerializeAsync(context.Response.Body, Describe(report), JsonSerializerOptions.Web, context.RequestAborted);
    }

    /// <summary>Status and a short description per check; no exception text (drivers can quote values in it).</summary>
    private static HealthResponse Describe(HealthReport report) => new(
        report.Status.ToString(),
        report.TotalDuration.TotalMilliseconds,
        report.Entries.Select(e => new HealthEntry(e.Key, e.Value.Status.ToString(), e.Value.Description, e.Value.Duration.TotalMilliseconds)).ToList());
}
