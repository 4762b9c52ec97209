using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Database.Dialects;
using RegimenMonitor.Worker.Infrastructure.Health;
using RegimenMonitor.Worker.Infrastructure.Observability;
using RegimenMonitor.Worker.Infrastructure.Runtime;
using RegimenMonitor.Worker.Regimens;

namespace RegimenMonitor.Worker.Hosting;

/// <summary>Composes the RegimenMonitor host. Program.cs, the verbs and the tests all build it here.</summary>
internal static class RegimenMonitorHost
{
    /// <param name="args">Command-line configuration tokens.</param>
    /// <param name="role">What the host is for.</param>
    /// <param name="overrides">Settings that win over every other source.</param>
    /// <param name="shippedDefaultsOnly">
    /// Read only the shipped <c>appsettings.json</c> and <paramref name="overrides"/>, never environment variables or
    /// the command line (the demo, whose story must not depend on the machine it runs on).
    /// </param>
    public static HostApplicationBuilder CreateBuilder(string[] args, HostRole role, IDictionary<string, string?>? overrides = null, bool shippedDefaultsOnly = false)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (shippedDefaultsOnly)
        {
            builder.Configuration.Sources.Clear();
            builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true, reloadOnChange: false);
        }

        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }

        if (role != HostRole.Worker)
        {
            // Tool verbs print their results on stdout; their logs go to stderr so a script can read the results.
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        }

        builder.AddRegimenMonitor(role);
        return builder;
    }

    public static IHostApplicationBuilder AddRegimenMonitor(this IHostApplicationBuilder builder, HostRole role)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var configuration = builder.Configuration;
        // A settings file that is not UTF-8, or a directory, is refused before any of its values is read; values that do not parse are
        // reported all at once, by key, before anything binds them.
        ConfigurationCheck.ThrowIfUnreadableFile(configuration);
        ConfigurationCheck.ThrowIfUnparsable(configuration, builder.Environment);

        services.AddRegimenMonitorOptions(configuration);

        if (role == HostRole.Worker)
        {
            // the host's clock, corrected to the database server's when they are apart (DatabaseClockSync measures them)
            services.TryAddSingleton(_ => new DatabaseClock(TimeProvider.System));
            services.TryAddSingleton<TimeProvider>(sp => sp.GetRequiredService<DatabaseClock>());
        }

        services.TryAddSingleton(TimeProvider.System);
        // a context per scope (per group of messages), its options built once: the provider is not configured again,
        // nor the connection string parsed again, for every group
        services.AddDbContext<RegimenDbContext>((sp, options) =>
        {
            var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            var dialect = DatabaseDialect.For(database.Provider);
            dialect.UseProvider(options, database.EffectiveConnectionString);
            // a write refused read-only empties the pool: its sessions would stay read-only after the failover
            options.AddInterceptors(new ReadOnlySessionInterceptor(dialect));
        }, contextLifetime: ServiceLifetime.Scoped, optionsLifetime: ServiceLifetime.Singleton);
        services.AddRegimenMonitorTelemetry(configuration);
        // every role's logs: database errors without their row values, outages on one line, rejections demoted
        services.AddRejectionLogDemotion();
        services.AddRegimenMonitorHealth(role);
        services.AddSingleton<MigrationRunner>();
        // Loaded once; a broken knowledge base stops start-up with a message naming the entry. The terminology it maps
        // codes with is the database's, reloaded by the worker when a newer import appears.
        services.AddSingleton(sp => new RegimenEvaluator(KnowledgeBase.LoadEmbedded(), sp.GetRequiredService<Terminology.TerminologyCatalog>()));
        services.AddSingleton(sp =>
        {
            var regimen = sp.GetRequiredService<IOptions<RegimenOptions>>().Value;
            return new RegimenDecision(sp.GetRequiredService<RegimenEvaluator>(), DecisionIds.Random,
                new HistoryPolicy(regimen.CompactHistoryAbove, regimen.HistoryCutoffMargin));
        });
        services.AddSingleton(sp => new LiveItemCache(sp.GetRequiredService<IOptions<RegimenOptions>>().Value.CachedItems));
        services.AddScoped<RegimenStore>();
        services.AddSingleton<RegimenWriter>();
        services.AddScoped<RegimenReader>();
        services.AddRegimenMonitorAlerts(role);

        if (role == HostRole.Worker)
        {
            // Registered before MassTransit so the schema exists before the first message is consumed.
            services.AddHostedService<StartupHostedService>();
            services.AddHostedService<MigrationHostedService>();
            // after the migrations, before the bus: the first event is checked by the database server's time when the clocks are apart
            services.AddHostedService<DatabaseClockSync>();
            services.AddHostedService<NativeMemoryTrimmer>();
        }

        // after the migrations (the worker loads the terminology before the bus starts)
        Terminology.TerminologyServices.AddRegimenMonitorTerminology(services, refresh: role == HostRole.Worker);
        if (role == HostRole.Worker)
        {
            // after the terminology is loaded, before the bus: an empty database has nothing to sweep for this release
            services.AddHostedService<Sweep.SweepBaselineHostedService>();
        }

        if (role != HostRole.Tool)
        {
            services.AddRegimenMonitorMessaging(configuration, role);
        }

        if (role == HostRole.Worker)
        {
            // After the bus: started once the broker is connected, stopped (waiting for running jobs) before it.
            services.AddRegimenMonitorScheduler(configuration);
        }

        return builder;
    }
}
