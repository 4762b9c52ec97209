using System.Net.Sockets;
using Microsoft.Data.SqlClient;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;
using RegimenMonitor.Worker.Configuration;

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
            await using var connection = await factory.CreateConnectionAsync(bounded.Token);
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

    public static async Task CheckDatabaseAsync(DatabaseOptions options, bool requireSchema, TextWriter progress, CancellationToken ct)
    {
        if (options.Provider == DatabaseProvider.PostgreSql)
        {
            var builder = new NpgsqlConnectionStringBuilder(options.EffectiveConnectionString);
            if (!options.EffectiveConnectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
            {
                builder.Timeout = (int)ConnectTimeout.TotalSeconds;
            }

            await progress.WriteLineAsync($"connecting to PostgreSQL at {builder.Host}:{builder.Port}, database '{builder.Database}' (up to {builder.Timeout} s) ...");
            try
            {
                await using var connection = new NpgsqlConnection(builder.ConnectionString);
                await connection.OpenAsync(ct);
                if (requireSchema)
                {
                    await using var command = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", connection);
                    if (await command.ExecuteScalarAsync(ct) is not true)
                    {
                        throw NoSchema();
                    }
                }
            }
            catch (Exception ex) when (ex is not CliException && !ct.IsCancellationRequested)
            {
                throw CliFailure.Explain(ex, options);
            }

            return;
        }

        if (options.Provider == DatabaseProvider.SqlServer)
        {
            await CheckSqlServerAsync(options, requireSchema, progress, ct);
            return;
        }

        var path = new SqliteConnectionStringBuilder(options.EffectiveConnectionString).DataSource;
        if (!requireSchema)
        {
            return;
        }

        if (path.Length == 0 || path == ":memory:" || !File.Exists(path))
        {
            throw NoSchema();
        }

        var readOnly = new SqliteConnectionStringBuilder(options.EffectiveConnectionString) { Mode = SqliteOpenMode.ReadOnly }.ConnectionString;
        try
        {
            await using var connection = new SqliteConnection(readOnly);
            await connection.OpenAsync(ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'";
            if (Convert.ToInt64(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                throw NoSchema();
            }
        }
        catch (SqliteException ex)
        {
            throw CliFailure.Explain(ex, options);
        }
    }

    private static async Task CheckSqlServerAsync(DatabaseOptions options, bool requireSchema, TextWriter progress, CancellationToken ct)
    {
        var builder = new SqlConnectionStringBuilder(options.EffectiveConnectionString);
        if (!options.EffectiveConnectionString.Contains("Timeout", StringComparison.OrdinalIgnoreCase))
        {
            builder.ConnectTimeout = (int)ConnectTimeout.TotalSeconds;
        }

        await progress.WriteLineAsync($"connecting to SQL Server at {builder.DataSource}, database '{builder.InitialCatalog}' (up to {builder.ConnectTimeout} s) ...");
        try
        {
            await using var connection = new SqlConnection(builder.ConnectionString);
            await connection.OpenAsync(ct);
            if (requireSchema)
            {
                await using var command = new SqlCommand("SELECT CASE WHEN OBJECT_ID(N'schema_migrations', N'U') IS NULL THEN 0 ELSE 1 END", connection);
                if (Convert.ToInt32(await command.ExecuteScalarAsync(ct), System.Globalization.CultureInfo.InvariantCulture) == 0)
                {
                    throw NoSchema();
                }
            }
        }
        catch (Exception ex) when (ex is not CliException && !ct.IsCancellationRequested)
        {
            throw CliFailure.Explain(ex, options);
        }
    }

    /// <summary>Where the verb works, for its messages: never the password.</summary>
    public static string DatabaseTarget(DatabaseOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Provider == DatabaseProvider.PostgreSql)
        {
            var builder = new NpgsqlConnectionStringBuilder(options.EffectiveConnectionString);
            return $"PostgreSQL at {builder.Host}:{builder.Port}, database '{builder.Database}'";
        }

        if (options.Provider == DatabaseProvider.SqlServer)
        {
            var builder = new SqlConnectionStringBuilder(options.EffectiveConnectionString);
            return $"SQL Server at {builder.DataSource}, database '{builder.InitialCatalog}'";
        }

        return $"SQLite file '{Path.GetFullPath(new SqliteConnectionStringBuilder(options.EffectiveConnectionString).DataSource)}'";
    }

    /// <summary>Runs every options validator now (all failures at once), as the worker does at start.</summary>
    public static void ValidateConfiguration(IServiceProvider services) =>
        services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();

    internal static CliException NoSchema() => new(
        "the database has no RegimenMonitor tables yet.",
        "run `regimen-monitor migrate` with the same configuration first (the worker, `run`, also migrates at start unless Database__MigrateOnStart=false).",
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
        var chain = Chain(ex).ToList();
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
            return new CliException(
                $"RabbitMQ at {uri.Host} has no virtual host '{vhost}', or user '{user}' may not use it.",
                $"create it and grant the user access (`rabbitmqctl add_vhost {vhost}` and `rabbitmqctl set_permissions -p {vhost} {user} \".*\" \".*\" \".*\"`), or correct the path of ConnectionStrings__RabbitMq (amqp://user:password@host:5672/vhost; the default vhost '/' is an empty path or %2F).",
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
            $"no AMQP conversation with {target} ({chain[^1].Message}).",
            "check the port in ConnectionStrings__RabbitMq: AMQP is 5672 (5671 with amqps://); 15672 is the management UI. --verbose shows the full error.",
            ExitCodes.Failure, ex);
    }

    /// <summary>A network-level cause (refused, unknown host, unreachable) as words, or null.</summary>
    internal static string? Network(IReadOnlyList<Exception> chain) =>
        chain.OfType<SocketException>().FirstOrDefault() is { } socket
            ? socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused (nothing listens on that port)",
                SocketError.HostNotFound or SocketError.TryAgain or SocketError.NoData => "host name not found",
                SocketError.TimedOut => "no answer (timed out)",
                SocketError.HostUnreachable or SocketError.NetworkUnreachable => "host unreachable",
                SocketError.ConnectionReset => "the connection was reset by the server",
                _ => socket.Message,
            }
            : null;

    internal static IEnumerable<Exception> Chain(Exception ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.Flatten().InnerExceptions.SelectMany(Chain))
                {
                    yield return inner;
                }

                yield break;
            }

            yield return e;
        }
    }
}
