using Microsoft.Extensions.Configuration;

using DatabaseSettings = RegimenMonitor.Worker.Infrastructure.Configuration.DatabaseOptions;

namespace RegimenMonitor.Worker.Cli;

/// <summary>What every verb gets: its configuration tokens, --verbose, and where results (stdout) and messages (stderr) go.</summary>
internal sealed class CliContext(IReadOnlyList<string> configuration, TextWriter output, TextWriter error)
{
    public IReadOnlyList<string> Configuration { get; } = configuration;

    public TextWriter Output { get; } = output;

    public TextWriter Error { get; } = error;

    public bool Verbose { get; set; }

    /// <summary>Set when Ctrl+C (or SIGTERM) cancelled the verb.</summary>
    public bool Cancelled { get; set; }

    /// <summary>
    /// The host arguments of a tool verb: its logs go to stderr at Warning (Information with --verbose) unless the
    /// user set a level, and the host's own "failed to start" trace is left out (the verb reports the failure itself).
    /// </summary>
    public string[] HostArguments()
    {
        var defaults = new List<string>();
        var levelSet = Configuration.Any(c => c.StartsWith("--Logging:LogLevel:Default=", StringComparison.OrdinalIgnoreCase))
                       || Environment.GetEnvironmentVariable("Logging__LogLevel__Default") is not null;
        if (!levelSet)
        {
            defaults.Add(Verbose ? "--Logging:LogLevel:Default=Information" : "--Logging:LogLevel:Default=Warning");
        }

        if (!Verbose)
        {
            defaults.Add("--Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host=None");
        }

        return [.. defaults, .. Configuration];
    }

    /// <summary>The worker's arguments: its own log levels, only the host's start-up trace left out unless --verbose.</summary>
    public string[] WorkerArguments() =>
        Verbose ? [.. Configuration] : ["--Logging:LogLevel:Microsoft.Extensions.Hosting.Internal.Host=None", .. Configuration];

    /// <summary>The database settings as the verb sees them (for naming host, port and database in messages).</summary>
    public DatabaseSettings? Database()
    {
        try
        {
            var configuration = new ConfigurationBuilder()
                .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
                .AddEnvironmentVariables()
                .AddCommandLine([.. Configuration])
                .Build();
            var options = new DatabaseSettings();
            configuration.GetSection(DatabaseSettings.SectionName).Bind(options);
            options.ConnectionString ??= configuration.GetConnectionString("Database");
            return options;
        }
        catch (Exception e) when (e is InvalidOperationException or InvalidDataException)
        {
            // a value that does not bind, or an appsettings.json that does not load (the verb's failure names it)
            return null;
        }
    }
}
