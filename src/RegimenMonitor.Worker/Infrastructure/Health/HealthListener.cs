using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Infrastructure.Health;

/// <summary>
/// A small Kestrel listener inside the worker's generic host, serving <see cref="HealthEndpoints"/>. It is its own
/// minimal web application (Kestrel only: no routing, no MVC, no configuration of its own), started and stopped with
/// the host; the checks it runs are the host's. It logs through the host's logger factory.
/// </summary>
internal sealed class HealthListener(
    HealthCheckService checks, IOptions<HealthOptions> options, ILoggerFactory loggerFactory, IHostEnvironment environment) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<HealthListener>();
    private WebApplication? _app;

    /// <summary>The addresses actually bound (a configured port 0 shows the port picked); empty when disabled.</summary>
    public IReadOnlyList<Uri> Addresses { get; private set; } = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            ApplicationName = environment.ApplicationName,
            EnvironmentName = environment.EnvironmentName,
            ContentRootPath = environment.ContentRootPath,
        });
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k => k.AddServerHeader = false);
        builder.WebHost.UseUrls([.. options.Value.UrlList]);
        var app = builder.Build();
        app.Run(context => HealthEndpoints.HandleAsync(context, checks));
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or System.Net.Sockets.SocketException)
        {
            // a port in use comes as an IOException; an address this machine does not have, or a port this user may
            // not open (below 1024), as the socket's own exception
            await app.DisposeAsync();
            throw new HealthListenerException(options.Value.Urls, ex);
        }

        _app = app;
        Addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.Select(a => new Uri(a)).ToList() ?? [];
        var bound = string.Join(' ', Addresses);
        Log.HealthListening(_logger, bound);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }
    }
}
