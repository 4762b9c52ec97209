using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using RegimenMonitor.Worker.Infrastructure.Configuration;
using RegimenMonitor.Worker.Infrastructure.Database.Dialects;
using RegimenMonitor.Worker.Infrastructure.Observability;
using RegimenMonitor.Worker.Infrastructure.Runtime;

namespace RegimenMonitor.Worker.Cli;

/// <summary>
/// Connects once to the configured broker or database, within a bounded time, saying on stderr where it connects,
/// and turns what goes wrong into a <see cref="CliException"/>: one line of cause, one line of fix. The verbs run
/// these before they start work, so a wrong host, port, password, vhost or database name ends in seconds with a
/// message instead of retries or a stack trace.
/// </summary>
internal static class ServiceChecks
{
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    public static async Task CheckBrokerAsync(string connectionString, TextWriter progress, CancellationToken ct)
    {
        var uri = new Uri(connectionString);
        var target = BrokerTarget(uri);
        await progress.WriteLineAsync($"connecting to RabbitMQ at {target} (up to {ConnectTimeout.TotalSeconds:F0} s) ...");
        var factory = new ConnectionFactory
        {
            Uri = uri,
            RequestedConnectionTimeout = ConnectTimeout,
            AutomaticRecoveryEnabled = false,
            ClientProvidedName = "regimen-monitor connection check",
        };
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bounded.CancelAfter(ConnectTimeout + TimeSpan.FromSeconds(2));
        try
        {
            // a connect to a server that accepted the TCP connection but never answers does not end on the token: a
            // stop (SIGTERM at start-up) gives it up at once, and a connection it still makes is closed in the background
            var connect = factory.CreateConnectionAsync(bounded.Token);
            IConnection opened;
            try
            {
                opened = await connect.WaitAsync(ct);
            }
            catch (OperationCanceledException) when (!connect.IsCompleted)
            {
                _ = connect.ContinueWith(static t => t.Result.DisposeAsync().AsTask(), CancellationToken.None,
                    TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
                throw;
            }

            await using var connection = opened;
            // The broker checks the vhost and the user's permissions when the first channel opens.
            await using var channel = await connection.CreateChannelAsync(cancellationToken: bounded.Token);
            await channel.CloseAsync(CancellationToken.None);
            await connection.CloseAsync(CancellationToken.None);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            throw ExplainBroker(ex, uri, target);
        }
    }

    /// <summary>
    /// Connects once to the database (and, with <paramref name="requireSchema"/>, checks it has its tables); the
    /// <paramref name="verb"/> asking is named in the fix when they are missing.
    /// </summary>
    public static async Task CheckDatabaseAsync(DatabaseOptions options, bool requireSchema, string verb, TextWriter progress, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(options);
        bool hasSchema;
        try
        {
            hasSchema = await DatabaseDialect.For(options.Provider)
                .ProbeAsync(options.EffectiveConnectionString, requireSchema, progress, ConnectTimeout, ct);
        }
        catch (Exception ex) when (ex is not CliException && !ct.IsCancellationRequested)
        {
            throw CliFailure.Explain(ex, options, verb);
        }

        if (requireSchema && !hasSchema)
        {
            throw NoSchema(options, verb);
        }
    }

    /// <summary>Where the verb works, for its messages: never the password.</summary>
    public static string DatabaseTarget(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return DatabaseDialect.For(options.Provider).Describe(options.EffectiveConnectionString);
    }

    /// <summary>
    /// Runs every options validator now (all failures at once), as the worker does at start; each failure that names a
    /// setting says where its value came from (<see cref="Hosting.ConfigurationCheck.WithSources"/>).
    /// </summary>
    public static void ValidateConfiguration(IServiceProvider services)
    {
        try
        {
            services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
        }
        catch (Exception ex) when (ConfigurationErrors.Failures(ex) is { } failures && services.GetService<Microsoft.Extensions.Configuration.IConfiguration>() is { } configuration)
        {
            throw new Microsoft.Extensions.Options.OptionsValidationException("configuration", typeof(Microsoft.Extensions.Configuration.IConfiguration),
                Hosting.ConfigurationCheck.WithSources(configuration, failures));
        }
    }

    /// <summary>
    /// The tables are missing. With <see cref="DatabaseOptions.MigrateOnStart"/> off, a verb that would migrate at start
    /// (<c>run</c>, <c>sweep</c>, <c>terminology import</c>) is told it may instead be started without that setting: "unless
    /// Database__MigrateOnStart=false" went round in a circle for the person who had set it.
    /// </summary>
    internal static CliException NoSchema(DatabaseOptions? options, string? verb) => new(
        "the database has no RegimenMonitor tables yet.",
        options is not { MigrateOnStart: false }
            ? "run `regimen-monitor migrate` with the same configuration first (the worker, `run`, also migrates at start unless Database__MigrateOnStart=false)."
            : verb is "run" or "sweep" or "terminology import"
                ? $"run `regimen-monitor migrate` with the same configuration first, or {(verb == "run" ? "start" : "run")} it without Database__MigrateOnStart=false: it then applies the migrations itself."
                : "run `regimen-monitor migrate` with the same configuration first (with Database__MigrateOnStart=false, `run` does not migrate at start either).",
        ExitCodes.Failure);

    internal static string BrokerTarget(Uri uri)
    {
        var port = uri.IsDefaultPort || uri.Port < 0 ? (uri.Scheme == "amqps" ? 5671 : 5672) : uri.Port;
        return $"{uri.Host}:{port}, vhost '{VirtualHost(uri)}'";
    }

    private static string VirtualHost(Uri uri)
    {
        var path = uri.AbsolutePath.TrimStart('/');
        return path.Length == 0 ? "/" : Uri.UnescapeDataString(path);
    }

    internal static CliException ExplainBroker(Exception ex, Uri uri, string target)
    {
        var user = uri.UserInfo.Length == 0 ? "guest" : Uri.UnescapeDataString(uri.UserInfo.Split(':')[0]);
        var chain = NetworkErrors.Chain(ex).ToList();
        var messages = string.Join(" | ", chain.Select(e => e.Message));
        if (chain.Any(e => e is AuthenticationFailureException) || messages.Contains("ACCESS_REFUSED", StringComparison.Ordinal))
        {
            return new CliException(
                $"RabbitMQ at {target} refused the login of user '{user}' (wrong user name or password).",
                "check the user and password in ConnectionStrings__RabbitMq (amqp://user:password@host:port/vhost; a special character in the password must be %-encoded); `rabbitmqctl list_users` shows the broker's users.",
                ExitCodes.Failure, ex);
        }

        if (messages.Contains("NOT_ALLOWED", StringComparison.Ordinal) || messages.Contains("vhost", StringComparison.OrdinalIgnoreCase))
        {
            var vhost = VirtualHost(uri);
            var (shellVhost, vhostOption, shellUser) = (ShellWords.Operand(vhost), ShellWords.Option("-p", "--vhost", vhost), ShellWords.Operand(user));
            return new CliException(
                $"RabbitMQ at {uri.Host} has no virtual host '{vhost}', or user '{user}' may not use it.",
                $"create it and grant the user access (`rabbitmqctl add_vhost {shellVhost}` and `rabbitmqctl set_permissions {vhostOption} {shellUser} \".*\" \".*\" \".*\"`), or correct the path of ConnectionStrings__RabbitMq (amqp://user:password@host:5672/vhost; the default vhost '/' is an empty path or %2F).",
                ExitCodes.Failure, ex);
        }

        if (Network(chain) is { } network)
        {
            return new CliException(
                $"cannot reach RabbitMQ at {target}: {network}.",
                "check the host and port in ConnectionStrings__RabbitMq (AMQP listens on 5672, 5671 with TLS; 15672 is the management UI, not AMQP) and that the broker is running and reachable from here.",
                ExitCodes.Failure, ex) { Unreachable = true };
        }

        if (chain.Any(e => e is OperationCanceledException or TimeoutException))
        {
            return new CliException(
                $"RabbitMQ at {target} did not complete the connection within {ConnectTimeout.TotalSeconds:F0} s.",
                "check the host and port in ConnectionStrings__RabbitMq (is it an AMQP port? 5672, or 5671 with amqps://) and any firewall between here and the broker.",
                ExitCodes.Failure, ex) { Unreachable = true };
        }

        return new CliException(
            $"no AMQP conversation with {target}: the server there does not speak AMQP or closed the connection.",
            "check the port in ConnectionStrings__RabbitMq: AMQP is 5672 (5671 with amqps://); 15672 is the management UI.",
            ExitCodes.Failure, ex);
    }

    /// <summary>A network-level cause (refused, unknown host, unreachable) as words, or null.</summary>
    internal static string? Network(IReadOnlyList<Exception> chain) => NetworkErrors.Describe(chain);

}
