using System.Text.RegularExpressions;
using RegimenMonitor.Rules;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database;
using RegimenMonitor.Worker.Infrastructure.Database.Dialects;
using RegimenMonitor.Worker.Infrastructure.Observability;

namespace RegimenMonitor.Worker.Cli;

/// <summary>
/// Turns an exception that ends a verb into what a person can act on: invalid configuration (every failure, exit 2),
/// a database or broker that cannot be reached or refuses (cause and fix, exit 1), a port in use. Stack traces are
/// printed only with <c>--verbose</c>.
/// </summary>
internal static partial class CliFailure
{
    /// <summary>Prints the failure on <paramref name="error"/> and returns the exit code.</summary>
    public static int Report(Exception ex, string verb, DatabaseOptions? database, bool verbose, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(ex);
        ArgumentNullException.ThrowIfNull(error);
        var explained = Explain(ex, database, verb);
        var fix = explained.Fix;
        if (verb == "demo" && fix is not null && fix.Contains("ConnectionStrings__Database", StringComparison.Ordinal))
        {
            // the demo reads no settings: its database is data/demo.db under the folder it runs in
            fix = $"run the demo from a folder this user may write: it keeps its database in {DemoVerb.DemoDatabase} under the current folder and reads no settings (ConnectionStrings__Database does not apply to it).";
        }

        // a value the user gave (a configuration value, a key) is repeated with its control characters escaped
        error.WriteLine($"regimen-monitor {verb}: {InputFiles.ShownLines(explained.Message)}");
        if (fix is not null)
        {
            error.WriteLine($"  fix: {InputFiles.ShownLines(fix)}");
        }

        if (verbose)
        {
            error.WriteLine(ex.ToString());
        }
        else if (explained.ExitCode == ExitCodes.Failure && explained.InnerException is not null)
        {
            error.WriteLine("  (--verbose shows the full error)");
        }

        return explained.ExitCode;
    }

    public static CliException Explain(Exception ex, DatabaseOptions? database, string? verb = null)
    {
        ArgumentNullException.ThrowIfNull(ex);
        if (ex is CliException cli)
        {
            return cli;
        }

        if (ConfigurationErrors.Failures(ex) is { } failures)
        {
            return new CliException(ConfigurationErrors.Describe(failures), "correct these settings (environment variables, appsettings.json or --Section:Key=value) and run again.", ExitCodes.Usage, ex);
        }

        var chain = NetworkErrors.Chain(ex).ToList();
        if (ConfigurationFileProblem.Explain(chain, ex) is { } file)
        {
            return file;
        }

        if (chain.OfType<Terminology.TerminologyFileException>().FirstOrDefault() is { } terminology)
        {
            return new CliException(terminology.Message,
                "write the file again with 'regimen-monitor terminology import … --out PATH', or unset Terminology__Path.", ExitCodes.Usage, ex);
        }

        if (chain.OfType<KnowledgeBaseException>().FirstOrDefault() is { } knowledge)
        {
            return new CliException($"the clinical knowledge base is invalid: {knowledge.Message}", "the build embeds a broken knowledge base; rebuild from a reviewed revision.", ExitCodes.Failure, ex);
        }

        if (chain.OfType<InvalidOperationException>().Select(e => BinderMessage().Match(e.Message)).FirstOrDefault(m => m.Success) is { } binder)
        {
            return new CliException($"configuration value '{binder.Groups["value"].Value}' of {binder.Groups["key"].Value} does not parse.",
                $"see docs/configuration.md for the forms {binder.Groups["key"].Value} accepts.", ExitCodes.Usage, ex);
        }

        if (chain.Any(e => e is Microsoft.AspNetCore.Connections.AddressInUseException || (e is IOException && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))))
        {
            var bind = chain.Select(e => BindMessage().Match(e.Message)).FirstOrDefault(m => m.Success);
            var address = bind is not null ? bind.Groups["address"].Value : "the health listener's address";
            return new CliException($"cannot listen on {address}: the port is already in use (another worker, or another program).",
                "set Health__Urls to a free port (e.g. Health__Urls=http://127.0.0.1:8081 or --Health:Urls=http://127.0.0.1:8081), or Health__Enabled=false to run without the health listener.",
                ExitCodes.Failure, ex);
        }

        if (chain.OfType<Infrastructure.Health.HealthListenerException>().FirstOrDefault() is { } listener)
        {
            var reason = chain.OfType<System.Net.Sockets.SocketException>().FirstOrDefault()?.SocketErrorCode switch
            {
                System.Net.Sockets.SocketError.AccessDenied =>
                    "permission denied (a port below 1024 needs root or the CAP_NET_BIND_SERVICE capability)",
                System.Net.Sockets.SocketError.AddressNotAvailable =>
                    "this machine has no such address (use one of its own addresses, 127.0.0.1, or 0.0.0.0 for all of them)",
                _ => chain[^1].Message.TrimEnd('.'),
            };
            return new CliException($"cannot listen on {listener.Urls} (Health:Urls): {reason}.",
                "set Health__Urls to an address of this machine and a port of 1024 or above (e.g. Health__Urls=http://127.0.0.1:8080 or --Health:Urls=http://0.0.0.0:8080), or Health__Enabled=false to run without the health listener.",
                ExitCodes.Failure, ex);
        }

        if (chain.OfType<ServerClockUnreadException>().FirstOrDefault() is { } clock)
        {
            // before the dialects: the cause (a timeout, a dropped connection) is the server's, the consequence is this
            return new CliException(clock.Message,
                "check that the database server answers and is not overloaded (its logs; /health/ready of another replica), then start again; on a slow machine raise Database__StartTimeout.",
                ExitCodes.Failure, ex);
        }

        // a database's own errors: its dialect explains them
        foreach (var dialect in DatabaseDialect.All)
        {
            if (dialect.ExplainFailure(chain, database) is { } failure)
            {
                return failure.SchemaMissing ? ServiceChecks.NoSchema(database, verb) : new CliException(failure.Cause, failure.Fix, ExitCodes.Failure, ex);
            }
        }

        // a full disk or a closed pipe while writing, most often the verb's own output (found by an edge probe: "migrate
        // --json > /dev/full" said "No space left on device; fix: run again", repeating a migration already committed)
        if (chain.OfType<IOException>().FirstOrDefault(e => e.Message.Contains("No space left on device", StringComparison.OrdinalIgnoreCase)
                || e.Message.Contains("Broken pipe", StringComparison.OrdinalIgnoreCase)) is { } write)
        {
            return new CliException($"cannot write its output (stdout, or a file it writes): {write.Message.TrimEnd('.')}.",
                "free space on that device, or send the output elsewhere. What the verb did before this write stands: a migration, terminology import, sweep or replay is committed, so check its result (health, inspect, the terminology file) before running it again.",
                ExitCodes.Failure, ex);
        }

        if (chain.OfType<UnauthorizedAccessException>().FirstOrDefault() is { } denied)
        {
            return new CliException($"permission denied: {denied.Message}",
                "run as a user that may write there, or point ConnectionStrings__Database at a writable path (e.g. Data Source=/var/lib/regimen-monitor/regimen-monitor.db).", ExitCodes.Failure, ex);
        }

        return new CliException($"{chain[^1].Message}", "run again with --verbose for the details.", ExitCodes.Failure, ex);
    }

    [GeneratedRegex("Failed to convert configuration value '(?<value>[^']*)' at '(?<key>[^']*)'")]
    private static partial Regex BinderMessage();

    [GeneratedRegex("Failed to bind to address (?<address>\\S+?):? ")]
    private static partial Regex BindMessage();
}
